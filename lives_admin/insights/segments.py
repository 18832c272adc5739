"""The four segments of an insight (and everyone), their people and their CSV rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lives_admin.i18n.phrases import REPEAT_ATTENDEES
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
            REPEAT_ATTENDEES,
            format_lazy(
                _("Attended at least {count} of these lives."), count=rules.REPEAT_ATTENDEE_MIN
            ),
            "repeat_attendee",
            _("Your regulars: invite them first, or ask them to speak."),
        ),
        Segment(
            "chronic-no-shows",
            _("Chronic no-shows"),
            format_lazy(
                _(
                    "Missed the last {count} or more lives they registered for, in date order; "
                    "watching the replay still counts as missing the live, as in MeltingSpot's "
                    "no-show figure."
                ),
                count=rules.CHRONIC_NO_SHOW_MIN,
            ),
            "chronic_no_show",
            _("A reminder, or a replay link, may bring them back."),
        ),
        Segment(
            "replay-only",
            _("Replay only"),
            _("Watched a replay but never attended one of these lives live."),
            "replay_only",
            _("They like the content: a time that suits them better may help."),
        ),
        Segment(
            "never-registered",
            _("Invited, never registered"),
            _("Invited to at least one of these lives and registered for none."),
            "never_registered",
            _("The invitation did not speak to them yet."),
        ),
    )
}
EVERYONE = Segment(
    "everyone", _("Everyone"), _("Everyone invited to one of these lives."), None, ""
)
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
    _("Email"),
    _("First name"),
    _("Last name"),
    _("Lives invited to"),
    pgettext_lazy("export column", "Registered"),
    pgettext_lazy("export column", "Attended"),
    pgettext_lazy("export column", "Replayed"),
    _("View time (s)"),
    _("Current no-show streak"),
    _("Longest no-show streak"),
)


def csv_rows(snapshot: InsightSnapshot, segment: Segment) -> Iterator[tuple]:
    yield [str(column) for column in HEADER]
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
