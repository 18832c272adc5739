"""One load at a time across every process (issue 18): the first caller takes a turn in
the shared cache (`cache.add`) and loads; the others poll for what it stored, so a burst
of identical reads makes one call, or one walk, upstream.

Used by the shared reads (read_cache.py) and by the member directory (people/members.py).
A leader that dies frees its turn after `hold` seconds, and the next poller to find the
turn free takes it; a follower that waited `wait` seconds loads by itself rather than
fail. Without a working cache everyone loads, as without single flight.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _shared_cache():
    from django.core.cache import caches  # the Django wiring, only when none is given

    return caches["shared"]


def load_once(
    name: str,
    stored: Callable[[], T | None],
    load: Callable[[], T],
    *,
    cache=None,
    hold: float = 60.0,
    wait: float = 20.0,
    poll: float = 0.1,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`stored()` when some caller already loaded it, else `load()` by one caller at a
    time (`load` stores what it read where `stored` finds it; None means not stored)."""
    cache = cache if cache is not None else _shared_cache()
    turn = f"single-flight:{name}"
    token = uuid.uuid4().hex
    deadline = clock() + wait
    while True:
        try:
            leader = cache.add(turn, token, timeout=max(1, int(hold)))
        except Exception:  # no shared cache: everyone loads
            return load()
        if leader:
            try:
                # The last leader may have stored it and let go between our miss and our
                # turn: then it is read, not loaded again.
                value = stored()
                return value if value is not None else load()
            finally:
                with contextlib.suppress(Exception):  # else the turn frees after `hold`
                    if cache.get(turn) == token:
                        cache.delete(turn)
        sleep(poll)
        value = stored()
        if value is not None:
            return value
        if clock() >= deadline:
            return load()
