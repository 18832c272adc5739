"""A job's batches sent a few at a time (its lanes), so a job can use the share of the key
the limiter keeps for it (meltingspot/priority.py).

One batch waits a round trip to MeltingSpot (150 ms and more) and the runner's own
bookkeeping; one lane alone sends fewer than the 50 requests in 10 s that a job's share
allows, and pages then take the rest. Lanes take batches from one queue of the live's
pending items: an item is in one lane's hands at a time, and is read again (after an
error) only once its lane let go of it, so nobody is sent twice at once.
"""

from __future__ import annotations

import contextvars
import threading
from collections import deque
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


class PendingBatches:
    """The live's pending items, handed out a batch at a time to the lanes.

    `read_pending(excluded_ids)`: the next pending items, without those of batches on
    their way."""

    def __init__(self, read_pending: Callable[[set], Iterable[T]], batch_size: int):
        self.read_pending = read_pending
        self.batch_size = batch_size
        self._queue: deque = deque()
        self._out: set = set()  # ids of the items in a lane's hands
        self._lock = threading.Lock()

    def take(self) -> list | None:
        """The next batch, None when nothing is pending (but what the lanes hold)."""
        with self._lock:
            if not self._queue:
                self._queue.extend(self.read_pending(set(self._out)))
                if not self._queue:
                    return None
            size = min(self.batch_size, len(self._queue))
            batch = [self._queue.popleft() for _ in range(size)]
            self._out.update(item.pk for item in batch)
            return batch

    def done(self, batch: list, *, read_again: bool) -> None:
        """The lane let go of its batch; `read_again`: part of it may still be pending
        (an error), so what is queued is read anew from the database."""
        with self._lock:
            self._out.difference_update(item.pk for item in batch)
            if read_again:
                self._queue.clear()

    def forget(self) -> None:
        """Read everything anew (a new database connection)."""
        with self._lock:
            self._queue.clear()


def run_lanes(count: int, lane: Callable[[threading.Event], None]) -> None:
    """`lane(halt)` in `count` threads (inline when one), each with the caller's context
    (request class, person, audit actor) and its own database connection. The first
    error of a lane sets `halt` for the others and is raised once they all ended."""
    halt = threading.Event()
    if count <= 1:
        lane(halt)
        return
    errors: list[BaseException] = []

    def one(context: contextvars.Context) -> None:
        try:
            context.run(lane, halt)
        except BaseException as error:
            errors.append(error)
            halt.set()
        finally:
            connection.close()  # this thread's own

    threads = [
        threading.Thread(target=one, args=(contextvars.copy_context(),), name=f"job-lane-{n}")
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
