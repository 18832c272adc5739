"""Reading a set of lives from MeltingSpot and storing its snapshot.

Calls: the lives list once per 100 lives of the set (their metrics come with them), then
each live's participants in full pages of 100 (`iter_all`), one pass per live. A set with
few pages of participants is read in the request; a larger one (or one whose size is
unknown) by the worker, its progress on the page.
The new result replaces the old one only once complete, so a failed or slow refresh
keeps the previous figures on the page.
"""

from __future__ import annotations

import logging
import math
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lives_admin.i18n import stored_texts as texts
from lives_admin.insights.aggregate import Aggregate, aggregate
from lives_admin.insights.selection import lives_of
from lives_admin.meltingspot import Live, MeltingSpotClient, MeltingSpotError, NotFoundError
from lives_admin.meltingspot.priority import INSIGHTS, request_class
from lives_admin.models import InsightLive, InsightPerson, InsightSnapshot, InsightStatus
from lives_admin.upstream import get_client

logger = logging.getLogger(__name__)

PAGE_SIZE = 100  # the client walks participants 100 at a time
# Pages of participants read inside the web request at most: at ~1 s a page under load this
# stays well inside gunicorn's 60 s timeout. More (or an unknown size) goes to the worker.
DEFAULT_INLINE_MAX_PAGES = 20
BEAT_SECONDS = 1.0  # the heartbeat and progress move at most this often


class EmptySet(Exception):
    """No live of the set could be found."""

    def __init__(self, notes: list[str]):
        super().__init__("No lives in this set")
        self.notes = notes


def inline_max_pages() -> int:
    return getattr(settings, "INSIGHTS_INLINE_MAX_PAGES", DEFAULT_INLINE_MAX_PAGES)


def expected_pages(lives) -> int | None:
    """Participant pages to read, from each live's `invited` metric; None when one is unknown."""
    total = 0
    for live in lives:
        invited = live.metrics.invited
        if invited is None:
            return None
        total += max(1, math.ceil(invited / PAGE_SIZE))  # an empty live still costs a call
    return total


def reads_in_request(lives) -> bool:
    pages = expected_pages(lives)
    return pages is not None and pages <= inline_max_pages()


def live_to_json(live: Live) -> dict:
    """A Live in the API's own shape, so `Live.from_api` reads it back."""
    metrics = live.metrics
    return {
        "id": live.id,
        "title": live.title,
        "startDate": live.start_date.isoformat() if live.start_date else None,
        "endDate": live.end_date.isoformat() if live.end_date else None,
        "status": live.status,
        "computedStatus": live.computed_status,
        "metrics": {
            "invited": metrics.invited,
            "registrant": metrics.registrant,
            "attendee": metrics.attendee,
            "attendanceRate": metrics.attendance_rate,
            "noShow": metrics.no_show,
            "averageViewTime": metrics.average_view_time,
            "totalReplayView": metrics.total_replay_view,
        },
    }


def begin(snapshot: InsightSnapshot, client: MeltingSpotClient | None = None) -> bool:
    """Read the set's lives and start reading their participants: here for a small set
    (True when done), else in the worker. MeltingSpotError and EmptySet propagate."""
    client = client or get_client()
    known_titles = {data.get("id"): data.get("title", "") for data in snapshot.run_lives}
    lives, notes = lives_of(
        client, snapshot.filters_query, snapshot.live_ids, snapshot.zone, known_titles
    )
    if not lives:
        raise EmptySet(notes)
    token = uuid.uuid4().hex
    now = timezone.now()
    InsightSnapshot.objects.filter(pk=snapshot.pk).update(
        status=InsightStatus.QUEUED,
        run_lives=[live_to_json(live) for live in lives],
        run_notes=notes,
        run_started_at=now,
        heartbeat_at=now,
        lives_done=0,
        people_read=0,
        run_token=token,
        error="",
    )
    if reads_in_request(lives):
        run(snapshot.pk, token, client=client)
        return True
    _enqueue(snapshot.pk, token)
    return False


def _enqueue(snapshot_id: int, token: str) -> None:
    from lives_admin.insights.tasks import run_insight_snapshot

    transaction.on_commit(lambda: run_insight_snapshot.enqueue(snapshot_id, token))


def _mine(snapshot_id: int, token: str):
    """The snapshot, only while this run owns it (a newer refresh takes it over)."""
    return InsightSnapshot.objects.filter(pk=snapshot_id, run_token=token)


