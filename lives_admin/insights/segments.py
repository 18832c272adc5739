"""The four segments of an insight (and everyone), their people and their CSV rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lives_admin.insights import rules
from lives_admin.models import InsightPerson, InsightSnapshot


@dataclass(frozen=True)
class Segment:
    name: str  # in URLs
    title: str
    description: str
    flag: str | None  # the InsightPerson field; None for everyone
    follow_up: str  # what an invitation to them is for


SEGMENTS = {
    segment.name: segment
    for segment in (
        Segment(
            "repeat-attendees",
            "Repeat attendees",
            f"Attended at least {rules.REPEAT_ATTENDEE_MIN} of these lives.",
            "repeat_attendee",
            "Your regulars: invite them first, or ask them to speak.",
        ),
        Segment(
            "chronic-no-shows",
            "Chronic no-shows",
            f"Missed the last {rules.CHRONIC_NO_SHOW_MIN} or more lives they registered for, "
            "in date order; watching the replay still counts as missing the live, as in "
            "MeltingSpot's no-show figure.",
            "chronic_no_show",
            "A reminder, or a replay link, may bring them back.",
        ),
        Segment(
            "replay-only",
            "Replay only",
            "Watched a replay but never attended one of these lives live.",
            "replay_only",
            "They like the content: a time that suits them better may help.",
        ),
        Segment(
            "never-registered",
            "Invited, never registered",
            "Invited to at least one of these lives and registered for none.",
            "never_registered",
            "The invitation did not speak to them yet.",
        ),
    )
}
EVERYONE = Segment("everyone", "Everyone", "Everyone invited to one of these lives.", None, "")
ALL_SEGMENTS = {**SEGMENTS, EVERYONE.name: EVERYONE}


def people_of(snapshot: InsightSnapshot, segment: Segment) -> QuerySet[InsightPerson]:
    people = snapshot.people.all()
    if segment.flag:
        people = people.filter(**{segment.flag: True})
    return people.order_by("-attended", "-registered", "email")


def counts(snapshot: InsightSnapshot) -> dict[str, int]:
    """Every segment's size in one query."""
    totals = snapshot.people.aggregate(
        everyone=Count("id"),
        **{s.name: Count("id", filter=Q(**{s.flag: True})) for s in SEGMENTS.values()},
    )
    return {name: totals.get(name) or 0 for name in ALL_SEGMENTS}


HEADER = (
    "Email",
    "First name",
    "Last name",
    "Lives invited to",
    "Registered",
    "Attended",
    "Replayed",
    "View time (s)",
    "Current no-show streak",
    "Longest no-show streak",
)


def csv_rows(snapshot: InsightSnapshot, segment: Segment) -> Iterator[tuple]:
    yield HEADER
    for person in people_of(snapshot, segment).iterator(chunk_size=1000):
        yield (
            person.email,
            person.first_name,
            person.last_name,
            person.invited,
            person.registered,
            person.attended,
            person.replayed,
            person.view_time,
            person.current_streak,
            person.longest_streak,
        )
