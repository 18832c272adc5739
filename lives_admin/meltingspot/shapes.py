"""The documented shape of a read's answer, checked where the answer is fetched.

A well-formed JSON answer can still be something else than what was asked for: an error
object sent with status 200 by a proxy or a faulty gateway, `{"statusCode": 200, "message":
…}`. Read leniently (models.py, D16), it became a live without an id (its page failed on
every link to it) or a list with no items (an export of the header alone). Checked in the
fetch that the shared reads wrap (read_cache.py), a refusal is never kept for the team.
"""

from __future__ import annotations

from lives_admin.meltingspot.errors import UnreadableResponseError
from lives_admin.meltingspot.ids import is_id


def _has_id(data: object) -> bool:
    """An item of the API: an object whose `id` can be one of MeltingSpot's ids."""
    if not isinstance(data, dict):
        return False
    value = data.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return is_id(value)


def is_item_path(path: str) -> bool:
    """`/v1/lives/{id}`, `/v1/spotMembers/{id}`: an item; `/v1/lives`,
    `/v1/lives/{id}/participants`…: a page (`{"items": [...], "total": n}`)."""
    segments = [part for part in path.split("?")[0].split("/") if part]
    return len(segments) % 2 == 1  # "v1", then collection/id pairs


def what_is_wrong(path: str, data: object) -> str | None:
    """None when `data` has the shape the API documents for GET `path`; else what it lacks."""
    if is_item_path(path):
        return None if _has_id(data) else "not the item asked for (no id)"
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return "not a list of items"
    if not all(_has_id(item) for item in data["items"]):
        return "a list with an item that has no id"
    return None


def check_read(path: str, data: object, *, status_code: int) -> None:
    """Raise UnreadableResponseError when the answer of GET `path` is not its documented shape."""
    wrong = what_is_wrong(path, data)
    if wrong is not None:
        raise UnreadableResponseError(
            f"MeltingSpot's answer could not be read: {wrong} (status {status_code})",
            status_code=status_code,
        )
