"""Frozen views of the API's JSON, lenient to unknown keys and oddities (docs/api.md, D16)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Generic, TypeVar

from lives_admin.meltingspot.richtext import rich_text_to_markdown

T = TypeVar("T")

# The seven metrics, in the API's spelling, with the labels organisers read.
METRIC_NAMES = (
    "invited",
    "registrant",
    "attendee",
    "attendanceRate",
    "noShow",
    "averageViewTime",
    "totalReplayView",
)


def text_or_none(value) -> str | None:
    """Names and URLs are sometimes `{}` or null where a string is meant (docs/api.md, O5, O7)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        url = value.get("url")
        return url.strip() or None if isinstance(url, str) else None
    return None


def parse_datetime(value) -> datetime | None:
    """ISO 8601 with or without fractional seconds, or integer milliseconds (spot members)."""
    if value is None or value == "" or value == {}:
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def number_or_none(value) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    page: int
    limit: int

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.limit)) if self.limit else 1

    @property
    def has_next(self) -> bool:
        return self.page * self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.limit + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return (self.page - 1) * self.limit + len(self.items)


@dataclass(frozen=True)
class LiveMetrics:
    invited: int | float | None = None
    registrant: int | float | None = None
    attendee: int | float | None = None
    attendance_rate: int | float | None = None
    no_show: int | float | None = None
    average_view_time: int | float | None = None
    total_replay_view: int | float | None = None

    @classmethod
    def from_api(cls, data) -> LiveMetrics:
        data = data if isinstance(data, dict) else {}
        return cls(
            invited=number_or_none(data.get("invited")),
            registrant=number_or_none(data.get("registrant")),
            attendee=number_or_none(data.get("attendee")),
            attendance_rate=number_or_none(data.get("attendanceRate")),
            no_show=number_or_none(data.get("noShow")),
            average_view_time=number_or_none(data.get("averageViewTime")),
            total_replay_view=number_or_none(data.get("totalReplayView")),
        )


@dataclass(frozen=True)
class RecordedVideo:
    url: str | None
    quality: str | None
    encoding: str | None
    created_at: datetime | None

    @classmethod
    def from_api(cls, data: dict) -> RecordedVideo:
        return cls(
            url=text_or_none(data.get("url")),
            quality=text_or_none(data.get("quality")),
            encoding=text_or_none(data.get("encoding")),
            created_at=parse_datetime(data.get("createdAt")),
        )


