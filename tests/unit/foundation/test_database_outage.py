"""A worker's loop without a database waits longer each time, and gives up only after
its patience, with a message that says what to check (the clock is the test's)."""

import pytest
from django.db import OperationalError

from lives_admin.jobs.database_outage import DatabaseUnreachable, OutageWait


class Clock:
    def __init__(self):
        self.now = 0.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def test_waits_grow_then_it_gives_up_after_its_patience():
    clock = Clock()
    outage = OutageWait("The job worker", patience=300, clock=clock, sleep=clock.sleep)
    error = OperationalError("the connection is closed")
    with pytest.raises(DatabaseUnreachable) as gave_up:
        for _ in range(100):
            outage.lost(error)
    assert clock.waits[:4] == [0.5, 1.0, 2.0, 4.0]
    assert max(clock.waits) == 15.0
    assert 300 <= clock.now < 320
    assert "no working database connection for 3" in str(gave_up.value)
    assert "the connection is closed" in str(gave_up.value)


def test_a_working_connection_starts_the_count_afresh():
    clock = Clock()
    outage = OutageWait("The job worker", patience=300, clock=clock, sleep=clock.sleep)
    for _ in range(30):  # 30 outages of 0.5 s, hours apart: never gives up
        outage.lost(OperationalError("terminating connection due to administrator command"))
        outage.recovered()
        clock.now += 3600
    assert clock.waits == [0.5] * 30
