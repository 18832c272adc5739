"""The real services the project supports: Redis for the shared cache, PostgreSQL for data.

They run when the servers answer on their usual ports, and skip with the reason otherwise.
"""

import os
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from lives_admin.upstream.limiter_stores import cache_rate_limiter

ROOT = Path(__file__).resolve().parents[3]


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not _reachable(6379), reason="Redis is not running on 6379")
needs_postgres = pytest.mark.skipif(
    not _reachable(5432), reason="PostgreSQL is not running on 5432"
)


@needs_redis
@pytest.mark.redis
def test_the_rate_limiter_is_shared_through_redis_by_concurrent_threads():
    from django.core.cache.backends.redis import RedisCache

    prefix = f"lives-test-{uuid.uuid4().hex}"
    cache = RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix})
    clock_now = 1_000_000.0  # a frozen clock inside one window: nobody may pass 20
    sleeps: list[float] = []
    admitted: list[int] = []
    lock = threading.Lock()

    def stop_waiting(seconds):
        sleeps.append(seconds)
        raise TimeoutError  # a caller told to wait leaves the race

    def worker():
        limiter = cache_rate_limiter(
            cache,
            "fingerprint",
            requests=20,
            window=10,
            sleep=stop_waiting,
            clock=lambda: clock_now,
        )
        for _ in range(10):
            try:
                with limiter.slot(), lock:
                    admitted.append(1)
            except TimeoutError:
                return

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(admitted) == 20
    # Told to wait until the first of the 20 was answered 10 s ago.
    assert sleeps and all(0 < s <= 10 for s in sleeps)
    limiter = cache_rate_limiter(
        cache, "fingerprint", requests=20, window=10, clock=lambda: clock_now
    )
    assert limiter.used_today(clock_now) == 20


@needs_redis
@pytest.mark.redis
def test_the_redis_window_slides_on_redis_clock_and_expires_its_log():
    import time

    from django.core.cache.backends.redis import RedisCache

    prefix = f"lives-test-{uuid.uuid4().hex}"
    cache = RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix})
    sleeps: list[float] = []

    def sleep(seconds):
        sleeps.append(seconds)
        time.sleep(seconds)

    limiter = cache_rate_limiter(cache, "fp", requests=5, window=1, margin=0.1, sleep=sleep)
    started = time.monotonic()
    for _ in range(6):
        with limiter.slot():
            pass
    elapsed = time.monotonic() - started
    # The sixth waited, once, for the first to be 1.1 s old: bounds that hold however
    # slowly the machine runs (the wait is counted from the first answer, on Redis's clock).
    assert elapsed >= 1.0
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 1.1
    client = cache._cache.get_client()
    (log_key,) = client.keys(f"{prefix}:*:log")
    assert client.zcard(log_key) < 6  # the first one left the log (and maybe more)
    assert client.pttl(log_key) != -1 and client.pttl(log_key) <= 2_100  # it expires when idle
    client.delete(*client.keys(f"{prefix}:*"))


def test_an_unreachable_redis_is_a_clear_error_within_a_second_or_two():
    import time

    from django.core.cache.backends.redis import RedisCache

    from lives_admin.meltingspot import RateLimiterUnavailable

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    cache = RedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    started = time.monotonic()
    with pytest.raises(RateLimiterUnavailable, match="cannot be reached"):
        cache_rate_limiter(cache, "fp").acquire()
    assert time.monotonic() - started < 3


@pytest.mark.slow
@needs_postgres
@pytest.mark.postgres
def test_migrations_and_the_audit_trail_work_on_postgresql():
    import psycopg

    name = f"lives_admin_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
    }
    script = (
        "from lives_admin.models import AuditEntry;"
        "AuditEntry.objects.create(operation='lives.delete', method='DELETE',"
        " path='/v1/lives/x', ok=True, request_body={'ids': ['x']});"
        "from django.contrib.auth.models import Group;"
        "print(AuditEntry.objects.count(), sorted(Group.objects.values_list('name', flat=True)))"
    )
    try:
        for command in (["migrate", "--noinput"], ["shell", "-c", script]):
            result = subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "1 ['admin', 'organiser', 'viewer']"
    finally:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_page_cache_on_an_unreachable_redis_misses_instead_of_failing(caplog):
    from lives_admin.upstream.cache_backends import BestEffortRedisCache

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    cache = BestEffortRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )
    BestEffortRedisCache._warned_at = 0.0
    with caplog.at_level("WARNING", logger="lives_admin.upstream.cache_backends"):
        assert cache.get("members", "missing") == "missing"
        cache.set("members", [1, 2])
        assert cache.add("version", 0) is False
        assert cache.incr("version") == 1
        assert cache.get_many(["a", "b"]) == {}
        cache.delete("members")
    warnings = [r for r in caplog.records if "page cache (Redis)" in r.getMessage()]
    assert len(warnings) == 1  # said once, not once per call
