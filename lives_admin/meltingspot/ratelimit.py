"""A client-side limiter: 100 requests per 10 s and 50,000 per day per key (D9).

The window slides: a request is sent only when fewer than `requests` were sent in
the last `window` seconds (plus a small margin for the time a request takes to
reach MeltingSpot), so no stretch of 10 s ever holds more than 100, however
MeltingSpot aligns its own windows. The log of recent requests lives in the shared
cache and is read and written in one atomic step, so every web process and worker
on every machine takes its turn from the same log:

- Redis: one Lua script (sorted set of send times, on Redis's own clock, so the
  machines' clocks need not agree to the millisecond);
- the database cache of `make run` (`SharedDatabaseCache.update`): the row locked;
- any other cache (local memory: one process): a lock in the process.

The daily budget is a counter per UTC day (`add` then the atomic `incr`).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from lives_admin.meltingspot.errors import RateLimiterUnavailable, RateLimitExceeded


def key_fingerprint(api_key: str) -> str:
    """Counters are named after a hash of the key, never the key itself."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:16]


# KEYS[1] the log (a sorted set of send times in µs); ARGV: limit, hold (µs), member.
# Returns 0 when the request may go (and logs it), else the µs to wait.
_REDIS_SCRIPT = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local limit = tonumber(ARGV[1])
local hold = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - hold)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(hold / 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + hold - now)
"""


def _admit(log, now: float, limit: int, hold: float):
    """The sliding window on a plain list of send times: (new log, seconds to wait)."""
    recent = [moment for moment in (log or []) if moment > now - hold]
    if len(recent) < limit:
        return [*recent, now], 0.0
    return recent, max(0.001, min(recent) + hold - now)


class _RedisWindow:
    def __init__(self, cache, key: str):
        self.cache = cache
        self.key = cache.make_and_validate_key(key)
        self._script = None

    def reserve(self, limit: int, hold: float, clock: Callable[[], float]) -> float:
        client = self.cache._cache.get_client(self.key, write=True)
        if self._script is None:
            self._script = client.register_script(_REDIS_SCRIPT)
        wait_us = self._script(
            keys=[self.key], args=[limit, int(hold * 1_000_000), uuid.uuid4().hex], client=client
        )
        return int(wait_us) / 1_000_000


class _LockedWindow:
    """The database cache: its `update` runs the change with the row locked."""

    def __init__(self, cache, key: str):
        self.cache = cache
        self.key = key

    def reserve(self, limit: int, hold: float, clock: Callable[[], float]) -> float:
        timeout = max(1, int(hold) + 2)
        # The time is read with the row locked, so the log only ever grows in time.
        return self.cache.update(
            self.key, lambda log: _admit(log, clock(), limit, hold), timeout=timeout
        )


class _ProcessWindow:
    """Any other cache (local memory): shared by the threads of one process only."""

    _locks: dict[str, threading.Lock] = {}
    _locks_lock = threading.Lock()

    def __init__(self, cache, key: str):
        self.cache = cache
        self.key = key
        with self._locks_lock:
            self.lock = self._locks.setdefault(f"{id(cache)}:{key}", threading.Lock())

    def reserve(self, limit: int, hold: float, clock: Callable[[], float]) -> float:
        with self.lock:
            log, wait = _admit(self.cache.get(self.key), clock(), limit, hold)
            self.cache.set(self.key, log, timeout=max(1, int(hold) + 2))
        return wait


def _window_for(cache, key: str):
    from django.core.cache.backends.redis import RedisCache

    if isinstance(cache, RedisCache):
        return _RedisWindow(cache, key)
    if callable(getattr(cache, "update", None)):
        return _LockedWindow(cache, key)
    return _ProcessWindow(cache, key)


class RateLimiter:
    def __init__(
        self,
        cache,
        key_fingerprint: str,
        *,
        requests: int = 100,
        window: float = 10.0,
        daily: int = 50_000,
        margin: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ):
        self.cache = cache
        self.prefix = f"meltingspot:ratelimit:{key_fingerprint}"
        self.requests = requests
        self.window = window
        # A request's place in the log is kept `margin` seconds longer than the window:
        # the time between leaving here and reaching MeltingSpot varies a little.
        self.hold = window + max(0.0, margin)
        self.daily = daily
        self.sleep = sleep
        self.clock = clock
        self._window = _window_for(cache, f"{self.prefix}:log")

    @property
    def span_seconds(self) -> float:
        """How long a request counts against the window (benchmarks wait this out)."""
        return self.hold

    def _day_key(self, now: float) -> str:
        day = datetime.fromtimestamp(now, tz=UTC).strftime("%Y%m%d")
        return f"{self.prefix}:day:{day}"

    def _spent(self) -> RateLimitExceeded:
        return RateLimitExceeded(
            f"The daily budget of {self.daily:,} MeltingSpot requests is spent; "
            "it renews at midnight UTC."
        )

    def acquire(self) -> None:
        """Block until a request may be sent; raise when today's budget is spent."""
        while True:
            now = self.clock()
            with _translating_outages():
                if self.used_today(now) >= self.daily:
                    raise self._spent()
                wait = self._window.reserve(self.requests, self.hold, self.clock)
            if wait <= 0:
                break
            self.sleep(wait)
        # Counted once the window let it through; the one that overshoots the day
        # (several processes at the very end of the budget) is not sent.
        key = self._day_key(now)
        with _translating_outages():
            self.cache.add(key, 0, timeout=86_400 + 3_600)
            try:
                used = self.cache.incr(key)
            except ValueError:  # expired between add and incr
                self.cache.add(key, 1, timeout=86_400 + 3_600)
                used = 1
        if used > self.daily:
            raise self._spent()

    def used_today(self, now: float | None = None) -> int:
        return int(self.cache.get(self._day_key(now if now is not None else self.clock())) or 0)

    def remaining_today(self) -> int:
        return max(0, self.daily - self.used_today())


@contextlib.contextmanager
def _translating_outages():
    """A Redis connection error or timeout, or a database error of the database cache,
    becomes RateLimiterUnavailable: a connection error, with the reason."""
    from django.db import DatabaseError

    try:
        import redis

        outages = (DatabaseError, OSError, redis.RedisError)
    except ImportError:  # pragma: no cover - redis is a requirement
        outages = (DatabaseError, OSError)
    try:
        yield
    except outages as error:
        raise RateLimiterUnavailable(
            "The shared rate limiter (the cache of CACHE_URL) cannot be reached, so "
            f"nothing was sent to MeltingSpot ({type(error).__name__})."
        ) from error
