"""A client-side limiter: 100 requests per 10 s and 50,000 per day per key (D9).

The window slides, and a request holds its place in it from the moment it is let
through until `window` seconds after its answer came back. MeltingSpot counts a
request at some moment between our sending it and our reading its answer, so no
stretch of 10 s on MeltingSpot's side ever holds more than 100, however long the
requests take on the way and however MeltingSpot aligns its own windows: no margin
to guess. A request still waiting for its answer counts as if answered now; if its
process dies, its place frees itself after `in_flight_seconds`.

The log of places lives in the shared cache and is read and written in one atomic
step, so every web process and worker on every machine takes its turn from the same
log:

- Redis: Lua scripts on a sorted set (member: a ticket, score: when its place frees
  up, on Redis's own clock, so the machines' clocks need not agree);
- the database cache of `make run` (`SharedDatabaseCache.update`): the row locked;
- any other cache (local memory: one process): a lock in the process.

The daily budget is a counter per UTC day (`add` then the atomic `incr`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from lives_admin.meltingspot.errors import RateLimiterUnavailable, RateLimitExceeded

logger = logging.getLogger(__name__)

# How often a caller looks again when every place is held by a request still on its way
# (its place frees when its answer comes, a moment nobody can compute in advance).
IN_FLIGHT_POLL = 0.05


def key_fingerprint(api_key: str) -> str:
    """Counters are named after a hash of the key, never the key itself."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:16]


# A log entry's score is the time its place frees up: `answered + hold` once answered,
# `sent + in_flight + hold` until then. All times in µs.
# KEYS[1] the log; ARGV: limit, hold, in_flight, ticket. Returns 0 when the request may
# go (and logs it), else the µs to wait.
_REDIS_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit, hold, in_flight = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + in_flight + hold, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil((in_flight + hold) / 1000) + 1000)
  return 0
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(first[2]) - now)
"""

# KEYS[1] the log; ARGV: hold, ticket. The answer came: the place frees `hold` from now,
# and the log expires when its last place frees.
_REDIS_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIRE', KEYS[1], math.ceil((tonumber(last[2]) - now) / 1000) + 1000)
end
return 0
"""


def _admit(log, now: float, limit: int, hold: float, in_flight: float, ticket: str):
    """The sliding window on a dict {ticket: frees at}: (new log, seconds to wait)."""
    held = {key: frees for key, frees in (log or {}).items() if frees > now}
    if len(held) < limit:
        return {**held, ticket: now + in_flight + hold}, 0.0
    return held, max(0.001, min(held.values()) - now)


def _answered(log, now: float, hold: float, ticket: str):
    log = dict(log or {})
    if ticket in log:
        log[ticket] = now + hold
    return log, None


class _RedisWindow:
    def __init__(self, cache, key: str):
        self.cache = cache
        self.key = cache.make_and_validate_key(key)
        self._scripts: dict[str, object] = {}

    def _run(self, source: str, args: list):
        client = self.cache._cache.get_client(self.key, write=True)
        if source not in self._scripts:
            self._scripts[source] = client.register_script(source)
        return self._scripts[source](keys=[self.key], args=args, client=client)

    def reserve(self, ticket, limit, hold, in_flight, clock) -> float:
        us = 1_000_000
        wait = self._run(_REDIS_ACQUIRE, [limit, int(hold * us), int(in_flight * us), ticket])
        return int(wait) / us

    def release(self, ticket, hold, clock) -> None:
        self._run(_REDIS_RELEASE, [int(hold * 1_000_000), ticket])


class _LockedWindow:
    """The database cache: its `update` runs the change with the row locked."""

    def __init__(self, cache, key: str, keep: float):
        self.cache = cache
        self.key = key
        self.timeout = int(keep) + 2  # outlives the latest place it may hold

    def reserve(self, ticket, limit, hold, in_flight, clock) -> float:
        # The time is read with the row locked, so the log only ever grows in time.
        return self.cache.update(
            self.key,
            lambda log: _admit(log, clock(), limit, hold, in_flight, ticket),
            timeout=self.timeout,
        )

    def release(self, ticket, hold, clock) -> None:
        self.cache.update(
            self.key, lambda log: _answered(log, clock(), hold, ticket), timeout=self.timeout
        )


