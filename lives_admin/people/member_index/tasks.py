"""The index's task, run by the job worker at low priority, queued when the index is due.

Nothing syncs on a timer: a picker that reads the index queues a pass when the last one is
older than SYNC_EVERY, so an idle dashboard spends none of the key's budget. Invitation
jobs and insights go first in the worker's queue (a lower priority than theirs).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from lives_admin.jobs.stopping import WORKER_STOPPING
from lives_admin.meltingspot import SendCancelled, stopping_when
from lives_admin.models import MemberIndexState
from lives_admin.people.member_index.sync import run_sync, stale_run, state

PRIORITY = -50  # django-tasks: higher runs first; the invitation jobs use the default 0
# A queued task the worker has not started after this long was lost: queue another.
STALE_QUEUE = timedelta(minutes=15)


def sync_every() -> timedelta:
    return timedelta(seconds=settings.MEMBER_INDEX_SYNC_SECONDS)


@task(priority=PRIORITY)
def sync_member_index() -> None:
    try:
        with stopping_when(WORKER_STOPPING):
            run_sync()
    except SendCancelled:
        # The worker is stopping: what the pass stored is kept, the next page asking
        # for the index queues it again. Nothing failed.
        MemberIndexState.objects.filter(pk=1).update(queued_at=None, last_error="")


def queue_sync_if_due() -> bool:
    """Queue one pass when the index is older than SYNC_EVERY and none is queued or
    running; one conditional UPDATE, so many pages at once queue a single task."""
    now = timezone.now()
    state()
    due = (
        MemberIndexState.objects.filter(pk=1)
        .filter(Q(synced_at__isnull=True) | Q(synced_at__lt=now - sync_every()))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - STALE_QUEUE))
        .filter(Q(running_since__isnull=True) | Q(running_since__lt=now - stale_run()))
        .update(queued_at=now)
    )
    if due:
        transaction.on_commit(sync_member_index.enqueue)
    return bool(due)
