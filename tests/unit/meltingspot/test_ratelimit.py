"""D9: the limiter keeps every window under its budget, across threads, and counts the day."""

import bisect
import threading
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache

from lives_admin.meltingspot import RateLimiter, RateLimitExceeded
from lives_admin.meltingspot.ratelimit import key_fingerprint


class FakeClock:
    def __init__(self, start=1_000_000.0):
        self.now = start
        self.lock = threading.Lock()
        self.seen = threading.local()  # what each thread last read: its admission time

    def __call__(self):
        self.seen.now = self.now
        return self.now

    def sleep(self, seconds):
        with self.lock:
            self.now += seconds


def cache():
    # A name of its own: LocMemCaches of one name share their data (and id() is reused).
    return LocMemCache(f"limiter-{uuid.uuid4().hex}", {})


def test_no_window_ever_admits_more_than_the_limit_under_8_threads():
    clock = FakeClock()
    limiter = RateLimiter(cache(), "k", requests=20, window=10, sleep=clock.sleep, clock=clock)
    admitted: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(25):
            limiter.acquire()
            with lock:
                admitted.append(clock.seen.now)  # the limiter's clock, not another thread's

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(admitted) == 200
    per_window: dict[int, int] = {}
    for moment in admitted:
        per_window[int(moment // 10)] = per_window.get(int(moment // 10), 0) + 1
    assert max(per_window.values()) <= 20
    # The window slides: no 10 s at all, aligned or not, holds more than 20.
    admitted.sort()
    assert max(bisect.bisect_left(admitted, t + 10) - i for i, t in enumerate(admitted)) <= 20
    assert limiter.used_today() == 200


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
    limiter = RateLimiter(cache(), "k", requests=2, window=10, sleep=clock.sleep, clock=clock)
    api.respond = lambda request, body: httpx.Response(200, json={"items": [], "total": 0})
    client = make_client(rate_limiter=limiter)
    for _ in range(5):
        client.lives.list()
    # Two at once, two when the first two have left the limiter's span (a sliding window
    # of 10 s, a 0.25 s slot and 1 s of margin: 11.25 s), then the fifth as long after.
    assert limiter.span_seconds == pytest.approx(11.25)
    assert clock.now == pytest.approx(1_000_000 + 2 * limiter.span_seconds)
    assert limiter.used_today() == 5


def test_a_burst_across_a_window_boundary_still_counts_as_one_window():
    # Fixed windows let 20 through at 9.9 s and 20 more at 10.1 s: 40 within 0.2 s.
    clock = FakeClock(start=1_000_009.9)
    limiter = RateLimiter(cache(), "k", requests=20, window=10, sleep=clock.sleep, clock=clock)
    for _ in range(20):
        limiter.acquire()
    clock.now = 1_000_010.1
    limiter.acquire()
    # The 21st waits until the first 20 have left the span (counted from their slot's start).
    assert clock.now == pytest.approx(1_000_009.75 + limiter.span_seconds)
