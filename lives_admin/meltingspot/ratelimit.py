"""A client-side limiter: 100 requests per 10 s and 50,000 per day per key (D9).

Counters live in the Django cache, so with Redis every web process and worker
shares them. Windows are fixed and aligned on the clock, which needs only the
cache's atomic `add` and `incr`.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from lives_admin.meltingspot.errors import RateLimitExceeded


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

    def acquire(self) -> None:
        """Block until a request may be sent; raise when today's budget is spent."""
        while True:
            now = self.clock()
            if self.used_today(now) >= self.daily:
                raise RateLimitExceeded(
                    f"The daily budget of {self.daily:,} MeltingSpot requests is spent; "
                    "it renews at midnight UTC."
                )
            slot = int(now // self.window)
            window_key = f"{self.prefix}:win:{slot}"
            with self._lock:
                used = self._count(window_key, self.window * 2)
            if used <= self.requests:
                self._count(self._day_key(now), 86_400)
                return
            self.sleep(max(0.01, (slot + 1) * self.window - now))

    def used_today(self, now: float | None = None) -> int:
        return int(self.cache.get(self._day_key(now if now is not None else self.clock())) or 0)

    def remaining_today(self) -> int:
        return max(0, self.daily - self.used_today())
