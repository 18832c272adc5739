"""Bodies to create and update a live (docs/api.md: Create a live, Update a live, D6, D14)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from lives_admin.meltingspot.filters import unix_seconds
from lives_admin.meltingspot.models import Live

VIDEO_SOLUTIONS = ("Youtube", "Vimeo")
DISPLAY_VALUES = ("Display", "Hidden")


@dataclass(frozen=True)
class _LiveFields:
    title: str
    start_date: datetime
    end_date: datetime
    solution: str
    description: str = ""
    built_in_type: str | None = None
    video_url: str | None = None
    chat_visibility: str | None = None
    participants_visibility: str | None = None
    visibility: str | None = None
    participation: str | None = None
    record: bool | None = None

    def _common_body(self) -> dict:
        body: dict = {
            "title": self.title,
            "startDate": unix_seconds(self.start_date),
            "endDate": unix_seconds(self.end_date),
            "solution": self.solution,
        }
        if self.description:
            body["description"] = self.description
        if self.solution == "BuiltIn":
            if self.built_in_type:
                body["builtInType"] = self.built_in_type
            if self.record is not None:
                body["record"] = self.record
        if self.solution in VIDEO_SOLUTIONS and self.video_url:
            body["videoUrl"] = self.video_url
        # Only known enum values: the docs' examples print "Ended" here (docs/api.md, O3).
        if self.chat_visibility in DISPLAY_VALUES:
            body["chatVisibility"] = self.chat_visibility
        if self.participants_visibility in DISPLAY_VALUES:
            body["participantsVisibility"] = self.participants_visibility
        if self.visibility:
            body["visibility"] = self.visibility
        if self.participation:
            body["participation"] = self.participation
        return body


@dataclass(frozen=True)
class LiveCreate(_LiveFields):
    spot_member_host_id: str = ""

    def to_body(self) -> dict:
        body = self._common_body()
        body["spotMemberHostId"] = self.spot_member_host_id
        return body


@dataclass(frozen=True)
class LiveUpdate(_LiveFields):
    record_available: bool | None = None
    replay_video_url: str | None = None

    def to_body(self) -> dict:
        body = self._common_body()
        if self.solution == "BuiltIn":
            if self.record_available is not None:
                body["recordAvailable"] = self.record_available
            if self.replay_video_url:
                body["replayVideoUrl"] = self.replay_video_url
        return body

    @classmethod
    def from_live(cls, live: Live, **changes) -> LiveUpdate:
        """The full update (docs/api.md, D6): every field the live has, then the changes."""
        current = cls(
            title=live.title,
            start_date=live.start_date,
            end_date=live.end_date,
            solution=live.solution,
            description=live.description_markdown,
            built_in_type=live.built_in_type,
            video_url=live.video_url,
            chat_visibility=live.chat_visibility,
            participants_visibility=live.participants_visibility,
            visibility=live.visibility,
            participation=live.participation,
            record=live.is_recorded,
            record_available=live.record_available,
            replay_video_url=live.replay_video_url,
        )
        return replace(current, **changes)
