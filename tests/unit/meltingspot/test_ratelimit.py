"""docs/api.md, D9: the limiter keeps any 10 s under its budget, across threads, and counts
the day; an unreachable shared cache is a clear error, never an unlimited request."""

import bisect
import contextlib
import threading
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache

from lives_admin.meltingspot import (
    APIConnectionError,
    RateLimiter,
    RateLimiterUnavailable,
    RateLimitExceeded,
)
from lives_admin.meltingspot.ratelimit import LEDGER_EVERY, key_fingerprint


class FakeClock:
    """Time moves only when a thread sleeps; each thread wakes when its sleep ends, and
    the time each thread last read is kept (the limiter reads it when it admits)."""

    def __init__(self, start=1_000_000.0):
        self.now = start
        self.lock = threading.Lock()
        self.seen = threading.local()

    def __call__(self):
        with self.lock:
            self.seen.now = self.now
            return self.now

    def sleep(self, seconds):
        with self.lock:
            self.now = max(self.now, getattr(self.seen, "now", self.now) + seconds)


class SimulatedClock(FakeClock):
    """One fake time for several threads: it moves only when every thread is asleep (or
    done), to the earliest wake-up. A thread between its admission and its release is
    awake, so its answer comes at the very moment it was admitted, whatever the scheduler
    does: the outcome is exact, not a race."""

    def __init__(self, threads: int, start=1_000_000.0):
        super().__init__(start)
        self.awake = threads
        self.wakeups: list[float] = []
        self.changed = threading.Condition(self.lock)

    def sleep(self, seconds):
        with self.changed:
            wake_at = self.now + seconds  # the time cannot have moved while this thread ran
            self.wakeups.append(wake_at)
            self.awake -= 1
            self._advance()
            while self.now < wake_at:
                self.changed.wait()
            self.wakeups.remove(wake_at)
            self.awake += 1

    def done(self):
        with self.changed:
            self.awake -= 1
            self._advance()

    def _advance(self):
        if self.awake == 0 and self.wakeups:
            self.now = max(self.now, min(self.wakeups))
            self.changed.notify_all()


def cache():
    # A name of its own: local-memory caches of one name share their data.
    return LocMemCache(f"limiter-{uuid.uuid4().hex}", {})


def busiest_window(moments: list[float], window: float) -> int:
    """The most requests that any stretch of `window` seconds holds."""
    moments = sorted(moments)
    return max(bisect.bisect_left(moments, start + window) - i for i, start in enumerate(moments))


def test_no_stretch_of_the_window_ever_admits_more_than_the_limit_under_8_threads():
    clock = SimulatedClock(threads=8)
    limiter = RateLimiter(cache(), "k", requests=20, window=10, sleep=clock.sleep, clock=clock)
    admitted: list[float] = []
    lock = threading.Lock()

    def worker():
        try:
            for _ in range(25):
                with limiter.slot(), lock:
                    admitted.append(clock.seen.now)
        finally:
            clock.done()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(admitted) == 200
    assert busiest_window(admitted, 10) == 20  # sliding, not only per aligned window
    assert limiter.used_today() == 200
    # 200 requests at 20 per 10 s (answered at once): ten windows' worth of waiting.
    assert max(admitted) - min(admitted) == pytest.approx(9 * 10)


def test_a_burst_at_the_end_of_a_window_waits_a_whole_window_not_for_the_next_one():
    # A fixed window would let 20 go at 9.9 s and 20 more at 10.0 s: 40 in 0.1 s.
    clock = FakeClock(start=1_000_009.9)
    limiter = RateLimiter(
        cache(), "k", requests=20, window=10, margin=0.5, sleep=clock.sleep, clock=clock
    )
    for _ in range(20):
        with limiter.slot():
            pass
    clock.now = 1_000_010.0
    limiter.acquire()
    assert clock.now == pytest.approx(1_000_009.9 + 10.5)


def test_a_slow_answer_holds_its_place_a_whole_window_after_it_came():
    # Sent at 0, answered at 4: MeltingSpot may have counted it as late as 4, so the
    # next place frees at 14, not 10.
    clock = FakeClock(start=1_000_000.0)
    limiter = RateLimiter(cache(), "k", requests=1, window=10, sleep=clock.sleep, clock=clock)
    with limiter.slot():
        clock.now += 4
    limiter.acquire()
    assert clock.now == pytest.approx(1_000_014.0)


def test_a_request_still_on_its_way_keeps_its_place_until_its_process_is_given_up():
    clock = FakeClock(start=1_000_000.0)
    limiter = RateLimiter(
        cache(), "k", requests=1, window=10, in_flight_seconds=60, sleep=clock.sleep, clock=clock
    )
    limiter.acquire()  # never answered: its process died on the way
    limiter.acquire()
    assert clock.now == pytest.approx(1_000_070.0, abs=0.06)  # 60 s on its way, then 10


