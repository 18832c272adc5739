"""A job worker told to stop (SIGTERM, as systemd does) while a background index pass
waits to retry an unreachable MeltingSpot: it exits within seconds, and the pass is left
to run again later, not failed with a traceback (crash test: it kept retrying with waits
up to 24 s and exited 50 s after SIGTERM, near systemd's 60 s TimeoutStopSec)."""

from __future__ import annotations

import socket
import time

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lives_admin.lives.index_tasks import queue_sync
from lives_admin.models import LivesIndexState, MemberIndexState
from lives_admin.people.member_index.tasks import queue_sync_if_due
from tests.integration.jobs.helpers import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def a_closed_port() -> str:
    """MeltingSpot down: nothing listens there, every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _stopped_in(worker, task_path: str) -> float:
    """Start the worker with MeltingSpot down, let the pass retry a while, SIGTERM it:
    how long it took to exit."""
    worker.env["MELTINGSPOT_API_URL"] = a_closed_port()
    worker.start()
    rows = DBTaskResult.objects.filter(task_path__endswith=task_path)
    assert wait_for(lambda: rows.filter(status=TaskResultStatus.RUNNING).exists(), 30)
    time.sleep(4)  # its retries' waits have grown to seconds by now
    stopped = time.monotonic()
    worker.process.terminate()
    worker.process.wait(timeout=60)
    return time.monotonic() - stopped


def test_a_lives_index_pass_stops_with_the_worker_and_is_queued_again_later(job_worker):
    assert queue_sync()
    took = _stopped_in(job_worker(), "sync_lives_index")

    assert took < 5, f"the worker took {took:.1f} s to stop"
    (row,) = DBTaskResult.objects.filter(task_path__endswith="sync_lives_index")
    assert row.status != TaskResultStatus.FAILED, row.traceback
    # The next worker's loop (or the list) may queue a pass again.
    assert LivesIndexState.current().queued_at is None
    assert queue_sync()


def test_a_member_index_pass_stops_with_the_worker(job_worker):
    from django.db import transaction

    with transaction.atomic():
        assert queue_sync_if_due()
    took = _stopped_in(job_worker(), "sync_member_index")

    assert took < 5, f"the worker took {took:.1f} s to stop"
    (row,) = DBTaskResult.objects.filter(task_path__endswith="sync_member_index")
    assert row.status != TaskResultStatus.FAILED, row.traceback
    state = MemberIndexState.objects.get(pk=1)
    assert state.running_since is None and state.queued_at is None and not state.last_error
