"""One runner per job (issue 14, item 10), with real worker processes and the sandbox.

A batch may retry for the whole job retry budget. The runner beats meanwhile, and the
delay before a takeover is never shorter than that budget, whatever JOB_STALE_SECONDS
says; a runner that lost its job (taken over, finished, paused) sends nothing more,
checked right before each request.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from lives_admin.invites.runner import JobRunner, recover_stale_jobs
from lives_admin.models import AuditEntry, InviteJob, JobStatus
from tests.integration.jobs.helpers import (
    HTMX,
    a_live,
    emails_in,
    invites_sent,
    start,
    task_rows,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

OUTAGE = {"error_rate": 1.0, "error_status": 503, "fault_methods": "POST"}
# Workers whose JOB_STALE_SECONDS is far below the time a batch may retry.
SHORT_STALE = {
    "JOB_STALE_SECONDS": "1",
    "MELTINGSPOT_JOB_RETRY_BUDGET": "20",
    "MELTINGSPOT_TIMEOUT": "2",
    "MELTINGSPOT_CONNECT_TIMEOUT": "0.5",
    "MELTINGSPOT_BULK_BATCH_SIZE": "10",
}


def job_now(job) -> InviteJob:
    return InviteJob.objects.get(pk=job.pk)


def answered_503(sandbox) -> int:
    return sum(1 for r in sandbox.requests() if r["method"] == "POST" and r["status"] == 503)


def test_a_second_worker_does_not_take_over_while_the_first_retries_and_beats(
    organiser, sandbox, job_worker
):
    live_id = a_live()
    sandbox.configure(**OUTAGE)
    job = start(organiser, live_id, 30)
    first = job_worker()
    first.env.update(SHORT_STALE)
    first.start()
    assert wait_for(lambda: answered_503(sandbox) >= 1, 20)
    running = job_now(job)
    assert running.status == JobStatus.RUNNING
    second = job_worker()
    second.env.update(SHORT_STALE)
    second.start()  # its watchdog looks at once, then every second or so

    # The first runner is stuck retrying its first batch: it still beats, several times
    # longer than JOB_STALE_SECONDS, and nobody takes its job.
    assert wait_for(
        lambda: job_now(job).heartbeat_at - running.heartbeat_at >= timedelta(seconds=5), 20
    ), "the runner does not beat while it retries"
    now = job_now(job)
    assert answered_503(sandbox) >= 3  # still retrying all along
    assert now.runner_token == running.runner_token, "a second runner took the job"
    assert len(task_rows(job)) == 1, "the job was queued again for another worker"

    sandbox.configure(error_rate=0.0)
    assert wait_for(lambda: job_now(job).status == JobStatus.COMPLETED, 40)
    sent = emails_in(invites_sent(sandbox))
    assert sorted(sent) == sorted(f"guest{i}@example.org" for i in range(30)), "sent twice"
    assert set(sandbox.emails(live_id).values()) == {1}
    # The worker marks its task row done just after the job's last write: wait for it.
    assert wait_for(
        lambda: [row.status for row in task_rows(job)] == [TaskResultStatus.SUCCESSFUL], 10
    )


def _take_over(job):
    # What recover_stale_jobs and a new runner's claim do together.
    InviteJob.objects.filter(pk=job.pk).update(runner_token="another-runner")


def _finish(job):
    # What the other runner does at the end of the job ("Finished" on the page).
    InviteJob.objects.filter(pk=job.pk).update(
        status=JobStatus.COMPLETED, finished_at=timezone.now()
    )


@pytest.mark.parametrize("handover", [_take_over, _finish], ids=["taken over", "finished"])
def test_a_runner_that_lost_its_job_sends_nothing_more(organiser, sandbox, job_worker, handover):
    live_id = a_live()
    sandbox.configure(**OUTAGE)
    job = start(organiser, live_id, 10)
    worker = job_worker()
    worker.env.update(SHORT_STALE)
    worker.start()
    assert wait_for(lambda: answered_503(sandbox) >= 2, 20)  # it is retrying its batch

    handover(job)
    sandbox.configure(error_rate=0.0)  # its next retry would go through
    assert wait_for(lambda: task_rows(job)[0].status != TaskResultStatus.RUNNING, 30), (
        "the runner did not stop"
    )
    assert invites_sent(sandbox) == [], "the runner sent its batch after it lost the job"
    assert sandbox.emails(live_id) == {}
    withdrawn = AuditEntry.objects.filter(job_id=job.pk).first()  # the newest
    assert not withdrawn.ok and "Not sent" in withdrawn.error_message

    if handover is _take_over:
        # The runner that holds the job now sends everyone, each once.
        InviteJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, runner_token="")
        JobRunner(job_now(job)).run()
        assert job_now(job).status == JobStatus.COMPLETED
        sent = emails_in(invites_sent(sandbox))
        assert sorted(sent) == sorted(f"guest{i}@example.org" for i in range(10))


def test_the_takeover_delay_covers_a_whole_batch_whatever_the_setting(settings, sandbox):
    from lives_admin.jobs.liveness import stale_after_seconds

    settings.JOB_STALE_SECONDS = 1
    settings.MELTINGSPOT_JOB_RETRY_BUDGET = 300
    assert stale_after_seconds() > 300 + settings.MELTINGSPOT_TIMEOUT
    settings.JOB_STALE_SECONDS = 900
    assert stale_after_seconds() == 900


def test_neither_a_page_view_nor_a_watchdog_takes_a_job_silent_for_less_than_a_batch(
    settings, organiser, viewer_client, sandbox
):
    """The web process's own JOB_STALE_SECONDS used to hand the job to another worker."""
    settings.JOB_STALE_SECONDS = 1
    job = start(organiser, a_live(), 3)
    InviteJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        runner_token="busy-runner",
        heartbeat_at=timezone.now() - timedelta(seconds=30),
    )
    rows_before = len(task_rows(job))
    response = viewer_client.get(f"/jobs/{job.pk}/progress/", **HTMX)
    assert response.status_code == 200
    assert recover_stale_jobs() == []
    now = job_now(job)
    assert (now.status, now.runner_token) == (JobStatus.RUNNING, "busy-runner")
    assert len(task_rows(job)) == rows_before
