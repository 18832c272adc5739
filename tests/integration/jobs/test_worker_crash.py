"""A real worker killed mid-job, then restarted: everyone invited, nobody twice, and the
dead worker's django-tasks row is not left "running"."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from lives_admin.models import InviteJob, ItemState, JobStatus
from tests.integration.jobs.helpers import QUICK_TAKEOVER, a_live, start, task_rows, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_killed_worker_is_resumed_and_nobody_is_invited_twice(organiser, sandbox, job_worker):
    env = {**QUICK_TAKEOVER, "MELTINGSPOT_BULK_BATCH_SIZE": "20"}
    live_id = a_live()
    # Slow answers, so the kill lands in the middle of the job.
    sandbox.configure(latency_ms=250)
    job = start(organiser, live_id, 200, prefix="crash")

    first = job_worker()
    first.env.update(env)
    first.start()
    assert wait_for(lambda: job.items.filter(state=ItemState.INVITED).count() >= 40, 60)
    first.kill()
    done_at_crash = job.items.filter(state=ItemState.INVITED).count()
    assert done_at_crash < 200
    assert InviteJob.objects.get(pk=job.pk).status == JobStatus.RUNNING
    [dead_run] = task_rows(job)
    assert dead_run.status == TaskResultStatus.RUNNING  # django-tasks cannot know

    sandbox.configure(latency_ms=0)
    second = job_worker()
    second.env.update(env)
    second.start()
    assert wait_for(lambda: InviteJob.objects.get(pk=job.pk).status == JobStatus.COMPLETED, 60)
    second.stop()

    assert job.items.filter(state=ItemState.INVITED).count() == 200
    emails = sandbox.emails(live_id)
    assert set(emails) == {f"crash{i}@example.org" for i in range(200)}
    assert set(emails.values()) == {1}
    # The dead worker's run was marked failed when its job was taken over.
    dead_run.refresh_from_db()
    assert dead_run.status == TaskResultStatus.FAILED
    assert "stopped answering" in dead_run.traceback
    assert [row.status for row in task_rows(job)] == [
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]


def test_a_worker_at_its_start_fails_the_runs_that_dead_workers_left_running(
    organiser, sandbox, job_worker
):
    """A worker killed while its job was paused: the job is never taken over, so only
    the watchdog's look at the start of the next worker can end the row."""
    job = start(organiser, a_live(), 3)
    [run] = task_rows(job)
    long_ago = timezone.now() - timedelta(hours=1)
    type(run).objects.filter(pk=run.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["killed-worker"]
    )
    InviteJob.objects.filter(pk=job.pk).update(
        status=JobStatus.PAUSED, heartbeat_at=long_ago, runner_token="dead-runner"
    )

    worker = job_worker()
    worker.env.update(QUICK_TAKEOVER)
    worker.start()
    assert wait_for(lambda: task_rows(job)[0].status != TaskResultStatus.RUNNING, 20), (
        "the dead worker's run is still marked running"
    )
    worker.stop()
    run.refresh_from_db()
    assert run.status == TaskResultStatus.FAILED
    assert run.exception_class_path == "lives_admin.invites.task_rows.WorkerLost"
    assert InviteJob.objects.get(pk=job.pk).status == JobStatus.PAUSED  # left to the organiser
