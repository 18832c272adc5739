"""A job's batches are recorded under the user who started it, with the job's number."""

import time

import pytest

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.invites.runner import JobRunner
from lives_admin.models import AuditEntry, InviteJob, JobKind, JobStatus
from lives_admin.upstream import get_client
from tests.integration.audit.helpers import export, log_text

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout=60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_each_batch_of_a_job_is_recorded_under_its_starter(
    sandbox, organiser, organiser_client, settings
):
    settings.MELTINGSPOT_BULK_BATCH_SIZE = 20
    plan = InvitePlan(
        kind=JobKind.INVITE_PARTICIPANTS,
        live_ids=("live003",),
        people=(
            Person(email="guest0@example.org", first_name="Ada", last_name="Lovelace"),
            *(Person(email=f"guest{i}@example.org") for i in range(1, 30)),
        ),
        with_email_notification=True,
        live_titles={"live003": "Spring webinar"},
    )
    job = start_job(plan, organiser)
    JobRunner(InviteJob.objects.get(pk=job.pk), sleep=lambda seconds: None).run()

    entries = list(AuditEntry.objects.filter(job_id=job.pk).order_by("id"))
    assert [e.operation for e in entries] == ["participants.bulk_invite"] * 2
    assert {(e.actor, e.actor_label, e.live_id, e.ok) for e in entries} == {
        (organiser, organiser.username, "live003", True)
    }
    assert {e.live_title for e in entries} == {"Spring webinar"}

    html = organiser_client.get(f"/audit/?job={job.pk}").content.decode()
    assert f'href="/jobs/{job.pk}/"' in html
    page = log_text(organiser_client, "?action=job_batch")
    assert page.count("Bulk job batch: invited participant(s)") == 2
    # A few named (by their name when the job knew it), then how many more.
    first = "Ada Lovelace <guest0@example.org>, guest1@example.org, guest2@example.org"
    assert f"{first} and 17 more · with an email" in page
    assert "guest20@example.org, guest21@example.org, guest22@example.org and 7 more" in page
    assert "20 people" not in page
    details = {row[6] for row in export(organiser_client, f"?job={job.pk}")[1:]}
    assert f"{first} and 17 more · with an email" in details


def test_a_job_whose_starter_is_gone_is_named_after_the_job(sandbox, organiser):
    job = start_job(
        InvitePlan(
            kind=JobKind.INVITE_PARTICIPANTS,
            live_ids=("live003",),
            people=(Person(email="solo@example.org"),),
        ),
        organiser,
    )
    organiser.delete()
    JobRunner(InviteJob.objects.get(pk=job.pk), sleep=lambda seconds: None).run()
    entry = AuditEntry.objects.get(job_id=job.pk)
    assert (entry.actor, entry.actor_label) == (None, f"job #{job.pk}")


def test_a_cross_live_job_run_by_the_worker_is_the_admins(
    sandbox, admin, admin_user_client, job_worker
):
    live_ids = [live.id for live in get_client().lives.list(limit=2).items]
    group = next(iter(get_client().groups.iter_all()))
    chosen = admin_user_client.post(
        "/lives/bulk/", {"action": "link_group", "filters": "", "selected": live_ids}
    )
    admin_user_client.post(chosen["Location"], {"group_id": group.id, "confirm": "1"})
    job = InviteJob.objects.latest("id")

    worker = job_worker().start()
    assert wait_for(lambda: InviteJob.objects.get(pk=job.pk).status == JobStatus.COMPLETED)
    worker.stop()

    entries = AuditEntry.objects.filter(job_id=job.pk)
    assert sorted(e.live_id for e in entries) == sorted(live_ids)
    assert {(e.actor, e.operation, e.ok) for e in entries} == {(admin, "groups.bulk_link", True)}
    page = log_text(admin_user_client, f"?person={admin.pk}&job={job.pk}")
    assert page.count("Bulk job batch: linked group(s)") == 2
