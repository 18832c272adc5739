"""Rows to the API's JSON shapes (docs/api.md: Objects, Sandbox behaviour)."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def iso(seconds: int | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def computed_status(start: int, end: int, now: float | None = None) -> str:
    now = time.time() if now is None else now
    if now < start:
        return "Planned"
    return "Live" if now < end else "Ended"


def description_nodes(markdown: str) -> list[dict]:
    """Markdown kept, sent back one `p` node a paragraph (docs/api.md, Sandbox behaviour)."""
    paragraphs = [p.strip() for p in (markdown or "").replace("\r\n", "\n").split("\n\n")]
    return [{"type": "p", "children": [{"text": p}]} for p in paragraphs if p]


def live_json(row, metrics: dict) -> dict:
    status = computed_status(row["start"], row["end"])
    built_in = None
    if row["solution"] == "BuiltIn":
        built_in = {
            "isRecorded": bool(row["record"]),
            "recordAvailable": bool(row["record_available"]),
            "videos": [],
            "replayVideo": {"url": row["replay_video_url"]} if row["replay_video_url"] else None,
        }
    return {
        "id": row["id"],
        "title": row["title"],
        "startDate": iso(row["start"]),
        "endDate": iso(row["end"]),
        "metrics": metrics,
        "description": description_nodes(row["description"]),
        "status": status,
        "computedStatus": status,
        "solution": row["solution"],
        "privacy": {"visibility": row["visibility"], "participation": row["participation"]},
        "config": {
            "chatVisibility": row["chat_visibility"],
            "participantsVisibility": row["participants_visibility"],
        },
        "builtInType": row["built_in_type"],
        "videoUrl": row["video_url"],
        "createdAt": iso(row["created_at"]),
        "spotId": "sandbox-spot",
        "builtInConfig": built_in,
    }


def group_json(row) -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "description": row["description"],
        "emoji": row["emoji"],
        "icon": row["icon"],
    }


def member_json(row) -> dict:
    return {
        "id": row["id"],
        "spotId": "sandbox-spot",
        "userId": None if row["status"] == "Invited" else f"user-{row['id']}",
        "email": row["email"],
        "title": row["title"],
        "lang": row["lang"],
        "role": row["role"],
        "customRoleId": None,
        "status": row["status"],
        "firstname": row["firstname"],
        "lastname": row["lastname"],
        "warnings": 0,
        "embedBaseUrls": {"default": "https://sandbox.meltingspot.invalid"},
        "updatedAt": row["updated_at"],
        "lastActivityAt": row["updated_at"],
    }


def participant_json(row) -> dict:
    return {
        "id": row["id"],
        "liveId": row["live_id"],
        "spotMemberId": row["member_id"],
        "spotMemberEmail": row["email"],
        "spotMemberFirstname": row["firstname"],
        "spotMemberLastname": row["lastname"],
        "status": row["status"],
        "type": row["type"],
        "invitedAt": iso(row["invited_at"]),
        "registeredAt": iso(row["registered_at"]),
        "isHighlighted": bool(row["is_highlighted"]),
        "metrics": {
            "viewTime": row["view_time"],
            "hasReplayed": bool(row["has_replayed"]),
            "hasParticipated": bool(row["has_participated"]),
        },
    }
