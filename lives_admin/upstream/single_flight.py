"""One load at a time across every process: the first caller loads, the others wait for
what it stored (the shared cache holds the turn), so a burst of identical reads makes
one walk upstream. A leader that dies frees its turn after `hold` seconds; a follower
that waited `wait` seconds loads by itself rather than fail."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches

T = TypeVar("T")


def load_once(
    name: str,
    stored: Callable[[], T | None],
    load: Callable[[], T],
    *,
    hold: float = 60.0,
    wait: float = 20.0,
    poll: float = 0.1,
) -> T:
    """`stored()` when some caller already loaded it, else `load()` by one caller only
    (`load` stores what it read where `stored` finds it)."""
    shared = caches["shared"]
    turn = f"single-flight:{name}"
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait
    while True:
        try:
            leader = shared.add(turn, token, timeout=int(hold))
        except Exception:  # no shared cache: everyone loads, as before
            return load()
        if leader:
            try:
                return load()
            finally:
                with contextlib.suppress(Exception):  # else its turn frees after `hold`
                    if shared.get(turn) == token:
                        shared.delete(turn)
        time.sleep(poll)
        value = stored()
        if value is not None:
            return value
        if time.monotonic() >= deadline:
            return load()
