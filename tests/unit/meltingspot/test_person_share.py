"""Issue 18, fair between people: while others use the key, no one person's requests
hold more than their share of the window (40 % here); alone, a person uses it all; bulk
jobs keep their own guaranteed share instead. Fake clock."""

import threading

from lives_admin.meltingspot import RateLimiter
from lives_admin.meltingspot.person_share import PersonShare
from lives_admin.meltingspot.priority import EXPORT, JOB, acting_for, request_class
from tests.unit.meltingspot.test_ratelimit import (
    FakeClock,
    SimulatedClock,
    busiest_window,
    cache,
)


def limiter_for(clock, requests=10):
    return RateLimiter(
        cache(),
        "k",
        requests=requests,
        window=10,
        sleep=clock.sleep,
        clock=clock,
        person_share=PersonShare(share=0.4),
    )


def test_alone_a_person_uses_the_whole_window():
    clock = FakeClock()
    limiter = limiter_for(clock)
    with acting_for("viewer"), request_class(EXPORT):
        for _ in range(8):  # the background ceiling, not the person's share
            with limiter.slot():
                pass
    with acting_for("viewer"):
        for _ in range(2):
            limiter.acquire()
    assert clock.now == 1_000_000.0  # never waited


def test_while_another_person_uses_the_key_one_person_holds_at_most_their_share():
    clock = FakeClock()
    limiter = limiter_for(clock)
    with acting_for("organiser"), limiter.slot():
        pass  # their place is held for the window
    started = clock.now
    with acting_for("viewer"), request_class(EXPORT):
        for _ in range(4):  # 40 % of 10
            with limiter.slot():
                pass
        assert clock.now == started
        limiter.acquire()  # the fifth waits for the viewer's first place to free
    assert clock.now >= started + 10
    before = clock.now
    with acting_for("organiser"):
        for _ in range(4):  # the others' pages go at once (to their own share)
            with limiter.slot():
                pass
    assert clock.now == before


def test_bulk_jobs_and_nobodys_work_are_not_capped():
    clock = FakeClock()
    limiter = limiter_for(clock)
    with acting_for("organiser"), limiter.slot():
        pass
    with acting_for("organiser-2"), request_class(JOB):
        for _ in range(6):  # beyond 4: the job's background share rules
            limiter.acquire()
    for _ in range(3):  # nobody's (a sync in the worker)
        limiter.acquire()
    assert clock.now == 1_000_000.0


def test_a_share_of_one_turns_the_cap_off():
    clock = FakeClock()
    limiter = RateLimiter(
        cache(),
        "k",
        requests=10,
        window=10,
        sleep=clock.sleep,
        clock=clock,
        person_share=PersonShare(share=1.0),
    )
    with acting_for("organiser"), limiter.slot():
        pass
    with acting_for("viewer"):
        for _ in range(9):
            limiter.acquire()
    assert clock.now == 1_000_000.0


def test_three_exports_by_one_viewer_keep_to_their_share_and_never_hold_another_persons_pages():
    exporters, latency = 3, 0.2
    clock = SimulatedClock(threads=exporters + 1)
    limiter = limiter_for(clock, requests=20)  # the viewer's share: 8 per 10 s
    sent: list[tuple[str, float]] = []
    page_waits: list[float] = []
    lock = threading.Lock()
    organiser_started = threading.Event()
    exports_done = threading.Event()

    def one(who):
        asked = clock()
        with limiter.slot():
            with lock:
                sent.append((who, clock.seen.now))
                if who == "organiser":
                    page_waits.append(clock.seen.now - asked)
                    organiser_started.set()  # the exports start once it holds a place
            clock.sleep(latency)

    def organiser():  # a page every 2 s, all along
        try:
            with acting_for("organiser"):
                while not exports_done.is_set():
                    one("organiser")
                    clock.sleep(2.0)  # ~5 places held: within its own share
        finally:
            organiser_started.set()
            clock.done()

    remaining = [exporters]

    def export():
        try:
            organiser_started.wait()
            with acting_for("viewer"), request_class(EXPORT):
                for _ in range(20):
                    one("viewer")
        finally:
            with lock:
                remaining[0] -= 1
                if remaining[0] == 0:
                    exports_done.set()
            clock.done()

    threads = [threading.Thread(target=organiser)]
    threads += [threading.Thread(target=export) for _ in range(exporters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    viewer_times = [at for who, at in sent if who == "viewer"]
    assert len(viewer_times) == 60
    assert busiest_window(viewer_times, 10) <= 8  # 40 % of 20, in any stretch of 10 s
    assert max(page_waits) == 0  # the organiser never waited behind the exports
    assert busiest_window([at for _, at in sent], 10) <= 20
