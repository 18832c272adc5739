"""Saves of one live take turns, across processes.

An edit reads the live, puts the organiser's changes on top and sends the whole live
back (docs/api.md, D6: the API has no version to check against). Two saves at the same
instant would both read the same live, and the second PUT would put back what the first
changed. A short lock per live in the shared cache (Redis, or the database table of
`make run`) makes the second save wait, then read the live the first one left.
"""

import logging
import secrets
import time
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps

from django.core.cache import caches

logger = logging.getLogger(__name__)

# Longer than a save takes with MeltingSpot slow (two calls under the client's time
# budget), so a waiting save is not given up on while the first one is still sending.
WAIT_SECONDS = 30.0
# A crashed process's turn ends by itself.
HOLD_SECONDS = 60


class TurnNotFree(Exception):
    """Another save of this live held its turn for longer than we wait."""


@contextmanager
def turn_to_save(live_id: str, wait: float = WAIT_SECONDS):
    shared = caches["shared"]
    key = f"lives_admin:live-edit-turn:{live_id}"
    token = secrets.token_hex(8)
    try:
        deadline = time.monotonic() + wait
        while not shared.add(key, token, timeout=HOLD_SECONDS):
            if time.monotonic() > deadline:
                raise TurnNotFree(live_id)
            time.sleep(0.05)
    except TurnNotFree:
        raise
    except Exception as error:  # the shared cache is down: the save says so on its own
        logger.warning("Saves of a live cannot take turns: %s", type(error).__name__)
        yield
        return
    try:
        yield
    finally:
        try:
            if shared.get(key) == token:
                shared.delete(key)
        except Exception as error:  # the turn ends by itself after HOLD_SECONDS
            logger.warning("A save's turn cannot be ended: %s", type(error).__name__)


def saves_take_turns(view: Callable) -> Callable:
    """A POST to `view(request, live_id)` runs in its live's turn."""

    @wraps(view)
    def wrapped(request, live_id: str, *args, **kwargs):
        if request.method != "POST":
            return view(request, live_id, *args, **kwargs)
        try:
            with turn_to_save(live_id):
                return view(request, live_id, *args, **kwargs)
        except TurnNotFree:
            from lives_admin.web.submit_once import notice  # views import this module

            return notice(request, 409, "busy")

    return wrapped