@dataclass(frozen=True)
class Live:
    id: str
    title: str
    start_date: datetime | None
    end_date: datetime | None
    metrics: LiveMetrics
    description: tuple = ()
    status: str = ""
    computed_status: str = ""
    solution: str = ""
    visibility: str | None = None
    participation: str | None = None
    chat_visibility: str | None = None
    participants_visibility: str | None = None
    built_in_type: str | None = None
    video_url: str | None = None
    created_at: datetime | None = None
    spot_id: str | None = None
    is_recorded: bool | None = None
    record_available: bool | None = None
    replay_video_url: str | None = None
    videos: tuple[RecordedVideo, ...] = ()

    @classmethod
    def from_api(cls, data: dict) -> Live:
        privacy = data.get("privacy") if isinstance(data.get("privacy"), dict) else {}
        config = data.get("config") if isinstance(data.get("config"), dict) else {}
        built_in = data.get("builtInConfig") if isinstance(data.get("builtInConfig"), dict) else {}
        videos = built_in.get("videos")
        video_list = videos if isinstance(videos, list) else [videos] if videos else []
        description = data.get("description")
        return cls(
            id=str(data.get("id", "")),
            title=str(data.get("title") or ""),
            start_date=parse_datetime(data.get("startDate")),
            end_date=parse_datetime(data.get("endDate")),
            metrics=LiveMetrics.from_api(data.get("metrics")),
            description=tuple(description) if isinstance(description, list) else (),
            status=str(data.get("status") or ""),
            computed_status=str(data.get("computedStatus") or data.get("status") or ""),
            solution=str(data.get("solution") or ""),
            visibility=text_or_none(privacy.get("visibility")),
            participation=text_or_none(privacy.get("participation")),
            chat_visibility=text_or_none(config.get("chatVisibility")),
            participants_visibility=text_or_none(config.get("participantsVisibility")),
            built_in_type=text_or_none(data.get("builtInType")),
            video_url=text_or_none(data.get("videoUrl")),
            created_at=parse_datetime(data.get("createdAt")),
            spot_id=text_or_none(data.get("spotId")),
            is_recorded=as_bool(built_in["isRecorded"]) if "isRecorded" in built_in else None,
            record_available=(
                as_bool(built_in["recordAvailable"]) if "recordAvailable" in built_in else None
            ),
            replay_video_url=text_or_none(built_in.get("replayVideo")),
            videos=tuple(RecordedVideo.from_api(v) for v in video_list if isinstance(v, dict)),
        )

    @property
    def description_markdown(self) -> str:
        return rich_text_to_markdown(list(self.description))

    @property
    def duration_minutes(self) -> int | None:
        if self.start_date and self.end_date:
            return int((self.end_date - self.start_date).total_seconds() // 60)
        return None


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    description: str | None = None
    emoji: str | None = None
    icon: str | None = None

    @classmethod
    def from_api(cls, data: dict) -> Group:
        return cls(
            id=str(data.get("id", "")),
            name=str(data.get("name") or ""),
            description=text_or_none(data.get("description")),
            emoji=text_or_none(data.get("emoji")),
            icon=text_or_none(data.get("icon")),
        )


def _display_name(first: str | None, last: str | None, email: str) -> str:
    name = " ".join(part for part in (first, last) if part)
    return name or email


@dataclass(frozen=True)
class Participant:
    id: str
    live_id: str
    spot_member_id: str
    email: str
    first_name: str | None
    last_name: str | None
    status: str
    type: str
    invited_at: datetime | None = None
    registered_at: datetime | None = None
    is_highlighted: bool = False
    view_time: int | float | None = None
    has_replayed: bool = False
    has_participated: bool = False

    @classmethod
    def from_api(cls, data: dict) -> Participant:
        metrics = data.get("metrics") if isinstance(data.get("metrics"), dict) else {}
        return cls(
            id=str(data.get("id", "")),
            live_id=str(data.get("liveId") or ""),
            spot_member_id=str(data.get("spotMemberId") or ""),
            email=str(data.get("spotMemberEmail") or ""),
            first_name=text_or_none(data.get("spotMemberFirstname")),
            last_name=text_or_none(data.get("spotMemberLastname")),
            status=str(data.get("status") or ""),
            type=str(data.get("type") or ""),
            invited_at=parse_datetime(data.get("invitedAt")),
            registered_at=parse_datetime(data.get("registeredAt")),
            is_highlighted=as_bool(data.get("isHighlighted")),
            view_time=number_or_none(metrics.get("viewTime")),
            has_replayed=as_bool(metrics.get("hasReplayed")),
            has_participated=as_bool(metrics.get("hasParticipated")),
        )

    @property
    def display_name(self) -> str:
        return _display_name(self.first_name, self.last_name, self.email)

    @property
    def has_name(self) -> bool:
        return bool(self.first_name or self.last_name)


@dataclass(frozen=True)
class SpotMember:
    id: str
    email: str
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    status: str | None = None
    role: str | None = None
    lang: str | None = None
    custom_role_id: str | None = None
    updated_at: datetime | None = None
    last_activity_at: datetime | None = None

    @classmethod
    def from_api(cls, data: dict) -> SpotMember:
        return cls(
            id=str(data.get("id", "")),
            email=str(data.get("email") or ""),
            first_name=text_or_none(data.get("firstname")),
            last_name=text_or_none(data.get("lastname")),
            title=text_or_none(data.get("title")),
            status=text_or_none(data.get("status")),
            role=text_or_none(data.get("role")),
            lang=text_or_none(data.get("lang")),
            custom_role_id=text_or_none(data.get("customRoleId")),
            updated_at=parse_datetime(data.get("updatedAt")),
            last_activity_at=parse_datetime(data.get("lastActivityAt")),
        )

    @property
    def display_name(self) -> str:
        return _display_name(self.first_name, self.last_name, self.email)


@dataclass(frozen=True)
class InviteResult:
    """docs/api.md, D12: 201 → "invited", 200 → "already_invited" (nothing sent or changed)."""

    status: str
    participant: Participant | None = None

    @property
    def already_invited(self) -> bool:
        return self.status == "already_invited"


@dataclass(frozen=True)
class BulkOutcome:
    """What a bulk call did, after 413 splitting: who is in, what was refused and why."""

    participants: tuple[Participant, ...] = ()
    rejected: tuple[str, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)
    calls: int = 0


@dataclass(frozen=True)
class WriteRecord:
    """One write sent to MeltingSpot, for the audit trail."""

    method: str
    path: str
    live_id: str | None
    operation: str
    body: dict | None
    status_code: int | None
    ok: bool
    error_message: str | None
    duration_ms: float
    # "sending" before it is sent; then "done", "failed" or "not_confirmed" (sent, and
    # its answer never came: it may have happened).
    outcome: str = ""
    # What the write-start observer returned for this write (its audit entry's id).
    handle: object = None


@dataclass(frozen=True)
class BulkProgress:
    """How far a bulk call got before an error stopped it (carried by the error as
    `error.bulk_progress`): the batches MeltingSpot accepted, and the items not sent or
    in the batch that failed. After a timeout that last batch may still have happened."""

    done: tuple[str, ...] = ()
    not_done: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()  # refused one by one (413) before the stop

    @property
    def total(self) -> int:
        return len(self.done) + len(self.not_done) + len(self.rejected)
