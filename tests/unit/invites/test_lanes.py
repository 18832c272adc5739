"""The lanes of a job (lives_admin/invites/lanes.py): nobody in two lanes' hands at once,
an error stops every lane."""

import contextvars
import threading
from dataclasses import dataclass

import pytest

from lives_admin.invites.lanes import PendingBatches, run_lanes


@dataclass(frozen=True)
class Item:
    pk: int


def test_a_batch_on_its_way_is_not_read_again():
    pending = [Item(n) for n in range(1, 8)]
    reads = []

    def read(excluded):
        reads.append(set(excluded))
        return [item for item in pending if item.pk not in excluded]

    batches = PendingBatches(read, batch_size=3)
    first = batches.take()
    batches.done([], read_again=True)  # another lane's error: the queue is read anew
    second = batches.take()
    assert [i.pk for i in first] == [1, 2, 3]
    assert [i.pk for i in second] == [4, 5, 6]
    assert reads[-1] == {1, 2, 3}


def test_a_batch_let_go_after_an_error_is_read_again():
    pending = [Item(n) for n in range(1, 4)]
    batches = PendingBatches(lambda out: [i for i in pending if i.pk not in out], batch_size=3)
    batch = batches.take()
    batches.done(batch, read_again=True)  # still pending in the database
    assert batches.take() == batch
    pending.clear()
    batches.done(batch, read_again=False)
    assert batches.take() is None


def test_each_lane_runs_in_the_callers_context():
    who = contextvars.ContextVar("who", default="nobody")
    seen = []
    lock = threading.Lock()

    def lane(halt):
        with lock:
            seen.append((threading.current_thread().name, who.get()))

    token = who.set("organiser")
    try:
        run_lanes(3, lane)
    finally:
        who.reset(token)
    assert len({name for name, _ in seen}) == 3
    assert {value for _, value in seen} == {"organiser"}


def test_an_error_in_one_lane_halts_the_others_and_is_raised():
    class Broken(Exception):
        pass

    stopped = []
    started = threading.Barrier(3)

    def lane(halt):
        started.wait(timeout=5)
        if threading.current_thread().name.endswith("-0"):
            raise Broken
        stopped.append(halt.wait(timeout=5))

    with pytest.raises(Broken):
        run_lanes(3, lane)
    assert stopped == [True, True]
