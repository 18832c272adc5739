"""Typed filters for every documented list filter, encoded in one place (docs/api.md, D3).

A filter dataclass has exactly the fields its endpoint documents: a misspelt
field is a TypeError, never a silently dropped filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from lives_admin.meltingspot.models import METRIC_NAMES

LIVE_STATUSES = ("Planned", "Live", "Ended")
SOLUTIONS = ("Youtube", "Vimeo", "BuiltIn", "NoSolution")
BUILT_IN_TYPES = ("Workshop", "Conference")
PARTICIPANT_STATUSES = ("Invited", "Accepted", "Declined")
PARTICIPANT_TYPES = ("Participant", "Speaker", "Host")
COMPARISONS = ("lt", "lte", "gt", "gte", "eq")


def unix_seconds(moment: datetime) -> int:
    """docs/api.md, D2: request timestamps are integer Unix seconds from aware datetimes."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Filter datetimes must be timezone-aware")
    return int(moment.timestamp())


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return str(unix_seconds(value))
    return str(value)


def _one_or_many(name: str, values: tuple) -> list[tuple[str, str]]:
    """One value → `[eq]` (the form P documents); two or more → `[in]`, comma-separated."""
    values = tuple(dict.fromkeys(values))
    if not values:
        return []
    if len(values) == 1:
        return [(f"{name}[eq]", _scalar(values[0]))]
    return [(f"{name}[in]", ",".join(_scalar(v) for v in values))]


@dataclass(frozen=True)
class MetricRange:
    lt: int | float | None = None
    lte: int | float | None = None
    gt: int | float | None = None
    gte: int | float | None = None
    eq: int | float | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, op) is None for op in COMPARISONS)


@dataclass(frozen=True)
class LiveFilters:
    title_eq: str | None = None
    title_contains: str | None = None
    status: str | None = None
    start_date_lt: datetime | None = None
    start_date_lte: datetime | None = None
    start_date_gt: datetime | None = None
    start_date_gte: datetime | None = None
    start_date_eq: datetime | None = None
    solutions: tuple[str, ...] = ()
    built_in_types: tuple[str, ...] = ()
    replay: bool | None = None
    metrics: dict[str, MetricRange] = field(default_factory=dict)

    def __post_init__(self):
        unknown = set(self.metrics) - set(METRIC_NAMES)
        if unknown:
            raise ValueError(f"Unknown metric filter(s): {', '.join(sorted(unknown))}")
        for name in ("start_date_lt", "start_date_lte", "start_date_gt", "start_date_gte"):
            value = getattr(self, name)
            if value is not None:
                unix_seconds(value)
        if self.start_date_eq is not None:
            unix_seconds(self.start_date_eq)

    def to_query(self) -> list[tuple[str, str]]:
        query: list[tuple[str, str]] = []
        if self.title_eq:
            query.append(("title[eq]", self.title_eq))
        if self.title_contains:
            query.append(("title[contains]", self.title_contains))
        if self.status:
            query.append(("status[eq]", self.status))
        for op in COMPARISONS:
            value = getattr(self, f"start_date_{op}")
            if value is not None:
                query.append((f"startDate[{op}]", _scalar(value)))
        query += _one_or_many("solution", self.solutions)
        if self.replay is not None:
            query.append(("replay[eq]", _scalar(self.replay)))
        query += _one_or_many("builtInType", self.built_in_types)
        for metric in METRIC_NAMES:
            bounds = self.metrics.get(metric)
            if bounds is None:
                continue
            for op in COMPARISONS:
                value = getattr(bounds, op)
                if value is not None:
                    query.append((f"{metric}[{op}]", _scalar(value)))
        return query


@dataclass(frozen=True)
class _PeopleFilters:
    first_name_eq: str | None = None
    first_name_contains: str | None = None
    last_name_eq: str | None = None
    last_name_contains: str | None = None
    email_eq: str | None = None
    email_contains: str | None = None
    has_replayed: bool | None = None
    has_participated: bool | None = None

    def _name_query(self) -> list[tuple[str, str]]:
        query = []
        for api_name, attr in (
            ("firstname", "first_name"),
            ("lastname", "last_name"),
            ("email", "email"),
        ):
            for op in ("eq", "contains"):
                value = getattr(self, f"{attr}_{op}")
                if value:
                    query.append((f"{api_name}[{op}]", value))
        return query

    def _flag_query(self) -> list[tuple[str, str]]:
        query = []
        if self.has_replayed is not None:
            query.append(("hasReplayed[eq]", _scalar(self.has_replayed)))
        if self.has_participated is not None:
            query.append(("hasParticipated[eq]", _scalar(self.has_participated)))
        return query


@dataclass(frozen=True)
class ParticipantFilters(_PeopleFilters):
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def to_query(self) -> list[tuple[str, str]]:
        return (
            self._name_query()
            + _one_or_many("type", self.types)
            + _one_or_many("status", self.statuses)
            + self._flag_query()
        )


@dataclass(frozen=True)
class SpeakerFilters(_PeopleFilters):
    """The speakers list has one status filter and no type filter (docs/api.md, Speakers list)."""

    status: str | None = None

    def to_query(self) -> list[tuple[str, str]]:
        status = [("status[eq]", self.status)] if self.status else []
        return self._name_query() + status + self._flag_query()


@dataclass(frozen=True)
class GroupFilters:
    name_eq: str | None = None
    name_contains: str | None = None

    def to_query(self) -> list[tuple[str, str]]:
        query = []
        if self.name_eq:
            query.append(("name[eq]", self.name_eq))
        if self.name_contains:
            query.append(("name[contains]", self.name_contains))
        return query


@dataclass(frozen=True)
class SpotMemberFilters:
    """`[in]` lists only: the API has no contains filter on members (docs/api.md, Spot members)."""

    emails: tuple[str, ...] = ()
    first_names: tuple[str, ...] = ()
    last_names: tuple[str, ...] = ()
    custom_role_id: str | None = None
    invitation_date_before: datetime | None = None
    invitation_date_after: datetime | None = None
    registration_date_before: datetime | None = None
    registration_date_after: datetime | None = None

    def to_query(self) -> list[tuple[str, str]]:
        query = []
        for api_name, values in (
            ("email", self.emails),
            ("firstname", self.first_names),
            ("lastname", self.last_names),
        ):
            if values:
                query.append((f"{api_name}[in]", ",".join(values)))
        if self.custom_role_id:
            query.append(("customRoleId[eq]", self.custom_role_id))
        for api_name, attr in (
            ("invitationDate", "invitation"),
            ("registrationDate", "registration"),
        ):
            for op in ("before", "after"):
                value = getattr(self, f"{attr}_date_{op}")
                if value is not None:
                    query.append((f"{api_name}[{op}]", _scalar(value)))
        return query


@dataclass(frozen=True)
class GroupMemberFilters:
    emails: tuple[str, ...] = ()
    first_names: tuple[str, ...] = ()
    last_names: tuple[str, ...] = ()
    registration_date_before: datetime | None = None
    registration_date_after: datetime | None = None

    def to_query(self) -> list[tuple[str, str]]:
        as_member_filters = SpotMemberFilters(
            **{f.name: getattr(self, f.name) for f in fields(self)}
        )
        return as_member_filters.to_query()


def encode_query(filters, *, page: int | None = None, limit: int | None = None) -> list:
    """The one function that turns filters + pagination into query pairs (docs/api.md, D3, D4)."""
    query: list[tuple[str, str]] = []
    if page is not None:
        query.append(("page", str(page)))
    if limit is not None:
        query.append(("limit", str(limit)))
    if filters is not None:
        query += filters.to_query()
    return query
