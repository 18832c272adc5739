"""20 organisers browse while a 10,000-person bulk job runs (issue 18, a fair budget), the
sandbox answering in 150 ms a call. See bench/load_with_job.py for the definitions.

`load_20_with_job_p95_ms` (goal ≤ 1,200): organisers' requests started while the job ran.
`load_job_share` (goal ≥ 0.5): the job's share of the upstream requests while it ran.
`python -m bench load_with_job` runs only this one; LOAD_DURATION, LOAD_ORGANISERS… as
bench_load; LOAD_CACHE=database skips Redis.
"""

from __future__ import annotations

import os

from bench.load import LoadSettings
from bench.load_with_job import JOB_PEOPLE, LATENCY_MS, run_load_with_job


def run(env) -> dict[str, float | int | str]:
    settings = LoadSettings.from_env()
    forced = os.environ.get("LOAD_CACHE", "").lower() == "database"
    result = run_load_with_job(settings, env.workdir, cache_url=None if forced else "auto")
    figures = result.job_figures()
    p95 = figures[f"load_{settings.organisers}_with_job_p95_ms"]
    env.note(
        f"load with job: {settings.organisers} organisers for {settings.duration:g} s, a "
        f"{JOB_PEOPLE:,}-person bulk job ({result.job_state}, "
        f"{figures['load_job_seconds']:.1f} s), sandbox latency {LATENCY_MS} ms, shared "
        f"cache: {result.cache}; goals (p95 ≤ 1,200 ms, job share ≥ 0.5) "
        f"{'met' if p95 <= 1200 and result.job_share >= 0.5 else 'NOT met'}"
    )
    for error in result.errors[:5]:
        env.note(f"load with job error: {error}")
    return figures
