"""A stalled job shows no time left rather than one that grows (issue 14): after its
worker was killed, while it waits on MeltingSpot, or when nothing has been sent for a
while, the pace so far only climbs ("about 9 min 37 s" during an outage, from 32 s).

The job's state is set in the database as a runner leaves it, at chosen times (no worker,
no clock race); the progress fragment is read as the page polls it.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from lives_admin.invites import activity
from lives_admin.models import InviteJob, ItemState, JobStatus
from tests.integration.jobs.helpers import progress_text, start

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def half_done(organiser):
    """A running job, 20 s in: 5 of 10 invited, the last one a second ago."""
    now = timezone.now()
    job = start(organiser, "live003", 10, prefix="pace")
    InviteJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=now - timedelta(seconds=20), heartbeat_at=now
    )
    first_five = job.items.order_by("id").values_list("pk", flat=True)[:5]
    job.items.filter(pk__in=list(first_five)).update(
        state=ItemState.INVITED, updated_at=now - timedelta(seconds=1)
    )
    return job


def test_a_moving_job_shows_its_time_left(half_done, viewer_client):
    # 5 done in the time since the start, 5 left at that pace: as long again, rounded up
    # ("about 21 s" when read at once). The page reads the clock itself: on a loaded machine
    # the read comes later, so the figure is bound by the time before and after it. The
    # worker beats just before the read, as a running one does every few seconds: the
    # fixture's beat may be older than the 6 s of silence by then, and so may the first read
    # of a process (imports, templates), made once before.
    progress_text(viewer_client, half_done)
    InviteJob.objects.filter(pk=half_done.pk).update(heartbeat_at=timezone.now())
    started = InviteJob.objects.get(pk=half_done.pk).started_at
    before = (timezone.now() - started).total_seconds()
    page = progress_text(viewer_client, half_done)
    after = (timezone.now() - started).total_seconds()
    left = re.search(r"about (\d+) s left", page)
    assert left, page
    assert int(before) + 1 <= int(left.group(1)) <= int(after) + 1
    assert "time left: unknown" not in page


def test_a_job_whose_worker_went_silent_shows_no_estimate(half_done, viewer_client):
    # Killed a minute ago: the pace over 80 s would say "about 1 min 21 s" and climb.
    later = timezone.now() - timedelta(seconds=60)
    InviteJob.objects.filter(pk=half_done.pk).update(
        started_at=later - timedelta(seconds=20), heartbeat_at=later
    )
    page = progress_text(viewer_client, half_done)
    assert "time left: unknown while the worker is silent" in page
    assert "about" not in page


def test_a_job_waiting_on_meltingspot_shows_no_estimate(half_done, viewer_client):
    InviteJob.objects.filter(pk=half_done.pk).update(
        activity={"state": activity.UNREACHABLE, "attempt": 3, "until": 0}
    )
    page = progress_text(viewer_client, half_done)
    assert "MeltingSpot is unreachable, retrying (attempt 3)" in page
    assert "time left: unknown while waiting on MeltingSpot" in page
    assert "about" not in page


def test_a_job_where_nothing_was_sent_for_a_while_shows_no_estimate(half_done, viewer_client):
    # Beating, no retry noted, but the last invitation was 5 min ago.
    now = timezone.now()
    InviteJob.objects.filter(pk=half_done.pk).update(started_at=now - timedelta(minutes=6))
    half_done.items.filter(state=ItemState.INVITED).update(updated_at=now - timedelta(minutes=5))
    page = progress_text(viewer_client, half_done)
    assert "time left: unknown while nothing has been sent for a while" in page
    assert "about" not in page
