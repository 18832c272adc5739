"""The list filters, as tables: filter name (`field[op]`) → how to read it and match it.

A list endpoint accepts exactly its table's names (plus `page` and `limit`); anything else
is a 400, as on the real API. Lives are matched in Python on their JSON (the metrics are
computed); people and members are matched in SQL, so a 100,000-member Spot stays fast.

Inferred (the API reference says nothing; docs/api.md, Sandbox behaviour lists them):
- members' `[in]` lists compare case-insensitively, and `before` / `after` are strict;
- `GET /v1/spotMembers` answers in `MEMBER_ORDER`, a group's members in `GROUP_MEMBER_ORDER`
  (the API documents no order and no sort parameter);
- `customRoleId[eq]` matches nobody (the sandbox's members have no custom role).
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from meltingspot_sandbox import validation as v

COMPARISONS = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
    "eq": operator.eq,
}
METRICS = (
    "averageViewTime",
    "invited",
    "registrant",
    "attendee",
    "noShow",
    "totalReplayView",
    "attendanceRate",
)


def contains(value, bound) -> bool:
    return bound in value


def is_in(value, bound) -> bool:
    return value in bound


# -- lives: matched on the live's JSON ------------------------------------------------
@dataclass(frozen=True)
class LiveFilter:
    value: Callable[[dict], object]  # the live's side
    bound: Callable[[str, str], object]  # (raw query value, filter name) → checked bound
    test: Callable[[object, object], bool]  # (value, bound) → the live matches


def _text(raw: str, name: str) -> str:
    return raw


def _lowered(raw: str, name: str) -> str:
    return raw.lower()


def _live_status(raw: str, name: str) -> str:
    if raw not in v.LIVE_STATUSES:
        raise v.Invalid(f"status must be one of: {', '.join(v.LIVE_STATUSES)}")
    return raw


def _values(allowed: tuple[str, ...], *, one: bool) -> Callable[[str, str], list[str]]:
    def bound(raw: str, name: str) -> list[str]:
        wanted = v.query_enum_list(raw, name, allowed)
        if one and len(wanted) != 1:
            raise v.Invalid(f"{name} takes one value")
        return wanted

    return bound


def _unix_seconds(raw: str, name: str) -> float:
    bound = v.query_number(raw, name)
    if len(str(int(bound))) > 10:
        raise v.Invalid(f"{name} must be a Unix timestamp in seconds")
    return bound


def _has_replay(live: dict) -> bool:
    config = live["builtInConfig"]
    return bool(config and config["recordAvailable"]) or live["metrics"]["totalReplayView"] > 0


def _start(live: dict) -> float:
    return datetime.fromisoformat(live["startDate"].replace("Z", "+00:00")).timestamp()


def _metric(name: str) -> Callable[[dict], float]:
    return lambda live: live["metrics"][name]


def _field(name: str) -> Callable[[dict], object]:
    return lambda live: live[name]


def _enum_filters(field: str, allowed: tuple[str, ...]) -> dict[str, LiveFilter]:
    return {
        f"{field}[eq]": LiveFilter(_field(field), _values(allowed, one=True), is_in),
        f"{field}[in]": LiveFilter(_field(field), _values(allowed, one=False), is_in),
    }


LIVE_FILTERS: dict[str, LiveFilter] = {
    "title[eq]": LiveFilter(_field("title"), _text, operator.eq),
    "title[contains]": LiveFilter(lambda live: live["title"].lower(), _lowered, contains),
    "status[eq]": LiveFilter(_field("computedStatus"), _live_status, operator.eq),
    **_enum_filters("solution", v.SOLUTIONS),
    **_enum_filters("builtInType", v.BUILT_IN_TYPES),
    "replay[eq]": LiveFilter(_has_replay, lambda raw, name: v.query_bool(raw, name), operator.eq),
    **{
        f"startDate[{op}]": LiveFilter(_start, _unix_seconds, test)
        for op, test in COMPARISONS.items()
    },
    **{
        f"{metric}[{op}]": LiveFilter(_metric(metric), v.query_number, test)
        for metric in METRICS
        for op, test in COMPARISONS.items()
    },
}


def live_matcher(query: dict) -> Callable[[dict], bool]:
    """A test of one live against every filter of the query (bounds checked once, here)."""
    checks = [
        (LIVE_FILTERS[name], LIVE_FILTERS[name].bound(raw, name))
        for name, raw in query.items()
        if name in LIVE_FILTERS
    ]
    return lambda live: all(f.test(f.value(live), bound) for f, bound in checks)


# -- participants, speakers and members: SQL conditions -------------------------------
# (raw query value, filter name) → (an SQL condition with `?` marks, its parameters)
SqlFilter = Callable[[str, str], tuple[str, list]]


def _equals_ignoring_case(column: str) -> SqlFilter:
    return lambda raw, name: (f"{column} = ? COLLATE NOCASE", [raw])


def _containing(column: str) -> SqlFilter:
    def condition(raw: str, name: str) -> tuple[str, list]:
        escaped = raw.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{column} LIKE ? ESCAPE '\\'", [f"%{escaped}%"]

    return condition


def _one_of(column: str, allowed: tuple[str, ...], *, one: bool) -> SqlFilter:
    values = _values(allowed, one=one)

    def condition(raw: str, name: str) -> tuple[str, list]:
        wanted = values(raw, name)
        return f"{column} IN ({','.join('?' * len(wanted))})", wanted

    return condition


def _flag(column: str) -> SqlFilter:
    return lambda raw, name: (f"{column} = ?", [int(v.query_bool(raw, name))])


def _listed(column: str) -> SqlFilter:
    """`[in]`: a comma-separated list of exact values, case aside (docs/api.md, D3).
    One JSON parameter however long the list; `email` uses its NOCASE index."""

    def condition(raw: str, name: str) -> tuple[str, list]:
        wanted = sorted({item.strip().lower() for item in raw.split(",") if item.strip()})
        folded = column if column.endswith("email") else f"py_lower({column})"
        return f"{folded} IN (SELECT value FROM json_each(?))", [json.dumps(wanted)]  # noqa: S608

    return condition


def _dated(column: str, op: str) -> SqlFilter:
    sign = "<" if op == "before" else ">"
    return lambda raw, name: (f"{column} {sign} ?", [v.query_number(raw, name)])


def _nobody(raw: str, name: str) -> tuple[str, list]:
    return "0", []


PEOPLE_FILTERS: dict[str, SqlFilter] = {
    **{
        f"{field}[eq]": _equals_ignoring_case(f"m.{field}")
        for field in ("firstname", "lastname", "email")
    },
    **{
        f"{field}[contains]": _containing(f"m.{field}")
        for field in ("firstname", "lastname", "email")
    },
    "status[eq]": _one_of("p.status", v.PARTICIPANT_STATUSES, one=True),
    "hasReplayed[eq]": _flag("p.has_replayed"),
    "hasParticipated[eq]": _flag("p.has_participated"),
}
PARTICIPANT_FILTERS: dict[str, SqlFilter] = {
    **PEOPLE_FILTERS,
    "status[in]": _one_of("p.status", v.PARTICIPANT_STATUSES, one=False),
    "type[eq]": _one_of("p.type", v.PARTICIPANT_TYPES, one=True),
    "type[in]": _one_of("p.type", v.PARTICIPANT_TYPES, one=False),
}

# GET /v1/groups: the name exactly, or a part of it whatever its case.
GROUP_FILTERS: dict[str, SqlFilter] = {
    "name[eq]": lambda raw, name: ("g.name = ?", [raw]),
    "name[contains]": lambda raw, name: ("instr(py_lower(g.name), ?) > 0", [raw.lower()]),
}
# GET /v1/groups/{groupId}/spotMembers (API reference §4.5)
GROUP_MEMBER_FILTERS: dict[str, SqlFilter] = {
    **{f"{field}[in]": _listed(f"m.{field}") for field in ("email", "firstname", "lastname")},
    **{f"registrationDate[{op}]": _dated("m.registered_at", op) for op in ("before", "after")},
}
# GET /v1/spotMembers (API reference §4.1)
MEMBER_FILTERS: dict[str, SqlFilter] = {
    **GROUP_MEMBER_FILTERS,
    "customRoleId[eq]": _nobody,
    **{f"invitationDate[{op}]": _dated("m.invited_at", op) for op in ("before", "after")},
}
MEMBER_ORDER = "m.lastname, m.firstname, m.id"
GROUP_MEMBER_ORDER = "m.lastname, m.id"


def sql_conditions(query: dict, table: dict[str, SqlFilter]) -> tuple[list[str], list]:
    conditions, params = [], []
    for name, raw in query.items():
        if name in table:
            condition, values = table[name](raw, name)
            conditions.append(condition)
            params += values
    return conditions, params
