"""The engine of a job: batches to MeltingSpot, each item's state committed as confirmed.

- Batches go through the bulk endpoints, sized by MELTINGSPOT_BULK_BATCH_SIZE; the
  client splits on 413 and retries 429/5xx/timeouts with backoff, paced by the shared
  rate limiter.
- One runner holds a job (its token). Right before each request it checks, in one
  conditional UPDATE that also beats and counts the call, that it still holds the
  running job: a paused, cancelled, finished or taken-over job gets nothing more. Its
  marks are committed only while it holds the token.
- A heartbeat thread (pulse.py) stamps the job every few seconds, whatever the runner
  waits for, with a note on why it waits (activity.py): another worker takes over only
  after `stale_after_seconds()` of silence, never while this runner is alive.
- A batch whose answer was lost is sent again: invites are idempotent on
  MeltingSpot's side, so nobody gets a second email. So is a batch whose result could
  not be stored because the database connection dropped: the runner reconnects.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from lives_admin import audit
from lives_admin.audit.durable_writes import LOST_CONNECTION, once_more_if_lost
from lives_admin.i18n import stored_texts as texts
from lives_admin.invites import activity
from lives_admin.invites.lanes import PendingBatches, run_lanes
from lives_admin.invites.pulse import Pulse
from lives_admin.invites.task_rows import fail_dead_rows, fail_rows_of_job
from lives_admin.jobs import key_share
from lives_admin.jobs.liveness import stale_after_seconds
from lives_admin.meltingspot import (
    BadRequestError,
    MeltingSpotClient,
    MeltingSpotError,
    NotFoundError,
    ParticipantFilters,
    RateLimitExceeded,
    SendCancelled,
    watching_attempts,
)
from lives_admin.meltingspot.priority import JOB, acting_for, request_class
from lives_admin.models import InviteJob, InviteJobItem, ItemState, JobKind, JobStatus
from lives_admin.people.versions import people_changed
from lives_admin.upstream import get_client

logger = logging.getLogger(__name__)

# A batch that keeps failing for reasons other than the data (outage, budget) is tried
# this many times before its people are reported as failed.
MAX_ATTEMPTS = 5
PAUSE_BETWEEN_FAILED_ATTEMPTS = 2.0
# Pending items are read from the database this many batches at a time.
PREFETCH_BATCHES = 10
# Database connections lost in a row (each followed by a fresh one) before giving up.
MAX_RECONNECTS = 3


class Stop(Exception):
    """The job was paused, cancelled or taken over: leave the rest pending."""


class _ReadAgain(Exception):
    """A batch went wrong: part of it may still be pending, read the queue anew."""


class JobRunner:
    def __init__(
        self,
        job: InviteJob,
        client: MeltingSpotClient | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.job = job
        self.client = client or get_client(purpose="job")
        self.sleep = sleep
        self.token = uuid.uuid4().hex
        self.batch_size = max(1, settings.MELTINGSPOT_BULK_BATCH_SIZE)
        self.pulse = Pulse(job.pk, self.token)
        # Paced bumps of the people counts' versions (_people_changed).
        self._paced_lock = threading.Lock()
        self._people_bumped: dict[str, float] = {}
        self._people_due: set[str] = set()

    # -- the loop -----------------------------------------------------------------------
    def claim(self) -> bool:
        """Take the job if it is waiting (or recovered); False if someone else runs it."""
        now = timezone.now()
        # started_at is this run's start: the time left is estimated from its pace,
        # not from hours spent paused.
        updated = InviteJob.objects.filter(pk=self.job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            runner_token=self.token,
            heartbeat_at=now,
            started_at=now,
            activity={},
        )
        if updated:
            self.job.refresh_from_db()
        return bool(updated)

    def _running_and_mine(self):
        return InviteJob.objects.filter(
            pk=self.job.pk, status=JobStatus.RUNNING, runner_token=self.token
        )

    def check_in(self) -> None:
        """Heartbeat, and stop if the job was paused, cancelled or taken over."""
        if not self._running_and_mine().update(heartbeat_at=timezone.now()):
            raise Stop

    def _hold(self) -> None:
        """Inside the transaction of a mark: stop unless this runner still holds the job
        (paused or cancelled, it still does: what it sent is recorded). On PostgreSQL the
        UPDATE locks the job's row until the marks are committed."""
        held = InviteJob.objects.filter(pk=self.job.pk, runner_token=self.token).update(
            heartbeat_at=timezone.now()
        )
        if not held:
            raise Stop

    # -- what the client asks and tells before and after each request ---------------------
    def before_attempt(self) -> bool:
        """Right before a request leaves: still the running job's runner? The same UPDATE
        beats and counts the call (every attempt, retries included)."""
        mine = bool(
            self._running_and_mine().update(
                heartbeat_at=timezone.now(), api_calls=F("api_calls") + 1
            )
        )
        if mine:  # its share of the key, on the jobs page
            with contextlib.suppress(Exception):  # a figure to show, never a reason to stop
                key_share.note_request(self.job.pk, self.client.rate_limiter.window)
        return mine

    def after_attempt(self, error, attempt: int, retry_in: float | None) -> None:
        if error is None or retry_in is not None:  # an answer, or a wait before a retry
            self.pulse.note(activity.after_attempt(error, attempt, retry_in))

    def run(self) -> None:
        if not self.claim():
            return
        actor = audit.actor_for_user(self.job.created_by, job_id=self.job.pk)
        # Inside a caller's transaction (a test's), another connection could not see the
        # job: the beats before each request are then the only ones.
        beating = not connection.in_atomic_block
        if beating:
            self.pulse.start()
        try:
            with (
                audit.acting_as(actor),
                watching_attempts(self),
                request_class(JOB),
                acting_for(self.job.created_by_id),
            ):
                self._run_lives()
        finally:
            if beating:
                self.pulse.stop()

    def _run_lives(self) -> None:
        try:
            for live_id in self.job.live_ids:
                self._run_live(live_id)
        except Stop:
            return
        except Exception as error:  # a bug or a locked database: stop, lose nothing
            logger.exception("Job %s stopped by an unexpected error", self.job.pk)
            self._pause(texts.JOB_STOPPED(error=type(error).__name__))
            return
        once_more_if_lost(
            lambda: self._running_and_mine().update(
                status=JobStatus.COMPLETED, finished_at=timezone.now(), activity={}
            )
        )

    def _pending(self, live_id: str, excluded: set) -> list[InviteJobItem]:
        items = self.job.items.filter(live_id=live_id, state=ItemState.PENDING)
        if excluded:  # batches on their way in other lanes
            items = items.exclude(pk__in=excluded)
        return list(items.order_by("id")[: self.batch_size * PREFETCH_BATCHES])

    def _lane_count(self) -> int:
        # Inside a caller's transaction (a test's), other threads' connections could not
        # see the job: one lane, in this thread.
        if connection.in_atomic_block:
            return 1
        return max(1, getattr(settings, "MELTINGSPOT_JOB_LANES", 1))

    def _run_live(self, live_id: str) -> None:
        # Pending items are read a few batches at a time, shared by the lanes (lanes.py).
        # A batch sent without an error has every item settled (invited, already there
        # or failed), so the rest of the queue is still pending; after an error the
        # queue is read again, and an empty queue is refilled until the database has
        # nothing pending for the live but the batches on their way.
        batches = PendingBatches(lambda out: self._pending(live_id, out), self.batch_size)

        def lane(halt) -> None:
            reconnects = 0
            while True:
                if halt.is_set():  # another lane stopped: so does this one
                    raise Stop
                try:
                    if not self._next_batch(live_id, batches):
                        return
                    reconnects = 0
                except LOST_CONNECTION:
                    # The database connection dropped (a restart, a terminated backend):
                    # the batch's people stay pending and are read again on a fresh
                    # connection.
                    reconnects += 1
                    if reconnects > MAX_RECONNECTS:
                        raise
                    logger.warning("Job %s: database connection lost, reconnecting", self.job.pk)
                    connection.close()
                    batches.forget()

        try:
            run_lanes(self._lane_count(), lane)
        finally:  # before the job says it is done: pages then show all it did
            self._flush_invalidations()

    def _people_changed(self, live_id: str) -> None:
        """The live's cached people counts are stale: bumped at most every
        MELTINGSPOT_JOB_INVALIDATE_EVERY seconds while batches go (the live's panels
        would never be served from the cache), and at the end (_flush_invalidations)."""
        now = time.monotonic()
        every = getattr(settings, "MELTINGSPOT_JOB_INVALIDATE_EVERY", 5.0)
        with self._paced_lock:
            if now - self._people_bumped.get(live_id, -math.inf) < every:
                self._people_due.add(live_id)
                return
            self._people_bumped[live_id] = now
            self._people_due.discard(live_id)
        people_changed(live_id)

    def _flush_invalidations(self) -> None:
        with self._paced_lock:
            due, self._people_due = self._people_due, set()
            self._people_bumped.clear()
        for live_id in due:
            people_changed(live_id)
        flush = getattr(self.client, "flush_invalidations", None)
        if flush is not None:
            flush()

    def _next_batch(self, live_id: str, batches: PendingBatches) -> bool:
        """Send the next batch of the live; False when none is pending."""
        self.check_in()
        batch = batches.take()
        if batch is None:
            return False
        read_again = True
        try:
            self._send_batch(live_id, batch)
            read_again = False
        except _ReadAgain:
            pass
        finally:
            batches.done(batch, read_again=read_again)
        return True

    def _send_batch(self, live_id: str, batch: list[InviteJobItem]) -> None:
        """Send one batch; _ReadAgain when part of it may still be pending."""
        try:
            title = self.job.live_titles.get(live_id, "")
            try:
                with audit.describing(live_title=title, names=_names_of(batch)):
                    self._send(live_id, batch)
            finally:
                # The live's cached people counts are now stale, even after an error:
                # part of the batch may have been written (one by one, or before a cut).
                self._people_changed(live_id)
        except SendCancelled as error:
            raise Stop from error
        except BadRequestError as error:
            self._fail(batch, texts.REFUSED(message=error.message))
        except NotFoundError as error:
            said = texts.MELTINGSPOT_SAID(message=error.message) if error.message else None
            self._fail(batch, said or texts.NOT_FOUND())
            if "live" in (error.message or "").lower():
                # Nobody else can be invited to a live that no longer exists.
                self._fail(
                    list(self.job.items.filter(live_id=live_id, state=ItemState.PENDING)),
                    texts.LIVE_GONE(),
                )
        except RateLimitExceeded as error:
            # Today's budget is spent: nothing was sent, everyone waits for tomorrow.
            self._pause(texts.BUDGET_SPENT(reason=error.message))
            raise Stop from error
        except MeltingSpotError as error:
            self._batch_went_wrong(batch, error)
        else:
            return
        raise _ReadAgain  # part of the batch may be settled: read what is still pending

    def _batch_went_wrong(self, batch: list[InviteJobItem], error: MeltingSpotError) -> None:
        """An outage: keep the people pending and try again; after a few tries, pause the
        job (nobody is marked failed for MeltingSpot being down) for the organiser to resume."""
        message = getattr(error, "message", "") or type(error).__name__
        pending = InviteJobItem.objects.filter(
            pk__in=[item.pk for item in batch], state=ItemState.PENDING
        )
        with transaction.atomic():
            self._hold()
            InviteJob.objects.filter(pk=self.job.pk).update(last_error=message[:500])
            pending.update(attempts=F("attempts") + 1)
        tries = max(pending.values_list("attempts", flat=True), default=0)
        if tries >= MAX_ATTEMPTS:
            self._pause(texts.KEPT_FAILING(message=message))
            raise Stop
        wait = PAUSE_BETWEEN_FAILED_ATTEMPTS * tries
        self.pulse.note(activity.batch_again(error, tries, wait))
        self.sleep(wait)

    def _pause(self, reason: str) -> None:
        once_more_if_lost(
            lambda: self._running_and_mine().update(
                status=JobStatus.PAUSED, last_error=reason[:500], activity={}
            )
        )

    # -- sending ------------------------------------------------------------------------

    def _send(self, live_id: str, batch: list[InviteJobItem]) -> None:
        kind = self.job.kind
        options = self.job.options
        if kind == JobKind.INVITE_PARTICIPANTS:
            self._invite_participants(live_id, batch, options)
        elif kind == JobKind.INVITE_SPEAKERS:
            self._invite_speakers(live_id, batch, options)
        elif kind == JobKind.LINK_GROUPS:
            outcome = self.client.live_groups.bulk_link(
                live_id,
                [item.group_id for item in batch],
                with_email_notification=options.get("with_email_notification", False),
            )
            self._settle(batch, set(), outcome.errors, all_done=True)
        elif kind == JobKind.UNLINK_GROUPS:
            outcome = self.client.live_groups.bulk_unlink(live_id, [i.group_id for i in batch])
            self._settle(batch, set(), outcome.errors, all_done=True)

    def _invite_participants(self, live_id, batch, options) -> None:
        by_id = [item.spot_member_id for item in batch if item.spot_member_id]
        by_email = [item.email for item in batch if not item.spot_member_id]
        try:
            outcome = self.client.participants.bulk_invite(
                live_id,
                spot_member_ids=by_id,
                emails=by_email,
                with_email_notification=options.get("with_email_notification", False),
            )
        except BadRequestError:
            if len(batch) == 1:
                raise
            # One bad entry refuses the whole batch: invite one by one to isolate it.
            return self._one_by_one(live_id, batch, options)
        answered = {p.spot_member_id for p in outcome.participants} | {
            p.email.lower() for p in outcome.participants
        }
        self._settle(batch, answered, outcome.errors, live_id=live_id)

    def _one_by_one(self, live_id, batch, options) -> None:
        for item in batch:
            try:
                result = self.client.participants.invite(
                    live_id,
                    item.spot_member_id or item.email,
                    with_email_notification=options.get("with_email_notification", False),
                )
            except BadRequestError as error:
                self._fail([item], texts.REFUSED(message=error.message))
                continue
            self._mark(
                [item], ItemState.ALREADY_THERE if result.already_invited else ItemState.INVITED
            )

    def _invite_speakers(self, live_id, batch, options) -> None:
        switches = {
            "highlighted": options.get("highlighted", False),
            "grant_host_rights": options.get("grant_host_rights", False),
            "with_email_notification": options.get("with_email_notification", False),
        }
        members = [item for item in batch if item.spot_member_id]
        if members:
            try:
                outcome = self.client.speakers.bulk_invite(
                    live_id, [item.spot_member_id for item in members], **switches
                )
            except BadRequestError:
                if len(members) == 1:
                    raise
                # One bad member refuses the whole call: one by one, to isolate them.
                self._speakers_one_by_one(live_id, members, switches)
            else:
                answered = {p.spot_member_id for p in outcome.participants}
                self._settle(members, answered, outcome.errors, live_id=live_id)
        # docs/api.md, D13: people who are not members yet are invited one by one, by email.
        for item in (item for item in batch if not item.spot_member_id):
            try:
                result = self.client.speakers.invite(
                    live_id,
                    email=item.email,
                    first_name=item.first_name,
                    last_name=item.last_name,
                    **switches,
                )
            except BadRequestError as error:
                self._fail([item], texts.REFUSED(message=error.message))
                continue
            self._mark(
                [item], ItemState.ALREADY_THERE if result.already_invited else ItemState.INVITED
            )

    def _speakers_one_by_one(self, live_id, members, switches) -> None:
        for item in members:
            try:
                self.client.speakers.invite_member(live_id, item.spot_member_id, **switches)
            except BadRequestError as error:
                self._fail([item], texts.REFUSED(message=error.message))
                continue
            self._mark([item], ItemState.INVITED)

    def _settle(self, batch, answered: set[str], errors: dict, *, live_id=None, all_done=False):
        """Mark a confirmed batch's items (docs/api.md, Invite participants in bulk)."""
        done, failed, unclear = [], [], []
        for item in batch:
            key = item.group_id or item.spot_member_id or item.email
            if key in errors or item.email in errors:
                failed.append((item, errors.get(key) or errors.get(item.email)))
            elif (
                all_done
                or (item.spot_member_id and item.spot_member_id in answered)
                or item.email.lower() in answered
            ):
                done.append(item)
            else:
                unclear.append(item)
        for item in unclear:
            # Not in the answer: look the person up before calling it a failure.
            found = self.client.participants.list(
                live_id, ParticipantFilters(email_eq=item.email), limit=1
            )
            (done if found.total else failed).append(item if found.total else (item, None))
        state = ItemState.DONE if all_done else ItemState.INVITED
        self._mark(done, state)
        for item, message in failed:
            self._fail([item], texts.REFUSED(message=message) if message else texts.NOT_INVITED())

    def _mark(self, items: list[InviteJobItem], state: str) -> None:
        if items:
            with transaction.atomic():
                self._hold()
                InviteJobItem.objects.filter(pk__in=[i.pk for i in items]).update(
                    state=state, error="", updated_at=timezone.now()
                )

    def _fail(self, items: list[InviteJobItem], message: str) -> None:
        """Only people still pending: one already settled in this batch keeps its result."""
        if items:
            with transaction.atomic():
                self._hold()
                InviteJobItem.objects.filter(
                    pk__in=[i.pk for i in items], state=ItemState.PENDING
                ).update(state=ItemState.FAILED, error=message[:500], updated_at=timezone.now())


