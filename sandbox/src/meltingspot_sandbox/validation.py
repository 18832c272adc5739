"""Strict checks of what a client sends, in plain words (docs/api.md, Sandbox behaviour)."""

from __future__ import annotations

import math
import re

LIVE_STATUSES = ("Ended", "Planned", "Live")
SOLUTIONS = ("Youtube", "Vimeo", "BuiltIn", "NoSolution")
BUILT_IN_TYPES = ("Workshop", "Conference")
DISPLAY = ("Display", "Hidden")
VISIBILITIES = ("AnyOne", "OnlySpotMembers", "InvitedMembersOnly")
PARTICIPATIONS = ("AnySpotMembers", "InvitedMembersOnly")
PARTICIPANT_STATUSES = ("Accepted", "Invited", "Declined")
PARTICIPANT_TYPES = ("Participant", "Speaker", "Host")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


class Invalid(Exception):
    """A 400 with this message."""

    def __init__(self, *messages: str):
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def check_fields(body, allowed: set[str], required: set[str] = frozenset()) -> dict:
    if not isinstance(body, dict):
        raise Invalid("The body must be a JSON object")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise Invalid(*(f"property {name} should not exist" for name in unknown))
    missing = sorted(name for name in required if body.get(name) is None)
    if missing:
        raise Invalid(*(f"{name} should not be empty" for name in missing))
    return body


def string(body: dict, name: str, *, required=False, empty_ok=True) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise Invalid(f"{name} should not be empty")
        return None
    if not isinstance(value, str):
        raise Invalid(f"{name} must be a string")
    if not empty_ok and not value.strip():
        raise Invalid(f"{name} should not be empty")
    return value


def boolean(body: dict, name: str) -> bool | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise Invalid(f"{name} must be a boolean value")
    return value


def choice(body: dict, name: str, values: tuple[str, ...], *, required=False) -> str | None:
    value = string(body, name, required=required)
    if value is not None and value not in values:
        raise Invalid(f"{name} must be one of the following values: {', '.join(values)}")
    return value


def timestamp(body: dict, name: str) -> int:
    """Unix seconds: an integer of at most 10 digits (docs/api.md, D2; no milliseconds)."""
    value = body.get(name)
    if value is None:
        raise Invalid(f"{name} should not be empty")
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{name} must be an integer Unix timestamp in seconds")
    if value < 0 or len(str(value)) > 10:
        raise Invalid(f"{name} must be a Unix timestamp in seconds, not milliseconds")
    return value


def string_list(value, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise Invalid(f"{name} must be an array of non-empty strings")
    return value


def email(value: str, name: str = "email") -> str:
    if not EMAIL.match(value.strip()):
        raise Invalid(f"{name} must be an email")
    return value.strip()


def query_int(query: dict, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:  # not digits, or more digits than Python converts
        raise Invalid(f"{name} must be an integer number") from None
    if value < low:
        raise Invalid(f"{name} must be at least {low}")
    if high is not None and value > high:
        raise Invalid(f"{name} must be between {low} and {high}")
    return value


def query_bool(raw: str, name: str) -> bool:
    if raw not in ("true", "false"):
        raise Invalid(f"{name} must be true or false")
    return raw == "true"


def query_number(raw: str, name: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise Invalid(f"{name} must be a number") from None
    if not math.isfinite(value):  # "1e999" and "nan" compare to nothing
        raise Invalid(f"{name} must be a number")
    return value


def query_enum_list(raw: str, name: str, values: tuple[str, ...]) -> list[str]:
    items = [item for item in raw.split(",") if item]
    bad = [item for item in items if item not in values]
    if bad or not items:
        raise Invalid(
            f"each value in {name} must be one of the following values: {', '.join(values)}"
        )
    return items
