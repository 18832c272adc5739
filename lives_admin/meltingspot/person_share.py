"""Fair between people inside the window (issue 18): while anyone else uses the key, no
one person's requests hold more than `share` of its places (40 of 100 per 10 s by
default), so three exports by one viewer stream slower and another organiser's page
or search goes through. Alone, a person may use the whole key.

A layer above the key's window (ratelimit.py): each person has a window of their own,
kept by the same place log as the key's (a Redis script, the database cache's locked
row, or a lock in the process), so it holds across processes in every store. A request
of a person first takes a place in their own window, then in the key's; its answer
frees both. "Someone else active": the key's window holds places that are not this
person's, or another person waited for the key in the last seconds.

Bulk jobs are left out: they keep the guaranteed share of the key that priority.py
gives background work (the jobs page shows it), which a per-person cap would undo.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from lives_admin.meltingspot.priority import JOB, PAGE

EXEMPT_CLASSES = (JOB,)
# A person over their share looks again this often: the others may have gone quiet.
RECHECK_SECONDS = 0.25
# A person refused by the key's window marks "someone waits" this long (seconds).
WAITING_MARK_SECONDS = 2
_MARK_EVERY = 0.5  # a waiting process renews its mark no more often than this


@dataclass(frozen=True)
class PersonShare:
    share: float = 0.4  # of the key's places per window, while others use the key

    def cap(self, limit: int) -> int:
        return max(1, min(limit, math.floor(limit * self.share)))

    def applies(self, person: str, request_class: str) -> bool:
        """Nobody's work (a sync) and bulk jobs are not capped; a share of 1 turns it off."""
        return bool(person) and 0 < self.share < 1 and request_class not in EXEMPT_CLASSES


class PersonWindows:
    """One place log per person beside the key's (`key_window`), on the same store."""

    def __init__(
        self,
        store,
        prefix: str,
        keep: float,
        place_log: Callable,
        key_window,
        share: PersonShare,
    ):
        self.store = store
        self.prefix = prefix
        self.keep = keep
        self.place_log = place_log
        self.key_window = key_window
        self.share = share
        self._lock = threading.Lock()
        self._logs: dict[str, object] = {}
        self._owners: dict[str, str] = {}  # ticket -> person, this process's
        self._marked: dict[str, float] = {}  # person -> when this process last marked

    def applies(self, person: str, request_class: str) -> bool:
        return self.share.applies(person, request_class)

    def _log(self, person: str):
        with self._lock:
            log = self._logs.get(person)
            if log is None:
                key = f"{self.prefix}:person:{person}:log"
                # After a Redis restart, only this person's tickets are held again here.
                log = self.place_log(self.store, key, self.keep, lambda: self._tickets_of(person))
                self._logs[person] = log
            return log

    def _tickets_of(self, person: str) -> list[str]:
        with self._lock:
            return [ticket for ticket, owner in self._owners.items() if owner == person]

    def _waiting_key(self) -> str:
        return f"{self.prefix}:person-waiting"

    def others_active(self, person: str, clock) -> bool:
        """Another person waits for the key, or the key holds places not this person's."""
        waiting = self.store.get(self._waiting_key())
        if waiting is not None and waiting != person:
            return True
        held = getattr(self.key_window, "held", None)
        if held is None:  # a log that cannot tell: always fair
            return True
        own = getattr(self._log(person), "held", lambda _clock: 0)(clock)
        return held(clock) > own

    def wait_for_place(
        self,
        person: str,
        ticket: str,
        *,
        limit: int,
        hold: float,
        in_flight: float,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        """Block until the person's own window lets `ticket` through."""
        log, cap = self._log(person), self.share.cap(limit)
        with self._lock:
            self._owners[ticket] = person
        try:
            while True:
                wait = log.reserve(ticket, cap, hold, in_flight, clock, PAGE)
                if wait <= 0:
                    return
                if not self.others_active(person, clock):
                    wait = log.reserve(ticket, limit, hold, in_flight, clock, PAGE)
                    if wait <= 0:
                        return
                sleep(min(wait, RECHECK_SECONDS))
        except BaseException:  # the store is down: no place was taken
            with self._lock:
                self._owners.pop(ticket, None)
            raise

    def release(self, ticket: str, hold: float, clock, in_flight: float = 0.0) -> None:
        """The ticket's answer came (or it never went): its place frees `hold` from now."""
        with self._lock:
            person = self._owners.pop(ticket, None)
        if person is not None:
            self._log(person).release(ticket, hold, clock, in_flight)

    def note_waiting(self, person: str) -> None:
        """`person` was refused by the key's window: others over their share give way."""
        now = time.monotonic()
        with self._lock:
            if now - self._marked.get(person, -_MARK_EVERY) < _MARK_EVERY:
                return
            self._marked[person] = now
        self.store.set(self._waiting_key(), person or "~nobody", timeout=WAITING_MARK_SECONDS)
