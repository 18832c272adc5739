"""A job sends a few batches at once (its lanes), so it can use its share of the key
while MeltingSpot takes its time to answer (issue 18, a fair budget)."""

import itertools

import pytest

from lives_admin.invites.jobs import start_job
from lives_admin.models import JobStatus
from tests.integration.jobs.test_runner import live_id, people, plan, quick_jobs, run  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

LATENCY_S = 0.3


def test_batches_go_out_together_and_everyone_is_invited_once(
    organiser,
    live_id,  # noqa: F811
    quick_jobs,  # noqa: F811
    settings,
):
    settings.MELTINGSPOT_BULK_BATCH_SIZE = 10
    settings.MELTINGSPOT_JOB_LANES = 3
    quick_jobs.configure(latency_ms=int(LATENCY_S * 1000))
    quick_jobs.clear_requests()
    persons = people(90)

    job = run(start_job(plan([live_id], persons), organiser))

    assert job.status == JobStatus.COMPLETED
    assert job.counts()["invited"] == 90
    emails = quick_jobs.emails(live_id)
    assert all(emails.get(p.email) == 1 for p in persons)
    sent = sorted(r["at"] for r in quick_jobs.requests() if r["method"] == "POST")
    assert len(sent) == 9 == job.api_calls
    # One batch at a time, the next one leaves after the last one's answer: never
    # closer than the latency. Lanes send the next before.
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert min(gaps) < LATENCY_S / 2, gaps


def test_one_lane_sends_one_batch_at_a_time(
    organiser,
    live_id,  # noqa: F811
    quick_jobs,  # noqa: F811
    settings,
):
    settings.MELTINGSPOT_BULK_BATCH_SIZE = 10
    settings.MELTINGSPOT_JOB_LANES = 1
    quick_jobs.configure(latency_ms=int(LATENCY_S * 1000))
    quick_jobs.clear_requests()

    job = run(start_job(plan([live_id], people(30)), organiser))

    assert job.status == JobStatus.COMPLETED
    sent = sorted(r["at"] for r in quick_jobs.requests() if r["method"] == "POST")
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert len(sent) == 3 and min(gaps) >= LATENCY_S * 0.9, gaps


def test_a_job_makes_the_lives_list_stale_at_its_pace_and_at_its_end(
    organiser,
    live_id,  # noqa: F811
    quick_jobs,  # noqa: F811
    settings,
):
    """Bumped at every batch, the lives list (and the job's live) would miss the shared
    cache for every page while the job runs; at its end, pages show all it did."""
    from lives_admin.upstream.client import get_client as client_for

    settings.MELTINGSPOT_BULK_BATCH_SIZE = 10
    settings.MELTINGSPOT_JOB_INVALIDATE_EVERY = 60.0
    reads = client_for("job").invalidates.reads
    before = reads.versions(["lives", f"live:{live_id}:people"])

    job = run(start_job(plan([live_id], people(50)), organiser))

    assert job.status == JobStatus.COMPLETED and job.api_calls == 5
    after = reads.versions(["lives", f"live:{live_id}:people"])
    # The first batch, then the flush at the end: not one bump per batch.
    assert {scope: after[scope] - before[scope] for scope in after} == {
        "lives": 2,
        f"live:{live_id}:people": 2,
    }
