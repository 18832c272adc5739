"""Jobs run end to end against the sandbox: every person accounted for, nobody twice."""

import pytest

from lives_admin.invites.jobs import cancel, pause, resume, retry_failed, start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.invites.runner import JobRunner, run_job
from lives_admin.models import AuditEntry, InviteJob, ItemState, JobKind, JobStatus
from lives_admin.upstream import get_client, reset_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quick_jobs(settings, sandbox):
    """Jobs retry fast in tests: short waits, a small retry budget."""
    settings.MELTINGSPOT_JOB_RETRY_BUDGET = 5
    reset_client()
    return sandbox


@pytest.fixture
def live_id(quick_jobs):
    return get_client().lives.list(limit=1).items[0].id


def people(count, prefix="guest"):
    return tuple(Person(email=f"{prefix}{i}@example.org") for i in range(count))


def plan(live_ids, persons, **options):
    return InvitePlan(
        kind=options.pop("kind", JobKind.INVITE_PARTICIPANTS),
        live_ids=tuple(live_ids),
        people=persons,
        with_email_notification=options.pop("notify", True),
        **options,
    )


def no_sleep(seconds):
    pass


def run(job):
    JobRunner(InviteJob.objects.get(pk=job.pk), sleep=no_sleep).run()
    job.refresh_from_db()
    return job


def states(job):
    return dict(job.items.values_list("email", "state"))


def test_a_job_invites_everyone_once_in_batches(organiser, live_id, quick_jobs, settings):
    settings.MELTINGSPOT_BULK_BATCH_SIZE = 40
    members = get_client().spot_members.list(limit=10, page=5).items
    persons = people(90) + tuple(Person(email=m.email, spot_member_id=m.id) for m in members)
    job = run(start_job(plan([live_id], persons), organiser))
    assert job.status == JobStatus.COMPLETED
    counts = job.counts()
    assert (counts["invited"], counts["failed"], counts["pending"]) == (100, 0, 0)
    emails = quick_jobs.emails(live_id)
    assert all(emails.get(p.email) == 1 for p in persons[:90])
    assert job.api_calls == 3
    entries = AuditEntry.objects.filter(job_id=job.pk)
    assert entries.count() == 3 and all(e.actor == organiser for e in entries)


def test_the_api_call_count_includes_every_retry(organiser, live_id, quick_jobs):
    quick_jobs.configure(error_rate=1.0, error_status=503, fault_methods="POST", fault_count=2)
    quick_jobs.clear_requests()
    job = run(start_job(plan([live_id], people(5)), organiser))
    assert job.status == JobStatus.COMPLETED
    sent = quick_jobs.requests()
    assert [r["status"] for r in sent] == [503, 503, 200]
    assert job.api_calls == len(sent)


def test_people_already_there_are_not_sent_again(organiser, live_id, quick_jobs):
    get_client().participants.invite(live_id, "known@example.org", with_email_notification=True)
    the_plan = plan(
        [live_id],
        (Person("known@example.org"), Person("new@example.org")),
        already_there={live_id: frozenset({"known@example.org"})},
    )
    job = run(start_job(the_plan, organiser))
    assert states(job) == {"known@example.org": "already_there", "new@example.org": "invited"}
    assert quick_jobs.emails(live_id) == {"known@example.org": 1, "new@example.org": 1}


def test_413_429_and_503_still_account_for_everyone(organiser, live_id, quick_jobs):
    quick_jobs.configure(
        max_bulk_items=7,
        rate_limit=True,
        rate_limit_requests=8,
        rate_limit_window=1,
        error_rate=0.2,
    )
    persons = people(60)
    job = run(start_job(plan([live_id], persons), organiser))
    quick_jobs.configure(error_rate=0, rate_limit=False)
    counts = job.counts()
    assert job.status == JobStatus.COMPLETED
    assert counts["pending"] == 0 and counts["failed"] == 0
    assert counts["invited"] == 60
    emails = quick_jobs.emails(live_id)
    assert all(count == 1 for count in emails.values())
    invited = {e for e, s in states(job).items() if s == "invited"}
    assert invited <= set(emails)


def test_an_unknown_live_fails_its_people_with_the_reason(organiser, quick_jobs):
    job = run(start_job(plan(["no-such-live"], people(3)), organiser))
    assert job.status == JobStatus.COMPLETED
    assert set(job.items.values_list("state", flat=True)) == {ItemState.FAILED}
    assert (
        "no longer exists" in job.items.first().error or "Live not found" in job.items.first().error
    )


def test_pause_resume_cancel(organiser, live_id, quick_jobs, settings):
    settings.MELTINGSPOT_BULK_BATCH_SIZE = 10
    job = start_job(plan([live_id], people(30)), organiser)
    assert pause(job)
    run(job)  # a paused job does not run
    assert job.counts()["pending"] == 30
    assert resume(job)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED

    runner = JobRunner(InviteJob.objects.get(pk=job.pk), sleep=no_sleep)
    runner.claim()
    runner._run_live = lambda live: None  # claim it, then cancel from "another tab"
    assert cancel(job)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.counts()["cancelled"] == 30
    assert quick_jobs.emails(live_id) == {}


