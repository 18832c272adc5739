"""Reading a set of lives from MeltingSpot and storing its snapshot.

Calls: the lives list once per 100 lives of the set (their metrics come with them), then
each live's participants in full pages of 100 (`iter_all`), one pass per live. A small
set is read in the request; a larger one by the worker, its progress on the page.
The new result replaces the old one only once complete, so a failed or slow refresh
keeps the previous figures on the page.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lives_admin.insights.aggregate import Aggregate, aggregate
from lives_admin.insights.selection import lives_of
from lives_admin.meltingspot import (
    Live,
    MeltingSpotClient,
    MeltingSpotError,
    NotFoundError,
    get_client,
)
from lives_admin.models import InsightLive, InsightPerson, InsightSnapshot, InsightStatus

logger = logging.getLogger(__name__)

DEFAULT_INLINE_MAX_LIVES = 5


class EmptySet(Exception):
    """No live of the set could be found."""

    def __init__(self, notes: list[str]):
        super().__init__("No lives in this set")
        self.notes = notes


def inline_max_lives() -> int:
    return getattr(settings, "INSIGHTS_INLINE_MAX_LIVES", DEFAULT_INLINE_MAX_LIVES)


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
    lives, notes = lives_of(client, snapshot.filters_query, snapshot.live_ids, snapshot.zone)
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
        run_token=token,
        error="",
    )
    if len(lives) <= inline_max_lives():
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
        pairs, notes = _read_participants(client, snapshot, token)
        if pairs is None:
            return  # taken over by a newer refresh
        _store(snapshot, token, aggregate(pairs), snapshot.run_notes + notes)
    except MeltingSpotError as error:
        reason = error.message or type(error).__name__
        _fail(snapshot_id, token, f"MeltingSpot could not be read to the end: {reason}.")
    except Exception as error:  # a bug or a locked database: say so, keep the old result
        logger.exception("Insights #%s stopped by an unexpected error", snapshot_id)
        _fail(snapshot_id, token, f"Stopped by an unexpected error ({type(error).__name__}).")


def _read_participants(client, snapshot: InsightSnapshot, token: str):
    pairs, notes = [], []
    for done, data in enumerate(snapshot.run_lives, start=1):
        live = Live.from_api(data)
        try:
            people = list(client.participants.iter_all(live.id))
        except NotFoundError:
            notes.append(f"“{live.title}” is no longer on MeltingSpot: left out.")
            people = None
        if people is not None:
            pairs.append((live, people))
        if not _mine(snapshot.pk, token).update(lives_done=done, heartbeat_at=timezone.now()):
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
        status=InsightStatus.FAILED, error=f"{reason} Refresh to try again."
    )
