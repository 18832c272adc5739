"""Lives and their participants → per-person totals and per-live figures. Pure: no I/O.

Lives are taken in start-date order, so a no-show streak means "registered and absent,
N lives in a row" among the lives the person registered for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lives_admin.insights import rules
from lives_admin.meltingspot import Live, Participant

_LATE = datetime.max.replace(tzinfo=UTC)


@dataclass
class PersonTotals:
    key: str
    email: str
    spot_member_id: str = ""
    first_name: str = ""
    last_name: str = ""
    invited: int = 0
    registered: int = 0
    attended: int = 0
    replayed: int = 0
    view_time: int = 0
    current_streak: int = 0
    longest_streak: int = 0
    # The outcome of the last live that is over and that they registered for.
    last_was_no_show: bool | None = None

    @property
    def segments(self) -> dict[str, bool]:
        return {
            "repeat_attendee": rules.is_repeat_attendee(self),
            "chronic_no_show": rules.is_chronic_no_show(self),
            "replay_only": rules.is_replay_only(self),
            "never_registered": rules.is_never_registered(self),
        }


@dataclass
class LiveFigures:
    live: Live
    position: int
    audience: int = 0
    repeat_attendees: int = 0
    with_previous: int = 0
    no_show_last_time: int = 0
    people: list[str] = field(default_factory=list, repr=False)  # person keys


@dataclass
class Aggregate:
    people: list[PersonTotals]
    lives: list[LiveFigures]


def person_key(person: Participant) -> str:
    return person.spot_member_id or person.email.strip().lower()


def in_date_order(lives: Iterable[Live]) -> list[Live]:
    return sorted(lives, key=lambda live: (live.start_date or _LATE, live.id))


def _take(totals: PersonTotals, person: Participant, live: Live) -> None:
    totals.invited += 1
    totals.email = person.email or totals.email
    totals.first_name = person.first_name or totals.first_name
    totals.last_name = person.last_name or totals.last_name
    totals.spot_member_id = person.spot_member_id or totals.spot_member_id
    totals.registered += rules.registered(person)
    totals.attended += rules.attended(person)
    totals.replayed += rules.replayed(person)
    totals.view_time += rules.seconds_watched(person)
    if rules.no_show(person, live):
        totals.current_streak += 1
        totals.longest_streak = max(totals.longest_streak, totals.current_streak)
        totals.last_was_no_show = True
    elif rules.registered(person) and rules.is_over(live):
        totals.current_streak = 0
        totals.last_was_no_show = False


def aggregate(lives_with_people: Sequence[tuple[Live, Iterable[Participant]]]) -> Aggregate:
    by_id = {live.id: people for live, people in lives_with_people}
    ordered = in_date_order(live for live, _ in lives_with_people)
    people: dict[str, PersonTotals] = {}
    figures: list[LiveFigures] = []
    for position, live in enumerate(ordered, start=1):
        figure = LiveFigures(live=live, position=position)
        seen: set[str] = set()
        for person in by_id[live.id]:
            if not rules.in_audience(person):
                continue
            key = person_key(person)
            if key in seen:
                continue  # the same person twice in one answer counts once
            seen.add(key)
            totals = people.setdefault(key, PersonTotals(key=key, email=person.email))
            # "Last time": their previous registered live of the set, before this one.
            if totals.last_was_no_show is not None:
                figure.with_previous += 1
                figure.no_show_last_time += totals.last_was_no_show
            _take(totals, person, live)
            figure.people.append(key)
        figure.audience = len(figure.people)
        figures.append(figure)
    for figure in figures:
        figure.repeat_attendees = sum(
            rules.is_repeat_attendee(people[key]) for key in figure.people
        )
    return Aggregate(people=list(people.values()), lives=figures)
