"""The one gate for every id that goes into an API path.

An id is put between two slashes of a path: whatever a URL parser reads as structure
would move the request elsewhere. httpx resolves dot segments, so the group id `..` in
`DELETE /v1/lives/<id>/groups/..` deletes the live itself; quoting does not help, since
`.` is not quoted. So an id is checked against what MeltingSpot's ids look like (hex,
UUIDs, nanoids) instead of being escaped: anything else is refused, and nothing is sent.
"""

from __future__ import annotations

import re

from lives_admin.meltingspot.errors import InvalidIdError

MAX_ID_LENGTH = 128
# ASCII letters, digits, "-" and "_", with inner dots only: never a leading dot (so never a
# dot segment), never a trailing one (which some servers and proxies drop, "live001." read
# as "live001"), never "/", "\\", "?", "#", "%", "~", ":", a space or a control character.
# The one pattern: the URL converter (lives_admin.web.url_converters) matches ids with it too.
ID_PATTERN = rf"[A-Za-z0-9_-](?:[A-Za-z0-9._-]{{0,{MAX_ID_LENGTH - 2}}}[A-Za-z0-9_-])?"
_ID = re.compile(ID_PATTERN)


def is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def path_id(value: object, kind: str = "") -> str:
    """`value` as a path segment, or InvalidIdError (a NotFoundError) before any request."""
    if not is_id(value):
        raise InvalidIdError(kind or "item", value)
    return value
