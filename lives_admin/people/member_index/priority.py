"""The hook that marks the index sync's MeltingSpot requests as background work.

Pages go first (issue 18, a fair budget): the limiter's request classes are being added
by another branch (a contextvar in `lives_admin/upstream/`). Until they are here, this
context manager only records the class in its own contextvar; connect it to the limiter's
(one line in `as_background`) when they land.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

BACKGROUND = "background"

request_class: ContextVar[str | None] = ContextVar("lives_admin_member_sync_class", default=None)


@contextmanager
def as_background() -> Iterator[None]:
    """Every MeltingSpot request made inside is background: it waits behind pages."""
    token = request_class.set(BACKGROUND)
    try:
        yield
    finally:
        request_class.reset(token)
