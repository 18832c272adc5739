"""A client-side limiter: 100 requests per 10 s and 50,000 per day per key (D9).

Counters live in the Django cache, so with Redis (or the shared database cache)
every web process and worker shares them.

The window slides: fixed windows let 100 requests through at the end of one and
100 more at the start of the next, 200 within a few seconds, which a sliding limit
on MeltingSpot's side would refuse (the load test measured 179 in 10 s). So the window
is cut into STEPS short slots with a counter each; a request takes a place in the
current slot and keeps it only when that slot and the ones before it, over a span a
little longer than the window, hold no more than the limit. Any 10 s then holds at
most 100 requests, with one slot of margin for the time a request takes to arrive.
It needs only the cache's atomic `add`, `incr` and `decr`, and `get_many`.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from lives_admin.meltingspot.errors import RateLimitExceeded

STEPS = 40  # slots per window: 0.25 s for 10 s
# The span counts this much more than the window: a request admitted here arrives later
# (a busy process, the network), and the server counts arrivals. The load test on two
# busy CPUs saw 102 arrivals in 10 s with 0.25 s of margin; none over 100 with 1 s.
MARGIN = 1.0


def key_fingerprint(api_key: str) -> str:
    """Counters are named after a hash of the key, never the key itself."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:16]


class RateLimiter:
    def __init__(
        self,
        cache,
        key_fingerprint: str,
        *,
        requests: int = 100,
        window: float = 10.0,
        daily: int = 50_000,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ):
        self.cache = cache
        self.prefix = f"meltingspot:ratelimit:{key_fingerprint}"
        self.requests = requests
        self.window = window
        self.daily = daily
        self.sleep = sleep
        self.clock = clock
        self._lock = threading.Lock()
        # Slots counted: any window-long stretch touches STEPS + 1 of them; then the margin.
        self.span = STEPS + 1 + math.ceil(MARGIN / (window / STEPS))

    @property
    def span_seconds(self) -> float:
        """How long an admitted request keeps its place (the longest wait: 11.25 s)."""
        return self.span * self.window / STEPS

    def _count(self, key: str, timeout: float) -> int:
        # add() is a no-op when the key exists; incr() is atomic in every real backend.
        self.cache.add(key, 0, timeout=max(1, int(timeout) + 1))
        try:
            return self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.add(key, 1, timeout=max(1, int(timeout) + 1))
            return 1

    def _day_key(self, now: float) -> str:
        day = datetime.fromtimestamp(now, tz=UTC).strftime("%Y%m%d")
        return f"{self.prefix}:day:{day}"

    def _slot_key(self, slot: int) -> str:
        return f"{self.prefix}:slot:{slot}"

    def acquire(self) -> None:
        """Block until a request may be sent; raise when today's budget is spent."""
        step, span = self.window / STEPS, self.span
        while True:
            now = self.clock()
            if self.used_today(now) >= self.daily:
                raise RateLimitExceeded(
                    f"The daily budget of {self.daily:,} MeltingSpot requests is spent; "
                    "it renews at midnight UTC."
                )
            slot = int(now // step)
            key = self._slot_key(slot)
            with self._lock:
                mine = self._count(key, span * step + step)
            # Read after taking our place: whoever took one before us is counted, so two
            # callers never both take the last place (at worst both give it back and wait).
            # The next slot too: a caller whose clock already crossed into it.
            before = [self._slot_key(s) for s in range(slot - span + 1, slot)]
            found = self.cache.get_many([*before, self._slot_key(slot + 1)])
            counts = [int(found.get(name) or 0) for name in before]
            used = mine + sum(counts) + int(found.get(self._slot_key(slot + 1)) or 0)
            # A caller held up for longer than a slot between the clock and the counters
            # (a paused process) counts again: its reading may miss later places.
            fresh = int(self.clock() // step) <= slot + 1
            if used <= self.requests and fresh:
                self._count(self._day_key(now), 86_400)
                return
            with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back
                self.cache.decr(key)  # give the place back
            if fresh:
                self.sleep(max(0.01, self._wake_at(slot, [*counts, mine - 1], used, step) - now))

    def _wake_at(self, slot: int, counts: list[int], used: int, step: float) -> float:
        """When enough of the oldest slots (counts, oldest first, up to `slot`) have left
        the span for one more request: the slot at `offset` leaves it at the start of
        slot `slot + 1 + offset`."""
        excess, freed = used - self.requests, 0
        for offset, count in enumerate(counts):
            freed += count
            if freed >= excess:
                return (slot + 1 + offset) * step
        return (slot + len(counts)) * step

    def used_today(self, now: float | None = None) -> int:
        return int(self.cache.get(self._day_key(now if now is not None else self.clock())) or 0)

    def remaining_today(self) -> int:
        return max(0, self.daily - self.used_today())
