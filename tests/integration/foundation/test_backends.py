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

from lives_admin.meltingspot import RateLimiter

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
        limiter = RateLimiter(
            cache,
            "fingerprint",
            requests=20,
            window=10,
            sleep=stop_waiting,
            clock=lambda: clock_now,
        )
        for _ in range(10):
            try:
                limiter.acquire()
            except TimeoutError:
                return
            with lock:
                admitted.append(1)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(admitted) == 20
    assert sleeps and all(0 < s <= 11.25 for s in sleeps)  # the span: 10 s and margins
    limiter = RateLimiter(cache, "fingerprint", requests=20, window=10, clock=lambda: clock_now)
    assert limiter.used_today(clock_now) == 20


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