def run_job(job_id: int) -> None:
    try:
        job = InviteJob.objects.select_related("created_by").get(pk=job_id)
    except InviteJob.DoesNotExist:
        logger.warning("Job %s no longer exists", job_id)
        return
    JobRunner(job).run()


def recover_stale_jobs() -> list[int]:
    """Jobs whose runner stopped beating (a crashed worker) go back in the queue, and
    django-tasks rows left "running" by dead workers are marked failed. Only job workers
    call this (their watchdog), all with the one delay of `stale_after_seconds()`."""
    from lives_admin.invites.jobs import enqueue

    stale_after = stale_after_seconds()
    recovered = []
    for job in InviteJob.objects.filter(status=JobStatus.RUNNING):
        if job.is_stale(stale_after):
            with transaction.atomic():
                # The same token and heartbeat as read: a runner that beat since keeps it.
                moved = InviteJob.objects.filter(
                    pk=job.pk,
                    status=JobStatus.RUNNING,
                    runner_token=job.runner_token,
                    heartbeat_at=job.heartbeat_at,
                ).update(status=JobStatus.QUEUED, runner_token="", activity={})
                if moved:
                    silent = (timezone.now() - job.last_beat).total_seconds()
                    fail_rows_of_job(
                        job.pk,
                        f"The worker stopped answering for {silent:.0f} s: job #{job.pk} was "
                        "handed to another worker.",
                    )
                    enqueue(job)
                    recovered.append(job.pk)
    if recovered:
        logger.warning("Resumed jobs whose worker stopped: %s", recovered)
    fail_dead_rows(stale_after)
    return recovered


def _names_of(batch: list[InviteJobItem]) -> dict[str, str]:
    """How the batch's groups and people read, by the id (or email) the write sends: the
    audit log names them."""
    names = {}
    for item in batch:
        if item.group_id:
            names[item.group_id] = item.group_name
        elif item.spot_member_id:
            names[item.spot_member_id] = item.who
        elif item.who != item.email:
            names[item.email] = item.who
    return names