class _ProcessWindow:
    """Any other cache (local memory): shared by the threads of one process only."""

    _locks: dict[str, threading.Lock] = {}
    _locks_lock = threading.Lock()

    def __init__(self, cache, key: str, keep: float):
        self.cache = cache
        self.key = key
        self.timeout = int(keep) + 2  # outlives the latest place it may hold
        with self._locks_lock:
            self.lock = self._locks.setdefault(f"{id(cache)}:{key}", threading.Lock())

    def _change(self, change):
        with self.lock:
            log, result = change(self.cache.get(self.key))
            self.cache.set(self.key, log, timeout=self.timeout)
        return result

    def reserve(self, ticket, limit, hold, in_flight, clock) -> float:
        return self._change(lambda log: _admit(log, clock(), limit, hold, in_flight, ticket))

    def release(self, ticket, hold, clock) -> None:
        self._change(lambda log: _answered(log, clock(), hold, ticket))


def _window_for(cache, key: str, keep: float):
    """`keep`: the longest a place may be held (Redis computes it from the log)."""
    from django.core.cache.backends.redis import RedisCache

    if isinstance(cache, RedisCache):
        return _RedisWindow(cache, key)
    if callable(getattr(cache, "update", None)):
        return _LockedWindow(cache, key, keep)
    return _ProcessWindow(cache, key, keep)


class RateLimiter:
    def __init__(
        self,
        cache,
        key_fingerprint: str,
        *,
        requests: int = 100,
        window: float = 10.0,
        daily: int = 50_000,
        margin: float = 0.0,
        in_flight_seconds: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ):
        self.cache = cache
        self.prefix = f"meltingspot:ratelimit:{key_fingerprint}"
        self.requests = requests
        self.window = window
        # An answered request holds its place `window` (and an optional `margin`) longer.
        self.hold = window + max(0.0, margin)
        self.in_flight_seconds = in_flight_seconds
        self.daily = daily
        self.sleep = sleep
        self.clock = clock
        self._window = _window_for(cache, f"{self.prefix}:log", in_flight_seconds + self.hold)

    @property
    def span_seconds(self) -> float:
        """How long an answered request counts against the window (benchmarks wait it out)."""
        return self.hold

    def _day_key(self, now: float) -> str:
        day = datetime.fromtimestamp(now, tz=UTC).strftime("%Y%m%d")
        return f"{self.prefix}:day:{day}"

    def _spent(self) -> RateLimitExceeded:
        return RateLimitExceeded(
            f"The daily budget of {self.daily:,} MeltingSpot requests is spent; "
            "it renews at midnight UTC."
        )

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a place for one request: `with limiter.slot(): send it and read the answer`."""
        ticket = self.acquire()
        try:
            yield
        finally:
            self.release(ticket)

    def acquire(self) -> str:
        """Block until a request may be sent; its ticket for `release`. Raises when today's
        budget is spent."""
        ticket = uuid.uuid4().hex
        while True:
            now = self.clock()
            with _translating_outages():
                if self.used_today(now) >= self.daily:
                    raise self._spent()
                wait = self._window.reserve(
                    ticket, self.requests, self.hold, self.in_flight_seconds, self.clock
                )
            if wait <= 0:
                break
            # Every place held by a request on its way: its answer may come any moment.
            self.sleep(min(wait, IN_FLIGHT_POLL) if wait > self.hold else wait)
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
        return ticket

    def release(self, ticket: str) -> None:
        """The request's answer came (or it failed): its place frees `window` from now.

        Never raises: the answer is already here, and a place that could not be
        released frees itself after `in_flight_seconds`."""
        try:
            with _translating_outages():
                self._window.release(ticket, self.hold, self.clock)
        except RateLimiterUnavailable as error:
            logger.warning("Rate limiter place not released: %s", error.message)

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
