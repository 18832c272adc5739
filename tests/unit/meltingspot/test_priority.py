"""Issue 18, a fair budget: pages go first, background work (jobs, insights, exports)
uses what pages leave yet keeps its guaranteed share of the key. Fake clock."""

import threading

import pytest

from lives_admin.meltingspot import RateLimiter
from lives_admin.meltingspot.priority import (
    JOB,
    PAGE,
    Priority,
    current_request_class,
    request_class,
)
from tests.unit.meltingspot.test_ratelimit import FakeClock, SimulatedClock, cache


def test_the_request_class_is_a_context_set_where_the_work_is():
    assert current_request_class() == PAGE
    with request_class(JOB):
        assert current_request_class() == JOB
    assert current_request_class() == PAGE
    with pytest.raises(ValueError), request_class("urgent"):
        pass


def test_a_job_alone_leaves_room_for_pages_and_a_page_then_goes_at_once():
    clock = FakeClock()
    limiter = RateLimiter(cache(), "k", requests=10, window=10, sleep=clock.sleep, clock=clock)
    with request_class(JOB):
        for _ in range(8):  # the ceiling: 80 % of the window
            with limiter.slot():
                pass
    started = clock.now
    limiter.acquire()  # a page
    assert clock.now == started  # no wait behind the job
    with request_class(JOB):
        limiter.acquire()  # the job waits until its first places free
    assert clock.now >= started + 10


def test_pages_alone_use_the_whole_window():
    clock = FakeClock()
    limiter = RateLimiter(cache(), "k", requests=10, window=10, sleep=clock.sleep, clock=clock)
    for _ in range(10):
        limiter.acquire()
    assert clock.now == 1_000_000.0


def test_a_waiting_job_keeps_its_guaranteed_places_from_pages():
    clock = FakeClock()
    limiter = RateLimiter(cache(), "k", requests=10, window=10, sleep=clock.sleep, clock=clock)
    window, priority = limiter._window, Priority()  # one step of the shared log at a time
    for n in range(10):  # pages fill the window
        assert window.reserve(f"page-{n}", 10, 10, 0, clock, PAGE, priority) == 0
    clock.now += 9.5
    assert window.reserve("job-0", 10, 10, 0, clock, JOB, priority) > 0  # waits, marked
    clock.now += 0.51  # every page's place frees; the job has not looked again yet
    admitted_pages = 0
    while window.reserve(f"later-{admitted_pages}", 10, 10, 0, clock, PAGE, priority) == 0:
        admitted_pages += 1
    assert admitted_pages == 5  # the other 5 stay for the job
    for n in range(5):
        assert window.reserve(f"job-{n + 1}", 10, 10, 0, clock, JOB, priority) == 0
    clock.now += 1.01  # the job stopped: its unused share goes back to pages
    clock.now += 10
    for n in range(10):
        assert window.reserve(f"after-{n}", 10, 10, 0, clock, PAGE, priority) == 0


def test_a_job_gets_at_least_half_of_the_key_while_pages_are_busy():
    pages, latency = 6, 0.2
    clock = SimulatedClock(threads=pages + 1)
    limiter = RateLimiter(cache(), "k", requests=20, window=10, sleep=clock.sleep, clock=clock)
    sent: list[tuple[str, float]] = []
    lock = threading.Lock()
    job_done = threading.Event()

    def one(kind):
        with limiter.slot():
            with lock:
                sent.append((kind, clock.seen.now))
            clock.sleep(latency)

    def page_worker():
        try:
            while not job_done.is_set():
                one(PAGE)
        finally:
            clock.done()

    def job_worker():
        try:
            with request_class(JOB):
                for _ in range(60):
                    one(JOB)
        finally:
            job_done.set()
            clock.done()

    threads = [threading.Thread(target=page_worker) for _ in range(pages)]
    threads.append(threading.Thread(target=job_worker))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    job_times = [at for kind, at in sent if kind == JOB]
    start, end = min(job_times), max(job_times)
    during = [kind for kind, at in sent if start <= at <= end]
    share = during.count(JOB) / len(during)
    assert share >= 0.5
    assert during.count(PAGE) > 0  # pages were served all along, not starved either


def test_one_person_cannot_spend_more_than_their_share_of_the_day():
    from lives_admin.meltingspot import PersonalBudgetSpent
    from lives_admin.meltingspot.priority import acting_for

    clock = FakeClock()
    limiter = RateLimiter(
        cache(), "k", daily=100, daily_per_person=3, sleep=clock.sleep, clock=clock
    )
    with acting_for(7):
        for _ in range(3):
            with limiter.slot():
                pass
        with pytest.raises(PersonalBudgetSpent, match="your share of today's MeltingSpot"):
            limiter.acquire()
    assert limiter.used_today() == 3  # the refused one was not counted, nor sent
    with acting_for(8):  # the rest of the team goes on
        limiter.acquire()
    limiter.acquire()  # and so does work that is nobody's
    assert limiter.used_today_by("7") == 3 and limiter.used_today_by("8") == 1


def _window(clock):
    limiter = RateLimiter(cache(), "k", requests=10, window=10, sleep=clock.sleep, clock=clock)
    return limiter._window  # one step of the shared log at a time


def test_a_job_takes_no_place_above_its_share_while_a_page_waits():
    clock, priority = FakeClock(), Priority()  # of 10: 5 guaranteed, ceiling 8
    window = _window(clock)
    for n in range(5):
        assert window.reserve(f"job-{n}", 10, 10, 0, clock, JOB, priority) == 0
    for n in range(5):  # the pages' own 5; three answered at once (they free first)
        assert window.reserve(f"page-{n}", 10, 0.3 if n < 3 else 10, 0, clock) == 0
    assert window.reserve("page-5", 10, 0.3, 0, clock) > 0  # full: the page waits
    clock.now += 0.35  # three places free: 7 held, below the job's ceiling
    assert window.reserve("job-5", 10, 10, 0, clock, JOB, priority) > 0  # the page first
    assert window.reserve("page-5", 10, 0.3, 0, clock, PAGE, priority) == 0
    clock.now += 1.01  # no page refused for a second, the page's place free again
    assert window.reserve("job-6", 10, 10, 0, clock, JOB, priority) == 0  # up to its ceiling
