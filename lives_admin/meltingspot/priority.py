"""Who a request is for: a page an organiser waits on, or background work (a job, an
insights read, an export) that uses what pages leave.

The class is set where the work is (the job runner, the insights runner, an export) with
`request_class(...)`, and every request made inside, however deep, carries it: the
limiter gives it its turn in the shared window, and the client names it to MeltingSpot
in `X-Request-Class` (a header the API ignores; the sandbox logs it).

The rule, in the one shared window (docs/api.md, D9), so it holds across processes:
- a page takes any free place, except the background's guaranteed places while
  background work goes on (a background request was given or refused a place in the
  last second);
- background takes a place while it holds fewer than `background_share` of the limit
  (its guaranteed share, whatever the pages do), or while the window is below
  `background_ceiling` of the limit and no page was refused in the last second (pages
  first: what pages leave goes to background, never what they wait for).
"""

from __future__ import annotations

import contextlib
import contextvars
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

PAGE = "page"
JOB = "job"
INSIGHTS = "insights"
EXPORT = "export"
CLASSES = (PAGE, JOB, INSIGHTS, EXPORT)

_current: contextvars.ContextVar[str] = contextvars.ContextVar(
    "meltingspot_request_class", default=PAGE
)


_person: contextvars.ContextVar[str] = contextvars.ContextVar("meltingspot_person", default="")


def current_person() -> str:
    """Whose work the requests are (a user id; "" for nobody's): the per-person share."""
    return _person.get()


@contextlib.contextmanager
def acting_for(person: object) -> Iterator[None]:
    """Every MeltingSpot request made inside counts against `person`'s daily share."""
    token = _person.set("" if person is None else str(person))
    try:
        yield
    finally:
        _person.reset(token)


def current_request_class() -> str:
    return _current.get()


def is_background(request_class: str) -> bool:
    return request_class != PAGE


@contextlib.contextmanager
def request_class(name: str) -> Iterator[None]:
    """Every MeltingSpot request made inside counts as `name` (page, job, insights…)."""
    if name not in CLASSES:
        raise ValueError(f"unknown request class {name!r}")
    token = _current.set(name)
    try:
        yield
    finally:
        _current.reset(token)


# A background request given or refused a place marks "background at work" this long;
# a waiting one looks again well before the mark runs out, so the mark lasts while
# background work goes on (its next request follows the last one's answer) and lapses a
# second after it stopped.
WAITING_MARK_SECONDS = 1.0
BACKGROUND_POLL_SECONDS = 0.1
# A page refused a place marks "pages waiting" as long; while background is at work it
# looks again well before the mark runs out, so the mark lasts while it waits.
PAGE_POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Priority:
    background_share: float = 0.5  # of the limit, guaranteed to background work
    background_ceiling: float = 0.8  # of the limit, background alone may fill

    def guaranteed(self, limit: int) -> int:
        return min(limit, math.ceil(limit * self.background_share))

    def ceiling(self, limit: int) -> int:
        return max(self.guaranteed(limit), math.floor(limit * self.background_ceiling))


def admits(
    *,
    background: bool,
    held: int,
    background_held: int,
    background_waiting: bool,
    limit: int,
    priority: Priority,
    pages_waiting: bool = False,
) -> bool:
    """Whether a request of this class takes a place now (the Redis script mirrors it).
    `pages_waiting`: a page was refused a place in the last second."""
    if held >= limit:
        return False
    guaranteed = priority.guaranteed(limit)
    if background:
        if background_held < guaranteed:
            return True
        return not pages_waiting and held < priority.ceiling(limit)
    return not background_waiting or held - background_held < limit - guaranteed


def iterate_as(name: str, items: Iterable[T]) -> Iterator[T]:
    """`items` read lazily as `name` (an export streamed after its view returned), for
    the person of the caller: both are set around each step only, so nothing leaks to
    whoever iterates."""
    return _steps_as(name, current_person(), iter(items))  # the person read now


def _steps_as(name: str, person: str, iterator: Iterator[T]) -> Iterator[T]:
    while True:
        with request_class(name), acting_for(person or None):
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item
