"""A job worker outlives its database connections being terminated (a restart, a
failover, `pg_terminate_backend`): idle, or while a job runs. Under honcho one process
exiting stops the whole stack, so the worker must reconnect and carry on.

A real `manage.py jobworker` on this test's database (PostgreSQL: its backends can be
terminated). The idle worker's connections are terminated round after round until its
loop has met the lost connection several times (it says so in its log), each round
waiting, in pg_stat_activity, for the worker to have connected again.
"""

import re

import pytest
from django.db import connection

from lives_admin.models import InviteJob, ItemState, JobStatus
from tests.integration.jobs.helpers import QUICK_TAKEOVER, a_live, start, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

HITS_WANTED = 3  # times the worker's own loop met a dead connection
MOST_ROUNDS = 40
LOST = re.compile(r"The job worker lost its database connection")  # its loop, not the watchdog

OTHER_BACKENDS = (
    "SELECT pid FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL to terminate connections: this pass runs on SQLite "
            "(make test-postgres runs it when PostgreSQL answers)"
        )


def _worker_backends() -> set[int]:
    """The worker's connections: every other one to this test's database."""
    with connection.cursor() as cursor:
        cursor.execute(OTHER_BACKENDS)
        return {pid for (pid,) in cursor.fetchall()}


def _terminate(pids: set[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            # Waits (up to 10 s) until the backend is gone.
            cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])


def _hits(worker) -> int:
    return len(LOST.findall(worker.log.read_text()))


@pytest.fixture
def lasting_worker(job_worker, tmp_path):
    _postgres_only()
    worker = job_worker()
    # Quick takeover of a job whose runner lost its connection; batches of one, so a
    # small job lasts a few requests.
    worker.env.update({**QUICK_TAKEOVER, "MELTINGSPOT_BULK_BATCH_SIZE": "1"})
    worker.log = tmp_path / "worker.log"
    worker.start()
    assert wait_for(_worker_backends, 30), "the worker never connected"
    return worker


def _alive(worker) -> None:
    assert worker.process.poll() is None, (
        f"the worker exited ({worker.process.returncode}):\n{worker.log.read_text()[-3000:]}"
    )


def test_an_idle_worker_reconnects_and_then_runs_a_job(organiser, sandbox, lasting_worker):
    worker = lasting_worker
    seen: set[int] = set()
    rounds = 0
    while _hits(worker) < HITS_WANTED and rounds < MOST_ROUNDS:
        rounds += 1
        before = _worker_backends()
        seen |= before
        _terminate(before)
        # Connected again on a new backend, or gone: either ends the wait.
        assert wait_for(
            lambda seen=seen: _worker_backends() - seen or worker.process.poll() is not None, 30
        ), "the worker did not connect again"
        _alive(worker)
    assert _hits(worker) >= HITS_WANTED, f"the worker's loop was hit only {_hits(worker)} times"

    # Still a worker: a job enqueued now runs to its end.
    job = start(organiser, a_live(), 5, prefix="after")
    assert wait_for(lambda: InviteJob.objects.get(pk=job.pk).status == JobStatus.COMPLETED, 60)
    _alive(worker)
    assert job.items.filter(state=ItemState.INVITED).count() == 5


def test_connections_terminated_while_a_job_runs_leave_the_worker_working(
    organiser, sandbox, lasting_worker
):
    worker = lasting_worker
    live_id = a_live()
    sandbox.configure(latency_ms=300)  # slow answers: the cut lands mid-job
    job = start(organiser, live_id, 6, prefix="during")
    assert wait_for(lambda: job.items.filter(state=ItemState.INVITED).exists(), 30)
    assert InviteJob.objects.get(pk=job.pk).status == JobStatus.RUNNING
    _terminate(_worker_backends())
    sandbox.configure(latency_ms=0)
    assert wait_for(lambda: InviteJob.objects.get(pk=job.pk).status == JobStatus.COMPLETED, 60), (
        worker.log.read_text()[-3000:]
    )
    _alive(worker)

    after = start(organiser, live_id, 3, prefix="after")
    assert wait_for(lambda: InviteJob.objects.get(pk=after.pk).status == JobStatus.COMPLETED, 60)
    _alive(worker)
    emails = sandbox.emails(live_id)
    assert {e for e in emails if e.startswith(("during", "after"))} == {
        *(f"during{i}@example.org" for i in range(6)),
        *(f"after{i}@example.org" for i in range(3)),
    }
    assert set(emails.values()) == {1}  # nobody twice