def test_a_cache_outage_is_a_clear_connection_error_and_nothing_is_sent():
    import redis

    class DownCache(LocMemCache):
        def get(self, *args, **kwargs):
            raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6390.")

    limiter = RateLimiter(DownCache("down", {}), "k")
    with pytest.raises(RateLimiterUnavailable, match="shared rate limiter") as caught:
        limiter.acquire()
    assert isinstance(caught.value, APIConnectionError)  # retried like one, shown as one
    assert "ConnectionError" in caught.value.message


def test_the_wait_itself_is_not_taken_for_an_outage():
    clock = FakeClock()

    def interrupted(seconds):
        raise KeyboardInterrupt

    limiter = RateLimiter(cache(), "k", requests=1, window=10, sleep=interrupted, clock=clock)
    limiter.acquire()
    with pytest.raises(KeyboardInterrupt):
        limiter.acquire()


def test_the_last_request_of_the_day_is_counted_once_even_if_two_race_for_it():
    clock = FakeClock()
    shared = cache()
    first = RateLimiter(shared, "k", daily=1, sleep=clock.sleep, clock=clock)
    second = RateLimiter(shared, "k", daily=1, sleep=clock.sleep, clock=clock)
    # Both read "0 used" before either counts: the counter, not the read, decides.
    first.used_today = second.used_today = lambda now=None: 0
    first.acquire()
    with pytest.raises(RateLimitExceeded, match="daily budget"):
        second.acquire()


def test_the_daily_budget_refuses_without_sending():
    clock = FakeClock()
    limiter = RateLimiter(
        cache(), "k", requests=100, window=10, daily=3, sleep=clock.sleep, clock=clock
    )
    for _ in range(3):
        limiter.acquire()
    assert limiter.remaining_today() == 0
    with pytest.raises(RateLimitExceeded, match="daily budget"):
        limiter.acquire()


def test_counters_are_named_after_a_hash_of_the_key():
    fingerprint = key_fingerprint("super-secret")
    assert "super-secret" not in fingerprint and len(fingerprint) == 16
    limiter = RateLimiter(cache(), fingerprint)
    assert "super-secret" not in limiter.prefix


def test_the_client_waits_for_the_limiter_before_each_request(make_client, api):
    import httpx

    clock = FakeClock()
    limiter = RateLimiter(
        cache(), "k", requests=2, window=10, margin=0, sleep=clock.sleep, clock=clock
    )
    api.respond = lambda request, body: httpx.Response(200, json={"items": [], "total": 0})
    client = make_client(rate_limiter=limiter)
    for _ in range(5):
        client.lives.list()
    assert clock.now == pytest.approx(1_000_020.0)
    assert limiter.used_today() == 5


class MemoryLedger:
    """The day ledger's contract (lives_admin.upstream.api_usage keeps it in the database)."""

    def __init__(self):
        self.days = {}

    def recorded(self, key_fingerprint, day):
        return self.days.get((key_fingerprint, day))

    def record(self, key_fingerprint, day, used):
        self.days[(key_fingerprint, day)] = max(used, self.days.get((key_fingerprint, day), 0))


def test_a_day_count_lost_with_the_cache_goes_on_from_the_ledger_never_below():
    clock, shared = FakeClock(), cache()
    limiter = RateLimiter(
        shared, "k", daily=1_000, sleep=clock.sleep, clock=clock, day_ledger=MemoryLedger()
    )
    for _ in range(25):
        limiter.acquire()
    shared.clear()  # Redis restarted without persistence
    assert limiter.used_today() == 20  # the ledger's last copy, until the next request
    limiter.acquire()
    assert 26 <= limiter.used_today() <= 26 + LEDGER_EVERY


def test_the_daily_budget_holds_when_the_cache_loses_its_count():
    clock, shared = FakeClock(), cache()
    limiter = RateLimiter(
        shared, "k", daily=30, sleep=clock.sleep, clock=clock, day_ledger=MemoryLedger()
    )
    sent = 0
    for _round in range(2):
        with contextlib.suppress(RateLimitExceeded):
            for _ in range(25):
                limiter.acquire()
                sent += 1
        shared.clear()
    assert sent <= 30


def test_a_new_day_starts_from_zero_whatever_the_ledger_holds_for_yesterday():
    clock = FakeClock(start=1_000_000.0)  # 1970-01-12
    ledger = MemoryLedger()
    limiter = RateLimiter(cache(), "k", sleep=clock.sleep, clock=clock, day_ledger=ledger)
    for _ in range(10):
        limiter.acquire()
    clock.now += 86_400
    limiter.acquire()
    assert limiter.used_today() == 1
