"""A real worker killed mid-job, then restarted: everyone invited, nobody twice."""

import time

import pytest

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.meltingspot import get_client
from lives_admin.models import InviteJob, ItemState, JobKind, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_killed_worker_is_resumed_and_nobody_is_invited_twice(
    organiser, sandbox, job_worker, settings, monkeypatch
):
    monkeypatch.setenv("JOB_STALE_SECONDS", "3")
    monkeypatch.setenv("MELTINGSPOT_BULK_BATCH_SIZE", "20")
    live_id = get_client().lives.list(limit=1).items[0].id
    # Slow answers, so the kill lands in the middle of the job.
    sandbox.configure(latency_ms=250)
    persons = tuple(Person(email=f"crash{i}@example.org") for i in range(200))
    plan = InvitePlan(
        kind=JobKind.INVITE_PARTICIPANTS,
        live_ids=(live_id,),
        people=persons,
        with_email_notification=True,
    )
    job = start_job(plan, organiser)

    first = job_worker()
    first.env.update({"JOB_STALE_SECONDS": "3", "MELTINGSPOT_BULK_BATCH_SIZE": "20"})
    first.start()
    assert wait_for(lambda: job.items.filter(state=ItemState.INVITED).count() >= 40)
    first.kill()
    done_at_crash = job.items.filter(state=ItemState.INVITED).count()
    assert done_at_crash < 200
    assert InviteJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

    sandbox.configure(latency_ms=0)
    second = job_worker()
    second.env.update({"JOB_STALE_SECONDS": "3", "MELTINGSPOT_BULK_BATCH_SIZE": "20"})
    second.start()
    assert wait_for(lambda: InviteJob.objects.get(pk=job.pk).status == JobStatus.COMPLETED)
    second.stop()

    assert job.items.filter(state=ItemState.INVITED).count() == 200
    emails = sandbox.emails(live_id)
    assert set(emails) == {p.email for p in persons}
    assert set(emails.values()) == {1}