@pytest.mark.slow
def test_an_outage_pauses_the_job_and_resume_finishes_it(organiser, live_id, quick_jobs):
    quick_jobs.configure(error_rate=1.0)
    job = start_job(plan([live_id], people(5)), organiser)
    job = run(job)
    # Nobody is failed for MeltingSpot being down: the job waits, everyone kept.
    assert job.status == JobStatus.PAUSED
    assert "MeltingSpot kept failing" in job.last_error
    assert job.counts()["pending"] == 5 and job.counts()["failed"] == 0
    quick_jobs.configure(error_rate=0)
    assert resume(job)
    job = run(job)
    assert job.status == JobStatus.COMPLETED
    assert job.counts()["invited"] == 5
    assert all(count == 1 for count in quick_jobs.emails(live_id).values())


def test_a_spent_daily_budget_pauses_the_job_without_sending(
    organiser, live_id, quick_jobs, settings
):
    settings.MELTINGSPOT_DAILY_LIMIT = 0  # today's budget: already spent
    reset_client()
    job = start_job(plan([live_id], people(3)), organiser)
    quick_jobs.clear_requests()
    job = run(job)
    assert job.status == JobStatus.PAUSED
    assert "daily budget" in job.last_error
    assert job.counts()["pending"] == 3
    assert not [r for r in quick_jobs.requests() if r["method"] == "POST"]


def test_retry_the_failed_ones(organiser, live_id, quick_jobs):
    job = run(start_job(plan([live_id], people(5)), organiser))
    # Two people failed earlier (a refusal since fixed on MeltingSpot's side).
    job.items.filter(email__in=["guest1@example.org", "guest3@example.org"]).update(
        state=ItemState.FAILED, error="MeltingSpot refused: try later"
    )
    assert retry_failed(job) == 2
    job = run(job)
    assert job.counts()["invited"] == 5 and job.counts()["failed"] == 0
    assert all(count == 1 for count in quick_jobs.emails(live_id).values())


def test_speakers_members_in_bulk_and_new_people_one_by_one(organiser, live_id, quick_jobs):
    member = get_client().spot_members.list(limit=1, page=9).items[0]
    the_plan = plan(
        [live_id],
        (
            Person(member.email, spot_member_id=member.id),
            Person("speaker.new@example.org", "Sam", "New"),
        ),
        kind=JobKind.INVITE_SPEAKERS,
        highlighted=True,
    )
    job = run(start_job(the_plan, organiser))
    assert job.counts()["invited"] == 2
    speakers = {s.email: s for s in get_client().speakers.iter_all(live_id)}
    assert speakers["speaker.new@example.org"].first_name == "Sam"
    assert speakers[member.email].is_highlighted


def test_a_refused_speakers_batch_is_retried_one_by_one_to_isolate_the_refusal(
    organiser, live_id, quick_jobs
):
    members = get_client().spot_members.list(limit=2, page=7).items
    the_plan = plan(
        [live_id],
        tuple(Person(m.email, spot_member_id=m.id) for m in members),
        kind=JobKind.INVITE_SPEAKERS,
    )
    job = start_job(the_plan, organiser)
    quick_jobs.configure(error_rate=1.0, error_status=400)
    quick_jobs.clear_requests()
    job = run(job)
    quick_jobs.configure(error_rate=0.0, error_status=503)
    assert job.status == JobStatus.COMPLETED
    assert set(job.items.values_list("state", "error")) == {
        (ItemState.FAILED, "MeltingSpot refused: Injected fault")
    }
    sent = [r for r in quick_jobs.requests() if r["path"].endswith("speakers~bulkInvite")]
    assert [len(r["body"]["spotMemberIds"]) for r in sent] == [2, 1, 1]


def test_cross_live_group_links(organiser, quick_jobs):
    lives = [live.id for live in get_client().lives.list(limit=3).items]
    group = get_client().groups.list(limit=1).items[0]
    the_plan = InvitePlan(kind=JobKind.LINK_GROUPS, live_ids=tuple(lives), group_ids=(group.id,))
    job = run(start_job(the_plan, organiser))
    assert job.counts()["invited"] == 3
    for live in lives:
        assert group.id in {g.id for g in get_client().live_groups.iter_all(live)}


def test_run_job_by_id_through_the_task(organiser, live_id, quick_jobs):
    job = start_job(plan([live_id], people(2)), organiser)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED


def test_a_running_job_paused_between_batches_resumes_to_the_end(
    organiser, live_id, quick_jobs, settings
):
    settings.MELTINGSPOT_BULK_BATCH_SIZE = 10
    # The second batch fails once (a 500 is not retried by the client): the runner waits
    # before trying it again, and the organiser pauses the job right then. The moment is
    # chosen by the test, not raced against the runner's pace.
    quick_jobs.configure(
        error_rate=1.0, error_status=500, fault_methods="POST", fault_after=1, fault_count=1
    )
    job = start_job(plan([live_id], people(60)), organiser)
    JobRunner(InviteJob.objects.get(pk=job.pk), sleep=lambda seconds: pause(job)).run()
    job.refresh_from_db()
    assert job.status == JobStatus.PAUSED
    done_at_pause = job.counts()["invited"]
    assert 10 <= done_at_pause < 60

    assert resume(job)  # the fault was once only
    job = run(job)
    assert job.status == JobStatus.COMPLETED
    assert job.counts()["invited"] == 60
    emails = quick_jobs.emails(live_id)
    assert {f"guest{i}@example.org" for i in range(60)} <= set(emails)
    assert all(count == 1 for count in emails.values())
