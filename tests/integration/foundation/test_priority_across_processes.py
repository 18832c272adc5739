"""Issue 18, a fair budget, across processes: a job in one process keeps at least half of
the key while pages in another process keep it busy, both on one (private) Redis. The
sandbox enforces the limit and logs each request's class (`X-Request-Class`), so the
share is measured on MeltingSpot's side, never from the dashboard's counters. The window
is scaled down (20 per 2 s); the rule does not depend on the numbers."""

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.integration.foundation.test_rate_limit_across_processes import (
    api_log,
    firing_env,
)
from tests.unit.meltingspot.test_ratelimit import busiest_window

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
# argv: "pages" SECONDS (6 threads of page reads until the time is up) or "job" COUNT
# (one request after another, as the job runner sends them, marked as a job).
WORK = """
import sys, threading, time
import django
django.setup()
from lives_admin.meltingspot.priority import JOB, request_class
from lives_admin.upstream import get_client
client = get_client()
kind, amount = sys.argv[1], float(sys.argv[2])
if kind == "job":
    with request_class(JOB):
        for _ in range(int(amount)):
            client.lives.list(page=1, limit=1)
else:
    stop = time.monotonic() + amount
    def pages():
        while time.monotonic() < stop:
            client.lives.list(page=1, limit=1)
    threads = [threading.Thread(target=pages) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
"""


@pytest.mark.redis
def test_a_job_keeps_half_the_key_while_another_process_keeps_it_busy_with_pages(
    sandbox, private_redis, tmp_path
):
    limit, window = 20, 2.0
    sandbox.configure(rate_limit=True, rate_limit_requests=limit, rate_limit_window=window)
    env = firing_env(
        sandbox,
        cache_url=private_redis.url,
        prefix=f"priority-{uuid.uuid4().hex}",
        limit=limit,
        window=window,
    )
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    sandbox.clear_requests()

    def start(*args):
        return subprocess.Popen([sys.executable, "-c", WORK, *args], cwd=ROOT, env=env)

    pages, job = start("pages", "14"), None
    try:
        time.sleep(3)  # the pages fill the window first
        job = start("job", "40")
        assert job.wait(timeout=60) == 0
        assert pages.wait(timeout=60) == 0
    finally:
        for process in (pages, job):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)

    log = api_log(sandbox)
    assert {entry["status"] for entry in log} == {200}  # never a 429
    assert busiest_window([entry["at"] for entry in log], window) <= limit
    job_times = [e["at"] for e in log if e["request_class"] == "job"]
    assert len(job_times) == 40
    start_at, end_at = min(job_times), max(job_times)
    during = [e["request_class"] for e in log if start_at <= e["at"] <= end_at]
    assert during.count("page") > 0  # the pages went on too
    assert during.count("job") / len(during) >= 0.5
