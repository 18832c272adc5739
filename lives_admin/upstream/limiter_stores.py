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

from lives_admin.meltingspot.priority import (
    BACKGROUND_POLL_SECONDS,
    PAGE,
    PAGE_POLL_SECONDS,
    WAITING_MARK_SECONDS,
    is_background,
)
from lives_admin.meltingspot.ratelimit import DEFAULT_PRIORITY, RateLimiter, process_place_log

# A log entry's score is the time its place frees up: `answered + hold` once answered,
# `sent + in_flight + hold` until then. All times in µs.
# Both scripts first give this process's requests still on their way their places again
# (ARGV from 5 on, `NX`: a place that was not lost is left as it is).

# KEYS[1] the log, KEYS[2] the epoch (the run_id of the Redis that holds the log, and
# until when the window counts as full after a restart; a Redis that hides its INFO from
# scripts has no epoch), KEYS[3] the background's places (a subset of the log), KEYS[4]
# until when background work goes on (µs), KEYS[5] until when a refused page waits (µs).
# ARGV: limit, hold, in_flight, ticket, background (1 or 0), its guaranteed places, its
# ceiling, the mark, the background's and the page's polls (µs), then this process's
# tickets on their way. Returns 0 when the request may go (and logs it), else the µs to
# wait. The priority rule is `admits` in meltingspot/priority.py, the marks `_admit` in
# meltingspot/ratelimit.py.
_REDIS_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit, hold, in_flight = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local background = ARGV[5] == '1'
local guaranteed, ceiling = tonumber(ARGV[6]), tonumber(ARGV[7])
local mark, poll, page_poll = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
for i = 11, #ARGV do
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
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local held, background_held = redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[3])
local working_until = tonumber(redis.call('GET', KEYS[4]) or '0')
local pages_until = tonumber(redis.call('GET', KEYS[5]) or '0')
local working = working_until > now
local admit = held < limit
if admit and background then
  admit = background_held < guaranteed or (pages_until <= now and held < ceiling)
elseif admit then
  admit = not working or held - background_held < limit - guaranteed
end
local keep = math.ceil((in_flight + hold) / 1000) + 1000
if background then
  redis.call('SET', KEYS[4], now + mark, 'PX', math.ceil(mark / 1000) + 1000)
end
if admit then
  redis.call('ZADD', KEYS[1], now + in_flight + hold, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], keep)
  if background then
    redis.call('ZADD', KEYS[3], now + in_flight + hold, ARGV[4])
    redis.call('PEXPIRE', KEYS[3], keep)
  end
  return 0
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = math.max(1, (tonumber(first[2]) or now) - now)
if background then
  wait = math.min(wait, poll)
else
  redis.call('SET', KEYS[5], now + mark, 'PX', math.ceil(mark / 1000) + 1000)
  if working then
    wait = math.min(wait, page_poll, working_until - now)
  end
end
return math.max(1, wait)
"""

# KEYS[1] the log, KEYS[2] the background's places; ARGV: hold, in_flight, ticket, this
# process's other tickets on their way. The answer came: the place frees `hold` from now
# (held again if a restart lost it), and the log expires when its last place frees.
_REDIS_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local hold, in_flight = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 4, #ARGV do
  redis.call('ZADD', KEYS[1], 'NX', now + in_flight + hold, ARGV[i])
end
redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
redis.call('ZADD', KEYS[2], 'XX', now + hold, ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIRE', KEYS[1], math.ceil((tonumber(last[2]) - now) / 1000) + 1000)
end
return 0
"""


# KEYS[1] the log: the places held now, on Redis's clock.
_REDIS_HELD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
"""


class _RedisWindow:
    def __init__(self, cache, key: str, epoch_key: str, in_flight: Callable[[], list[str]]):
        self.cache = cache
        self.key = cache.make_and_validate_key(key)
        self.epoch_key = cache.make_and_validate_key(epoch_key)
        # One hash tag would be needed on a Redis cluster; a single Redis takes any keys.
        self.background_key = cache.make_and_validate_key(f"{key}:background")
        self.working_key = cache.make_and_validate_key(f"{key}:background-working")
        self.pages_waiting_key = cache.make_and_validate_key(f"{key}:pages-waiting")
        self.in_flight = in_flight  # this process's tickets still on their way
        self._scripts: dict[str, object] = {}

    def _run(self, source: str, keys: list, args: list):
        client = self.cache._cache.get_client(self.key, write=True)
        if source not in self._scripts:
            self._scripts[source] = client.register_script(source)
        return self._scripts[source](keys=keys, args=args, client=client)

    def reserve(
        self, ticket, limit, hold, in_flight, clock, request_class=PAGE, priority=DEFAULT_PRIORITY
    ) -> float:
        us = 1_000_000
        args = [
            limit,
            int(hold * us),
            int(in_flight * us),
            ticket,
            1 if is_background(request_class) else 0,
            priority.guaranteed(limit),
            priority.ceiling(limit),
            int(WAITING_MARK_SECONDS * us),
            int(BACKGROUND_POLL_SECONDS * us),
            int(PAGE_POLL_SECONDS * us),
            *self.in_flight(),
        ]
        keys = [
            self.key,
            self.epoch_key,
            self.background_key,
            self.working_key,
            self.pages_waiting_key,
        ]
        wait = self._run(_REDIS_ACQUIRE, keys, args)
        return int(wait) / us

    def release(self, ticket, hold, clock, in_flight: float = 0.0) -> None:
        us = 1_000_000
        others = [other for other in self.in_flight() if other != ticket]
        args = [int(hold * us), int(in_flight * us), ticket, *others]
        self._run(_REDIS_RELEASE, [self.key, self.background_key], args)

    def held(self, clock) -> int:
        return int(self._run(_REDIS_HELD, [self.key], []))


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
