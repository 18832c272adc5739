"""The rate limiter's stores on Django's caches (the limiter itself, framework-free, is
lives_admin/meltingspot/ratelimit.py):

- Redis: Lua scripts on a sorted set, one atomic step on Redis's own clock;
- the database cache of `make run` (`SharedDatabaseCache.update`): the row locked;
- any other cache (local memory: one process): a lock in the process.

A database error of the database cache is an outage of the limiter, like a Redis one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError

from lives_admin.meltingspot.ratelimit import RateLimiter, process_place_log

# A log entry's score is the time its place frees up: `answered + hold` once answered,
# `sent + in_flight + hold` until then. All times in µs.
# Both scripts first give this process's requests still on their way their places again
# (ARGV from 5 on, `NX`: a place that was not lost is left as it is).

# KEYS[1] the log, KEYS[2] the epoch (the run_id of the Redis that holds the log, and
# until when the window counts as full after a restart; a Redis that hides its INFO from
# scripts has no epoch). ARGV: limit, hold, in_flight, ticket, this process's tickets on
# their way. Returns 0 when the request may go (and logs it), else the µs to wait.
_REDIS_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit, hold, in_flight = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 5, #ARGV do
  redis.call('ZADD', KEYS[1], 'NX', now + in_flight + hold, ARGV[i])
end
local info = redis.pcall('INFO', 'server')
local run_id = type(info) == 'string' and string.match(info, 'run_id:(%w+)')
if run_id then
  local epoch = redis.call('HMGET', KEYS[2], 'run_id', 'full_until')
  local full_until = tonumber(epoch[2]) or 0
  if epoch[1] ~= run_id then
    if epoch[1] then
      full_until = now + hold
    else
      local uptime = tonumber(string.match(info, 'uptime_in_seconds:(%d+)')) or 0
      full_until = now - uptime * 1000000 + hold
    end
    redis.call('HSET', KEYS[2], 'run_id', run_id, 'full_until', full_until)
  end
  if now < full_until then
    return full_until - now
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + in_flight + hold, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil((in_flight + hold) / 1000) + 1000)
  return 0
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(first[2]) - now)
"""

# KEYS[1] the log; ARGV: hold, in_flight, ticket, this process's other tickets on their
# way. The answer came: the place frees `hold` from now (held again if a restart lost
# it), and the log expires when its last place frees.
_REDIS_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local hold, in_flight = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[1], 'NX', now + in_flight + hold, ARGV[i])
end
redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIRE', KEYS[1], math.ceil((tonumber(last[2]) - now) / 1000) + 1000)
end
return 0
"""


class _RedisWindow:
    def __init__(self, cache, key: str, epoch_key: str, in_flight: Callable[[], list[str]]):
        self.cache = cache
        self.key = cache.make_and_validate_key(key)
        self.epoch_key = cache.make_and_validate_key(epoch_key)
        self.in_flight = in_flight  # this process's tickets still on their way
        self._scripts: dict[str, object] = {}

    def _run(self, source: str, keys: list, args: list):
        client = self.cache._cache.get_client(self.key, write=True)
        if source not in self._scripts:
            self._scripts[source] = client.register_script(source)
        return self._scripts[source](keys=keys, args=args, client=client)

    def reserve(self, ticket, limit, hold, in_flight, clock) -> float:
        us = 1_000_000
        args = [limit, int(hold * us), int(in_flight * us), ticket, *self.in_flight()]
        wait = self._run(_REDIS_ACQUIRE, [self.key, self.epoch_key], args)
        return int(wait) / us

    def release(self, ticket, hold, clock, in_flight: float = 0.0) -> None:
        us = 1_000_000
        others = [other for other in self.in_flight() if other != ticket]
        args = [int(hold * us), int(in_flight * us), ticket, *others]
        self._run(_REDIS_RELEASE, [self.key], args)


def cache_place_log(cache, key: str, keep: float, in_flight: Callable[[], list[str]]):
    """`keep`: the longest a place may be held (Redis computes it from the log)."""
    if isinstance(cache, RedisCache):
        return _RedisWindow(cache, key, f"{key}:epoch", in_flight)
    return process_place_log(cache, key, keep, in_flight)


def cache_rate_limiter(cache, key_fingerprint: str, **options) -> RateLimiter:
    """A limiter whose state lives in a Django cache (the shared one, across processes)."""
    return RateLimiter(
        cache, key_fingerprint, place_log=cache_place_log, outages=(DatabaseError,), **options
    )


def day_ledger_for(shared_cache):
    """Redis may lose the day's count in a restart: the database keeps a copy. (The
    database cache keeps it in the database already; local memory is one process.)"""
    if not isinstance(shared_cache, RedisCache):
        return None
    from lives_admin.upstream.api_usage import DatabaseDayLedger

    return DatabaseDayLedger()
