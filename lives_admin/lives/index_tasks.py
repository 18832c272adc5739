"""Keeping the lives index fresh: a task the job worker runs, queued once at a time."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from lives_admin.jobs.stopping import WORKER_STOPPING
from lives_admin.lives import index
from lives_admin.meltingspot import SendCancelled, stopping_when
from lives_admin.models import LivesIndexState
from lives_admin.upstream import get_client

logger = logging.getLogger(__name__)
# A queued pass that has not ended after this long (a worker died) may be queued again.
QUEUED_PATIENCE = dt.timedelta(minutes=10)


@task()
def sync_lives_index() -> None:
    try:
        with stopping_when(WORKER_STOPPING):
            count = index.sync_all(get_client("job"))
    except SendCancelled:
        # The worker is stopping: a pass is whole or nothing, so the next one (queued
        # again by the next worker's loop) starts over; nothing failed.
        LivesIndexState.objects.filter(pk=1).update(queued_at=None)
        logger.info("The lives index pass stopped with the worker: it runs again later")
        return
    logger.info("The lives index holds %s lives", count)


def queue_sync(now: dt.datetime | None = None) -> bool:
    """Queue a full pass unless one is already queued (one conditional UPDATE, so two
    processes asking at once queue one). True when this call queued it."""
    now = now or timezone.now()
    LivesIndexState.current()
    claimed = (
        LivesIndexState.objects.filter(pk=1)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - QUEUED_PATIENCE))
        .update(queued_at=now)
    )
    if claimed:
        sync_lives_index.enqueue()
    return bool(claimed)


def keep_fresh(now: dt.datetime | None = None) -> bool:
    """Queue a pass when the index is cold or older than LIVES_INDEX_REFRESH_SECONDS
    (the worker's watchdog calls this; so does the list when it needs the index)."""
    now = now or timezone.now()
    synced_at = LivesIndexState.current().synced_at
    age = None if synced_at is None else (now - synced_at).total_seconds()
    if age is not None and age < settings.LIVES_INDEX_REFRESH_SECONDS:
        return False
    return queue_sync(now)