def run(snapshot_id: int, token: str, client: MeltingSpotClient | None = None) -> None:
    if not _mine(snapshot_id, token).update(
        status=InsightStatus.RUNNING, heartbeat_at=timezone.now()
    ):
        return
    snapshot = InsightSnapshot.objects.get(pk=snapshot_id)
    client = client or get_client(purpose="job")
    try:
        with request_class(INSIGHTS):  # uses what pages leave (meltingspot/priority.py)
            pairs, notes = _read_participants(client, snapshot, token)
        if pairs is None:
            return  # taken over by a newer refresh
        _store(snapshot, token, aggregate(pairs), snapshot.run_notes + notes)
    except MeltingSpotError as error:
        reason = error.message or type(error).__name__
        _fail(snapshot_id, token, texts.INSIGHT_CUT_SHORT(reason=reason))
    except Exception as error:  # a bug or a locked database: say so, keep the old result
        logger.exception("Insights #%s stopped by an unexpected error", snapshot_id)
        _fail(snapshot_id, token, texts.INSIGHT_STOPPED(error=type(error).__name__))


class TakenOver(Exception):
    """A newer refresh owns the snapshot now: this run stops without writing."""


class _Beat:
    """Moves the heartbeat and the progress while a live's pages are read, at most once
    per BEAT_SECONDS, so one very large live does not look like a stopped worker."""

    def __init__(self, snapshot_id: int, token: str):
        self.snapshot_id, self.token = snapshot_id, token
        self.last = time.monotonic()

    def page_read(self, lives_done: int, people_read: int) -> None:
        if time.monotonic() - self.last >= BEAT_SECONDS:
            self.save(lives_done, people_read)

    def save(self, lives_done: int, people_read: int) -> None:
        self.last = time.monotonic()
        if not _mine(self.snapshot_id, self.token).update(
            lives_done=lives_done, people_read=people_read, heartbeat_at=timezone.now()
        ):
            raise TakenOver


def _people_of(client, live: Live, beat: _Beat, lives_done: int) -> list:
    people = []
    for person in client.participants.iter_all(live.id):
        people.append(person)
        if len(people) % PAGE_SIZE == 0:
            beat.page_read(lives_done, len(people))
    return people


def _read_participants(client, snapshot: InsightSnapshot, token: str):
    pairs, notes = [], []
    beat = _Beat(snapshot.pk, token)
    try:
        for done, data in enumerate(snapshot.run_lives):
            live = Live.from_api(data)
            try:
                pairs.append((live, _people_of(client, live, beat, done)))
            except NotFoundError:
                notes.append(texts.LIVE_LEFT_OUT(title=live.title))
            beat.save(done + 1, 0)
    except TakenOver:
        return None, notes
    return pairs, notes


def _store(snapshot: InsightSnapshot, token: str, result: Aggregate, notes: list[str]) -> None:
    with transaction.atomic():
        if not _mine(snapshot.pk, token).select_for_update().exists():
            return
        snapshot.people.all().delete()
        snapshot.lives.all().delete()
        InsightLive.objects.bulk_create(
            [_live_row(snapshot, figure) for figure in result.lives], batch_size=500
        )
        InsightPerson.objects.bulk_create(
            [_person_row(snapshot, person) for person in result.people], batch_size=1000
        )
        _mine(snapshot.pk, token).update(
            status=InsightStatus.DONE,
            taken_at=snapshot.run_started_at or timezone.now(),
            notes=notes,
            error="",
        )


def _live_row(snapshot: InsightSnapshot, figure) -> InsightLive:
    live, metrics = figure.live, figure.live.metrics
    return InsightLive(
        snapshot=snapshot,
        position=figure.position,
        live_id=live.id,
        title=live.title[:300],
        start_date=live.start_date,
        status=live.computed_status[:16],
        invited=metrics.invited,
        registrant=metrics.registrant,
        attendee=metrics.attendee,
        attendance_rate=metrics.attendance_rate,
        no_show=metrics.no_show,
        average_view_time=metrics.average_view_time,
        total_replay_view=metrics.total_replay_view,
        audience=figure.audience,
        repeat_attendees=figure.repeat_attendees,
        with_previous=figure.with_previous,
        no_show_last_time=figure.no_show_last_time,
    )


def _person_row(snapshot: InsightSnapshot, person) -> InsightPerson:
    return InsightPerson(
        snapshot=snapshot,
        email=person.email[:254],
        spot_member_id=person.spot_member_id[:64],
        first_name=person.first_name[:150],
        last_name=person.last_name[:150],
        invited=person.invited,
        registered=person.registered,
        attended=person.attended,
        replayed=person.replayed,
        view_time=person.view_time,
        current_streak=person.current_streak,
        longest_streak=person.longest_streak,
        **person.segments,
    )


def _fail(snapshot_id: int, token: str, reason: str) -> None:
    _mine(snapshot_id, token).update(
        status=InsightStatus.FAILED, error=texts.INSIGHT_FAILED(reason=reason)
    )
