"""20 organisers at once on the dashboard under gunicorn, and a sandbox limited as MeltingSpot is.

`load_20_p95_ms`: the 95th percentile of every dashboard response the organisers
waited for (pages, htmx panels, form posts). `load_20_errors`: transport errors,
statuses of 400 or more, unexpected statuses and pages showing an error box (see
bench/load.py). `load_upstream_max_per_10s`: the most API requests the sandbox received
in any sliding 10 s, from its request log; goal ≤ 100 with 0 errors: the limiter
shared by the gunicorn workers (Redis when it answers, else the database cache) makes
pages wait for a place instead of failing.

It starts its own sandbox (rate limit on) and dashboard; the harness's are not used.
60 s of journeys by default; LOAD_QUICK=1 for 15 s, or LOAD_DURATION, LOAD_ORGANISERS,
LOAD_WORKERS, LOAD_THREADS; LOAD_CACHE=database skips Redis. `python -m bench load` runs
only this one.
"""

from __future__ import annotations

import os

from bench.load import LoadSettings, run_load, upstream_kinds


def run(env) -> dict[str, float | int | str]:
    settings = LoadSettings.from_env()
    forced = os.environ.get("LOAD_CACHE", "").lower() == "database"
    result = run_load(settings, env.workdir, cache_url=None if forced else "auto")
    kinds = ", ".join(
        f"{kind} {len(times)}" for kind, times in sorted(result.by_kind.items(), key=str)
    )
    env.note(
        f"load: {settings.organisers} organisers for {settings.duration:g} s of journeys "
        f"({result.elapsed:.1f} s with the requests in flight), gunicorn {settings.workers} "
        f"workers × {settings.threads} threads, shared cache: {result.cache}; "
        f"requests by kind: {kinds}; logins took {result.login_seconds:.1f} s (not measured)"
    )
    met = not result.errors and result.upstream_max_per_window <= settings.limit
    env.note(
        f"load: goal (0 errors, ≤ {settings.limit} upstream requests in any "
        f"{settings.window:g} s) {'met' if met else 'NOT met'}"
    )
    env.note(
        f"load: the sandbox answers each API call after {settings.sandbox_latency_ms} ms "
        "(LOAD_SANDBOX_LATENCY_MS), as MeltingSpot does; every figure is measured with it"
    )
    env.note(
        f"load: own writes checked {result.own_writes.checked}, stale "
        f"{result.own_writes.stale} (a live's page older than its organiser's own last edit)"
    )
    env.note(f"load: upstream calls by kind: {upstream_kinds(result.upstream)}")
    for example in result.own_writes.examples:
        env.note(f"load stale page: {example}")
    for error in result.errors[:5]:
        env.note(f"load error: {error}")
    return result.figures()
