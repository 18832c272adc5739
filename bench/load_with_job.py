"""The load test with a bulk job (issue 18, a fair budget): the 20 organisers of bench/load.py
browse while a 10,000-person bulk invitation runs, the sandbox answering in 150 ms.

The job runs in a process of its own, on the same database and shared cache as the
dashboard's gunicorn workers, through `JobRunner` (what `manage.py jobworker` runs). It is
set up (its 10,000 items written) before the organisers start, and let go after
`JOB_DELAY` seconds of their load, so pages already keep the key busy.

- `load_20_with_job_p95_ms`: the 95th percentile of the organisers' requests that
  started while the job ran (its first upstream request to its last).
- `load_job_share`: the job's upstream requests over all upstream requests between the
  job's first and last, from the sandbox's log (`request_class`, from the client's
  `X-Request-Class` header): never from the dashboard's own counters.

Kept apart from bench/load.py (which it reuses) to ease merges.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import ROOT, Dashboard, LoadResult, LoadSettings, Organiser, percentile
from bench.load import redis_url as default_redis_url

LATENCY_MS = 150
JOB_PEOPLE = 10_000
JOB_DELAY = 8.0  # seconds of the organisers' load before the job is let go

# Sets the job up, says "ready", waits for "go", runs it, says "done <state>".
JOB_SCRIPT = """
import sys
from django.contrib.auth import get_user_model
from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.invites.runner import JobRunner
from lives_admin.models import InviteJob, JobKind
from lives_admin.upstream import get_client

live_id = get_client().lives.list(page=1, limit=1).items[0].id
user = get_user_model().objects.get(username="organiser-01")
people = tuple(Person(email=f"bulk-{n:05d}@job.example") for n in range(PEOPLE))
plan = InvitePlan(kind=JobKind.INVITE_PARTICIPANTS, live_ids=(live_id,), people=people,
                  source_label="bench load with a job")
job = start_job(plan, user)
print("ready", flush=True)
sys.stdin.readline()
JobRunner(InviteJob.objects.get(pk=job.pk)).run()
job.refresh_from_db()
print("done", job.status, flush=True)
"""


@dataclass
class JobLoadResult(LoadResult):
    started: list[tuple[float, float]] = field(default_factory=list)  # (unix start, took)
    job_state: str = ""

    def job_span(self) -> tuple[float, float]:
        times = [e["at"] for e in self.upstream if e.get("request_class") == "job"]
        return (min(times), max(times)) if times else (0.0, 0.0)

    @property
    def job_share(self) -> float:
        start, end = self.job_span()
        during = [e for e in self.upstream if start <= e["at"] <= end]
        job = [e for e in during if e.get("request_class") == "job"]
        return len(job) / len(during) if during else 0.0

    @property
    def p95_during_job_ms(self) -> float:
        start, end = self.job_span()
        during = [took for at, took in self.started if start <= at <= end]
        return percentile(during, 95) * 1000

    def job_figures(self) -> dict[str, float | int | str]:
        start, end = self.job_span()
        job_calls = sum(1 for e in self.upstream if e.get("request_class") == "job")
        return {
            f"load_{self.settings.organisers}_with_job_p95_ms": self.p95_during_job_ms,
            "load_job_share": self.job_share,
            f"load_{self.settings.organisers}_with_job_errors": len(self.errors),
            "load_with_job_p95_ms_whole_run": self.p95_ms,
            "load_with_job_upstream_max_per_10s": self.upstream_max_per_window,
            "load_job_seconds": end - start,
            "load_job_upstream_requests": job_calls,
            "load_job_state": self.job_state,
            "load_with_job_sandbox_latency_ms": LATENCY_MS,
        }


class _TimedOrganiser(Organiser):
    """Notes when each measured request started, to keep those made during the job."""

    def _record(self, kind: str, took: float) -> None:
        super()._record(kind, took)
        with self.lock:
            self.result.started.append((time.time() - took, took))


def _run_organisers(base_url, settings, result, usernames, on_started) -> None:
    lock = threading.Lock()
    organisers = [
        _TimedOrganiser(base_url, name, settings, result, lock, seed=index)
        for index, name in enumerate(usernames)
    ]
    try:
        with ThreadPoolExecutor(max_workers=len(organisers)) as pool:
            list(pool.map(Organiser.login, organisers))
        deadline = time.monotonic() + settings.duration

        def loop(organiser: Organiser) -> None:
            organiser.deadline = deadline
            while time.monotonic() < deadline:
                organiser.journey()

        started = time.perf_counter()
        threads = [threading.Thread(target=loop, args=(o,), daemon=True) for o in organisers]
        for thread in threads:
            thread.start()
        on_started()
        for thread in threads:
            thread.join()
        result.elapsed = time.perf_counter() - started
    finally:
        for organiser in organisers:
            organiser.close()


def run_load_with_job(
    settings: LoadSettings, workdir: Path, *, cache_url: str | None = "auto"
) -> JobLoadResult:
    from tests.sandbox_server import SandboxServer

    if cache_url == "auto":
        cache_url = default_redis_url()
    usernames = [f"organiser-{n:02d}" for n in range(1, settings.organisers + 1)]
    with ExitStack() as stack:
        sandbox = stack.enter_context(
            SandboxServer(
                rate_limit=True, api_key=f"load-job-{uuid.uuid4().hex}", latency_ms=LATENCY_MS
            )
        )
        sandbox.configure(
            rate_limit=True, rate_limit_requests=settings.limit, rate_limit_window=settings.window
        )
        dashboard = Dashboard(workdir, sandbox, settings, cache_url=cache_url)
        dashboard.prepare(usernames)
        stack.callback(dashboard.stop)
        dashboard.start()
        job = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "shell",
                "--no-imports",
                "-v",
                "0",
                "-c",
                JOB_SCRIPT.replace("PEOPLE", str(JOB_PEOPLE)),
            ],
            cwd=ROOT,
            env=dashboard.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(workdir / "job.log").open("w"),
            text=True,
        )
        stack.callback(lambda: job.poll() is None and (job.kill(), job.wait(timeout=10)))
        said = [job.stdout.readline().strip()]
        while said[-1] not in ("ready", "") and len(said) < 20:  # a banner, then "ready"
            said.append(job.stdout.readline().strip())
        if said[-1] != "ready":
            log = (workdir / "job.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the bulk job could not be set up: {said} {log}")
        sandbox.clear_requests()
        result = JobLoadResult(settings=settings, cache=dashboard.cache)

        def let_the_job_go() -> None:
            def go():
                time.sleep(JOB_DELAY)
                job.stdin.write("go\n")
                job.stdin.flush()

            threading.Thread(target=go, daemon=True).start()

        _run_organisers(dashboard.url, settings, result, usernames, let_the_job_go)
        done = job.stdout.readline().split()  # the job may outlast the organisers
        result.job_state = done[1] if len(done) > 1 else "unknown"
        result.upstream = [e for e in sandbox.requests() if e["path"].startswith("/v1/")]
        result.server_log = dashboard.log_tail()
        return result
