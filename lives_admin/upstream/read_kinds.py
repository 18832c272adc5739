"""The one table of MeltingSpot reads the dashboard shares across the team: which path is
which kind of read, how long it may be served from the shared cache, and which scopes a
read depends on and a write touches (each scope has a version counter, see read_cache)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bumped by a write the table does not know: every cached read depends on it.
EVERYTHING = "all"


@dataclass(frozen=True)
class ReadKind:
    name: str
    pattern: re.Pattern
    ttl: int  # seconds a cached answer may be served (our own writes end it sooner)
    scopes: tuple[str, ...]  # formatted with the path's named groups

    def scopes_for(self, match: re.Match) -> tuple[str, ...]:
        return tuple(scope.format(**match.groupdict()) for scope in self.scopes)


def _kind(name: str, pattern: str, ttl: int, *scopes: str) -> ReadKind:
    return ReadKind(name, re.compile(pattern), ttl, scopes)


_ID = r"(?P<live>[A-Za-z0-9_-]+)"

# Lifetimes: what changes elsewhere (another tool, MeltingSpot itself) shows within the
# ttl; what the dashboard changes shows at once (its writes bump the scopes).
READ_KINDS: tuple[ReadKind, ...] = (
    _kind("live", rf"^/v1/lives/{_ID}$", 120, "live:{live}"),
    _kind("lives_list", r"^/v1/lives$", 60, "lives"),
    _kind("live_groups", rf"^/v1/lives/{_ID}/groups$", 120, "live:{live}:groups"),
    # Pages and counts (a page of one item) alike; the insights' inputs are these pages too.
    _kind("speakers", rf"^/v1/lives/{_ID}/speakers$", 60, "live:{live}:people"),
    _kind("participants", rf"^/v1/lives/{_ID}/participants$", 60, "live:{live}:people"),
    _kind("groups", r"^/v1/groups$", 300, "groups"),
    _kind("group_members", r"^/v1/groups/[A-Za-z0-9_-]+/spotMembers$", 300, "members"),
    _kind("members", r"^/v1/spotMembers(/[A-Za-z0-9_-]+)?$", 300, "members"),
)

# What a write touches, first match wins.
_WRITES: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = (
    (re.compile(r"^/v1/lives$"), ("lives",)),
    (re.compile(rf"^/v1/lives/{_ID}$"), ("live:{live}", "lives")),
    # Linking a group invites its members: the live's figures, people and list row change
    # too (unlinking leaves them invited, but a failed bulk may have linked some).
    (
        re.compile(rf"^/v1/lives/{_ID}/groups"),
        ("live:{live}:groups", "groups", "live:{live}:people", "live:{live}", "lives"),
    ),
    # An invitation changes the live's counts (its page, the list) and may add members.
    (
        re.compile(rf"^/v1/lives/{_ID}/(speakers|participants)"),
        ("live:{live}:people", "live:{live}", "lives", "members"),
    ),
)


def read_kind(path: str) -> tuple[ReadKind, tuple[str, ...]] | None:
    """The kind of a GET and the scopes it depends on; None: not shared (never cached)."""
    for kind in READ_KINDS:
        match = kind.pattern.match(path)
        if match:
            return kind, (EVERYTHING, *kind.scopes_for(match))
    return None


def written_scopes(path: str) -> tuple[str, ...]:
    """The scopes a POST, PUT or DELETE on this path makes stale."""
    for pattern, scopes in _WRITES:
        match = pattern.match(path)
        if match:
            return tuple(scope.format(**match.groupdict()) for scope in scopes)
    return (EVERYTHING,)
