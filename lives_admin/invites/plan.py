"""What a bulk action will do, decided before anything is sent."""

from __future__ import annotations

from dataclasses import dataclass, field

from lives_admin.models.jobs import JobKind


@dataclass(frozen=True)
class Person:
    email: str  # normalised: lower-case, stripped
    first_name: str = ""
    last_name: str = ""
    spot_member_id: str | None = None  # an existing member: invited by id (docs/api.md, D11)
    source_line: int | None = None


@dataclass(frozen=True)
class SkippedLine:
    """A line of the input that is not sent (invalid, or a duplicate of an earlier line):
    the job keeps it so its report accounts for every line."""

    line: int
    entry: str
    email: str = ""
    duplicate_of: int | None = None  # the line it repeats; None: invalid
    reason: str = ""


@dataclass(frozen=True)
class InvitePlan:
    kind: JobKind
    live_ids: tuple[str, ...]
    people: tuple[Person, ...] = ()
    group_ids: tuple[str, ...] = ()
    group_names: dict[str, str] = field(default_factory=dict)
    live_titles: dict[str, str] = field(default_factory=dict)
    with_email_notification: bool = False
    highlighted: bool = False
    grant_host_rights: bool = False
    source_label: str = ""
    # live id → emails the preview found already Invited/Accepted: not sent again.
    already_there: dict[str, frozenset[str]] = field(default_factory=dict)
    skipped_lines: tuple[SkippedLine, ...] = ()
