"""Issue 18 across processes: two Django processes sharing a private redis-server.

- Single flight: identical reads in flight in both processes make one upstream call.
- Invalidation: a write in one process, then a read in the other, shows the write.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.integration.lives.helpers import a_live_next_week, api_requests

ROOT = Path(__file__).resolve().parents[3]
# Reads commands from stdin: `read ID`, `many ID N` (N threads at once), `edit ID TITLE`.
SERVE = """
import json, sys, threading
import django
django.setup()
from django.conf import settings
from django.core.cache import caches
# Not the audit's test: these processes have no database of their own to record in.
settings.MELTINGSPOT_WRITE_START_OBSERVER = settings.MELTINGSPOT_WRITE_OBSERVER = ""
from lives_admin.meltingspot import LiveUpdate
from lives_admin.upstream import get_client
assert type(caches["shared"]).__name__ == "RedisCache", type(caches["shared"])
client = get_client()
print("ready", flush=True)
for line in sys.stdin:
    command, live_id, *rest = line.split(maxsplit=2)
    if command == "read":
        out = client.lives.retrieve(live_id).title
    elif command == "many":
        titles = []
        threads = [
            threading.Thread(target=lambda: titles.append(client.lives.retrieve(live_id).title))
            for _ in range(int(rest[0]))
        ]
        [t.start() for t in threads]
        [t.join() for t in threads]
        out = sorted(set(titles))
    elif command == "edit":
        live = client.lives.retrieve(live_id)
        out = client.lives.update(live_id, LiveUpdate.from_live(live, title=rest[0].strip())).title
    print(json.dumps(out), flush=True)
"""


class Dashboards:
    """Two processes of the dashboard (its client and shared cache), one Redis."""

    def __init__(self, env):
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-c", SERVE],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for process in self.processes:
            assert process.stdout.readline().strip() == "ready"

    def send(self, index: int, line: str) -> None:
        self.processes[index].stdin.write(line + "\n")
        self.processes[index].stdin.flush()

    def answer(self, index: int):
        return json.loads(self.processes[index].stdout.readline())

    def ask(self, index: int, line: str):
        self.send(index, line)
        return self.answer(index)

    def close(self) -> None:
        for process in self.processes:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def two_dashboards(sandbox, private_redis, tmp_path, db):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CACHE_URL": private_redis.url,
        "CACHE_KEY_PREFIX": f"shared-reads-{uuid.uuid4().hex}",
        "SHARED_READS": "true",
        "MELTINGSPOT_API_URL": sandbox.url,
        "MELTINGSPOT_API_KEY": sandbox.api_key,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "MELTINGSPOT_INTERACTIVE_RETRY_BUDGET": "8",  # how long a reader waits for another's
        "LOG_LEVEL": "ERROR",
    }
    dashboards = Dashboards(env)
    yield dashboards
    dashboards.close()


def _retrievals(sandbox, live_id):
    return [e for e in api_requests(sandbox, "GET") if e["path"] == f"/v1/lives/{live_id}"]


def test_identical_reads_in_flight_in_two_processes_make_one_upstream_call(sandbox, two_dashboards):
    live = a_live_next_week("Shared by everyone")
    # A fresh Redis holds the rate limiter's window full for its first seconds (it cannot
    # know what the key sent just before): wait that out on another read, so the reads
    # measured below overlap for the latency only, well within a waiter's patience.
    warm_up = a_live_next_week("Warm-up")
    assert two_dashboards.ask(0, f"read {warm_up.id}") == "Warm-up"
    sandbox.configure(latency_ms=400)  # every read in flight at once
    sandbox.clear_requests()
    two_dashboards.send(0, f"many {live.id} 6")
    two_dashboards.send(1, f"many {live.id} 6")
    assert two_dashboards.answer(0) == ["Shared by everyone"]
    assert two_dashboards.answer(1) == ["Shared by everyone"]
    assert len(_retrievals(sandbox, live.id)) == 1


def test_a_write_in_one_process_then_a_read_in_the_other_shows_the_write(sandbox, two_dashboards):
    live = a_live_next_week("Before the edit")
    assert two_dashboards.ask(0, f"read {live.id}") == "Before the edit"
    assert two_dashboards.ask(1, f"read {live.id}") == "Before the edit"
    sandbox.clear_requests()
    assert two_dashboards.ask(1, f"read {live.id}") == "Before the edit"
    assert _retrievals(sandbox, live.id) == []  # shared: no call

    assert two_dashboards.ask(0, f"edit {live.id} After the edit") == "After the edit"
    assert two_dashboards.ask(1, f"read {live.id}") == "After the edit"
    assert two_dashboards.ask(0, f"read {live.id}") == "After the edit"
