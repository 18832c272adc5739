"""The shared database cache: processes counting at once never lose a count.

`make run` without CACHE_URL gives the web server and the job worker this cache, so
they count their MeltingSpot requests against one rate limit and one daily budget.
"""

import os
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
COUNT = """
import sys, django
django.setup()
from django.core.cache import caches
shared = caches["shared"]
assert type(shared).__name__ == "SharedDatabaseCache", type(shared)
shared.add("requests", 0, timeout=None)
for _ in range(int(sys.argv[1])):
    shared.incr("requests")
"""
APPEND = """
import sys, django
django.setup()
from django.core.cache import caches
shared = caches["shared"]
for n in range(int(sys.argv[1])):
    shared.update("log", lambda log: ([*(log or []), (sys.argv[2], n)], None), timeout=None)
"""
READ_LOG = """
import django
django.setup()
from django.core.cache import caches
print(len(caches["shared"].get("log")), len(set(caches["shared"].get("log"))))
"""
READ = """
import django
django.setup()
from django.core.cache import caches
print(caches["shared"].get("requests"))
"""


def _postgres_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def sqlite_database(tmp_path):
    yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"


@contextmanager
def postgres_database(tmp_path):
    import psycopg

    name = f"lives_shared_cache_{uuid.uuid4().hex[:10]}"
    server = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


DATABASES = pytest.mark.parametrize(
    "database",
    [
        pytest.param(sqlite_database, id="sqlite"),
        pytest.param(
            postgres_database,
            id="postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    not _postgres_running(), reason="PostgreSQL is not running on 5432"
                ),
            ],
        ),
    ],
)


def _environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": "shared-cache-test",
        "CACHE_URL": "",  # the default: no Redis, the database cache
    }


@pytest.mark.slow
@DATABASES
def test_three_processes_counting_at_once_lose_nothing(tmp_path, database):
    with database(tmp_path) as url:
        env = _environment(url)
        subprocess.run(
            [sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True
        )
        workers = [
            subprocess.Popen([sys.executable, "-c", COUNT, "1000"], cwd=ROOT, env=env)
            for _ in range(3)
        ]
        assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
        total = subprocess.run(
            [sys.executable, "-c", READ], cwd=ROOT, env=env, check=True, capture_output=True
        )
        assert total.stdout.decode().strip() == "3000"


@pytest.mark.slow
@DATABASES
def test_three_processes_changing_one_value_at_once_lose_no_change(tmp_path, database):
    """`update` (the rate limiter's log) reads and writes with the row locked."""
    with database(tmp_path) as url:
        env = _environment(url)
        subprocess.run(
            [sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True
        )
        workers = [
            subprocess.Popen([sys.executable, "-c", APPEND, "150", name], cwd=ROOT, env=env)
            for name in ("a", "b", "c")
        ]
        assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
        result = subprocess.run(
            [sys.executable, "-c", READ_LOG], cwd=ROOT, env=env, check=True, capture_output=True
        )
        assert result.stdout.decode().split() == ["450", "450"]


@pytest.mark.django_db
def test_on_the_database_cache_a_slow_answer_and_a_request_on_its_way_keep_their_places():
    from django.core.management import call_command

    from lives_admin.upstream.cache_backends import SharedDatabaseCache
    from lives_admin.upstream.limiter_stores import cache_rate_limiter
    from tests.unit.meltingspot.test_ratelimit import FakeClock

    call_command("createcachetable", "limiter_places", verbosity=0)
    cache = SharedDatabaseCache("limiter_places", {})
    clock = FakeClock(start=1_000_000.0)
    limiter = cache_rate_limiter(
        cache, "k", requests=1, window=10, in_flight_seconds=30, sleep=clock.sleep, clock=clock
    )
    with limiter.slot():
        clock.now += 4  # answered at 4: its place frees at 14, not 10
    limiter.acquire()
    assert clock.now == pytest.approx(1_000_014.0)
    limiter.acquire()  # the one before never answered: 30 s on its way, then 10
    assert clock.now == pytest.approx(1_000_054.0, abs=0.06)


@pytest.mark.django_db
def test_on_the_database_cache_one_person_holds_at_most_their_share_while_others_work():
    from django.core.management import call_command

    from lives_admin.meltingspot.person_share import PersonShare
    from lives_admin.meltingspot.priority import EXPORT, acting_for, request_class
    from lives_admin.upstream.cache_backends import SharedDatabaseCache
    from lives_admin.upstream.limiter_stores import cache_rate_limiter
    from tests.unit.meltingspot.test_ratelimit import FakeClock

    call_command("createcachetable", "limiter_people", verbosity=0)
    cache = SharedDatabaseCache("limiter_people", {})
    clock = FakeClock(start=1_000_000.0)
    limiter = cache_rate_limiter(
        cache,
        "k",
        requests=10,
        window=10,
        sleep=clock.sleep,
        clock=clock,
        person_share=PersonShare(share=0.4),
    )
    with acting_for("organiser"), limiter.slot():
        pass
    with acting_for("viewer"), request_class(EXPORT):
        for _ in range(4):
            with limiter.slot():
                pass
        assert clock.now == 1_000_000.0
        limiter.acquire()  # the fifth waits for the viewer's first place (in the row)
    assert clock.now >= 1_000_010.0
    before = clock.now
    with acting_for("organiser"), limiter.slot():
        pass
    assert clock.now == before
