"""docs/api.md, D9 across processes: two Django processes sharing Redis stay under the limit.

Each process fires MeltingSpot calls from 4 threads as fast as the limiter lets them at
the sandbox, which enforces the same limit and logs each request's arrival time, until
it has sent its share: the outcome depends on the counts, never on how fast the machine
is. From the log: no stretch of the window ever held more than the limit, and the sandbox
never answered 429. The limiter's logic does not depend on the numbers, so the long run
uses a window scaled down (20 per 2 s, 50 requests: three windows); the real count (100)
is checked on one window long enough that no test can outrun it: 100 get through,
together, and the 101st is told to wait.
"""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from lives_admin.meltingspot import key_fingerprint
from lives_admin.upstream.limiter_stores import cache_rate_limiter
from tests.unit.meltingspot.test_ratelimit import busiest_window

# Starts real processes: left out of `make test-fast`.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
# Reads "fire N" lines from stdin; for each, sends N calls from 4 threads (a call the
# limiter refuses, Redis being down, sent nothing and is tried again) and prints a report.
FIRE = """
import json, sys, threading, time
import django
django.setup()
from django.core.cache import caches
from lives_admin.meltingspot import MeltingSpotError
from lives_admin.upstream import get_client
assert type(caches["shared"]).__name__ == "RedisCache", type(caches["shared"])
client = get_client()

def fire(count):
    claimed, failed, lock = [0], [], threading.Lock()

    def one_thread():
        while True:
            with lock:
                if claimed[0] >= count:
                    return
                claimed[0] += 1
            try:
                client.lives.list(page=1, limit=1)
            except MeltingSpotError as error:
                with lock:
                    claimed[0] -= 1
                    failed.append(type(error).__name__)
                time.sleep(0.05)

    threads = [threading.Thread(target=one_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"sent": claimed[0], "failed": failed}

print("ready", flush=True)
for line in sys.stdin:
    print(json.dumps(fire(int(line.split()[1]))), flush=True)
"""


class Firing:
    """Two processes that fire at the sandbox through their limiter, on one Redis."""

    def __init__(self, env: dict[str, str], processes: int = 2):
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-c", FIRE],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]

    def __enter__(self) -> "Firing":
        for process in self.processes:
            assert process.stdout.readline().strip() == "ready"
        return self

    def fire(self, each: int) -> list[dict]:
        """Each process sends `each` calls, all at once; their reports."""
        for process in self.processes:
            process.stdin.write(f"fire {each}\n")
            process.stdin.flush()
        return [json.loads(process.stdout.readline()) for process in self.processes]

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            process.kill()
            process.wait(timeout=10)


def firing_env(sandbox, *, cache_url: str, prefix: str, limit: int, window: float) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": prefix,  # both the same
        "MELTINGSPOT_API_URL": sandbox.url,
        "MELTINGSPOT_API_KEY": sandbox.api_key,
        "MELTINGSPOT_RATE_LIMIT_REQUESTS": str(limit),
        "MELTINGSPOT_RATE_LIMIT_WINDOW": str(window),
        "LOG_LEVEL": "ERROR",
    }


def api_log(sandbox) -> list[dict]:
    return [entry for entry in sandbox.requests() if entry["path"].startswith("/v1/")]


def _redis_url() -> str | None:
    url = os.environ.get("CACHE_URL", "")
    url = url if url.startswith("redis://") else "redis://127.0.0.1:6379/0"
    host, port = url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=0.5):
            return url
    except OSError:
        return None


REDIS = _redis_url()
needs_redis = pytest.mark.skipif(REDIS is None, reason="Redis is not reachable at 127.0.0.1:6379")


@pytest.mark.redis
@needs_redis
def test_two_processes_sharing_redis_never_exceed_the_limit_together(sandbox, tmp_path):
    limit, window, each = 20, 2.0, 25  # 50 requests: three windows
    sandbox.configure(rate_limit=True, rate_limit_requests=limit, rate_limit_window=window)
    sandbox.clear_requests()
    env = firing_env(
        sandbox,
        cache_url=REDIS,
        prefix=f"lives-ratelimit-test-{uuid.uuid4().hex}",
        limit=limit,
        window=window,
    )
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    with Firing(env) as firing:
        reports = firing.fire(each)

    log = api_log(sandbox)
    assert {entry["status"] for entry in log} == {200}  # never a 429
    assert all(report["failed"] == [] for report in reports), reports
    assert busiest_window([entry["at"] for entry in log], window) <= limit
    assert len(log) == 2 * each  # every call was sent, once


@pytest.mark.redis
@needs_redis
def test_two_processes_sharing_redis_get_the_real_limit_of_100_in_one_window(sandbox, tmp_path):
    # A window of 10 min: however slowly the test runs, it cannot outlast it.
    limit, window = 100, 600.0
    sandbox.configure(rate_limit=True, rate_limit_requests=limit, rate_limit_window=window)
    sandbox.clear_requests()
    prefix = f"lives-ratelimit-test-{uuid.uuid4().hex}"
    env = firing_env(sandbox, cache_url=REDIS, prefix=prefix, limit=limit, window=window)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    with Firing(env) as firing:
        reports = firing.fire(limit // 2)

    log = api_log(sandbox)
    assert {entry["status"] for entry in log} == {200}
    assert len(log) == limit
    assert all(report["failed"] == [] for report in reports), reports
    # The 101st, from a third process's limiter on the same Redis, is told to wait.
    from django.core.cache.backends.redis import RedisCache

    waits = []

    def told_to_wait(seconds):
        waits.append(seconds)
        raise TimeoutError

    third = cache_rate_limiter(
        RedisCache(REDIS, {"KEY_PREFIX": prefix}),
        key_fingerprint(sandbox.api_key),
        requests=limit,
        window=window,
        sleep=told_to_wait,
    )
    with pytest.raises(TimeoutError):
        third.acquire()
    assert 0 < waits[0] <= window
    assert third.used_today() == limit
