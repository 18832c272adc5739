"""A client-side limiter: 100 requests per 10 s and 50,000 a day per key (docs/api.md, D9).

The window slides, and a request holds its place in it from the moment it is let
through until `window` seconds after its answer came back. MeltingSpot counts a
request at some moment between our sending it and our reading its answer, so no
stretch of 10 s on MeltingSpot's side ever holds more than 100, however long the
requests take on the way and however MeltingSpot aligns its own windows: no margin
to guess. A request still waiting for its answer counts as if answered now; if its
process dies, its place frees itself after `in_flight_seconds`.

The log of places lives in the shared cache and is read and written in one atomic
step, so every web process and worker on every machine takes its turn from the same
log:

- Redis: Lua scripts on a sorted set (member: a ticket, score: when its place frees
  up, on Redis's own clock, so the machines' clocks need not agree), in
  lives_admin/upstream/limiter_stores.py with the rest of the Django cache wiring;
- the database cache of `make run` (`SharedDatabaseCache.update`): the row locked;
- any other cache (local memory: one process): a lock in the process.

The daily budget is a counter per UTC day (the atomic `incr`).

A Redis restart without persistence empties the log and the counter; an empty log then
does not mean an empty window (the requests of the last seconds are still counted on
MeltingSpot's side), and the day did not start again:

- Redis's `run_id` is kept beside the log. A Redis whose run_id is not the one kept holds
  the window full until `window + margin` after it started (no log at all: a restart or a
  first use; its uptime says when) or after it was found (a log kept from another run, by
  persistence or a failover: it may miss the last moments). A request still on its way
  holds its place again at its process's next call, and its answer holds it again in any
  case;
- a `day_ledger` (the database) keeps a copy of the day's count every few requests; a
  counter lost with the cache starts again from that copy, a batch ahead.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Protocol

from lives_admin.meltingspot.errors import (
    PersonalBudgetSpent,
    RateLimiterUnavailable,
    RateLimitExceeded,
)
from lives_admin.meltingspot.person_share import PersonShare, PersonWindows
from lives_admin.meltingspot.priority import (
    BACKGROUND_POLL_SECONDS,
    PAGE,
    PAGE_POLL_SECONDS,
    WAITING_MARK_SECONDS,
    Priority,
    admits,
    current_person,
    current_request_class,
    is_background,
)

logger = logging.getLogger(__name__)

# How often a caller looks again when every place is held by a request still on its way
# (its place frees when its answer comes, a moment nobody can compute in advance).
IN_FLIGHT_POLL = 0.05


DEFAULT_PRIORITY = Priority()


def key_fingerprint(api_key: str) -> str:
    """Counters are named after a hash of the key, never the key itself."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:16]


WAITING = "~background-waiting"  # the log's entry: until when background waits
PAGES_WAITING = "~pages-waiting"  # until when a refused page waits
MARKS = (WAITING, PAGES_WAITING)


def _frees(entry) -> float:
    return entry[0] if isinstance(entry, tuple) else entry


def _admit(
    log,
    now: float,
    limit: int,
    hold: float,
    in_flight: float,
    ticket: str,
    request_class: str = PAGE,
    priority: Priority = DEFAULT_PRIORITY,
):
    """The sliding window on a dict {ticket: frees at, or (frees at, class)}, with the
    priorities of meltingspot/priority.py: (new log, seconds to wait)."""
    log = dict(log or {})
    waiting_until = log.pop(WAITING, 0.0)
    pages_until = log.pop(PAGES_WAITING, 0.0)
    held = {key: entry for key, entry in log.items() if _frees(entry) > now}
    background = is_background(request_class)
    background_held = sum(1 for entry in held.values() if isinstance(entry, tuple))
    admitted = admits(
        background=background,
        held=len(held),
        background_held=background_held,
        background_waiting=waiting_until > now,
        limit=limit,
        priority=priority,
        pages_waiting=pages_until > now,
    )
    wait = 0.0
    if admitted:
        frees = now + in_flight + hold
        held[ticket] = (frees, request_class) if background else frees
        if background:  # at work: its next request is on the way
            waiting_until = now + WAITING_MARK_SECONDS
    else:
        soonest = min((_frees(entry) for entry in held.values()), default=now + 0.001)
        wait = soonest - now
        if background:
            waiting_until = now + WAITING_MARK_SECONDS
            wait = min(wait, BACKGROUND_POLL_SECONDS)
        else:
            pages_until = now + WAITING_MARK_SECONDS
            if waiting_until > now:  # it keeps its mark while background may take places
                wait = min(wait, PAGE_POLL_SECONDS, waiting_until - now)
        wait = max(0.001, wait)
    if waiting_until > now:
        held[WAITING] = waiting_until
    if pages_until > now:
        held[PAGES_WAITING] = pages_until
    return held, wait


def _answered(log, now: float, hold: float, ticket: str):
    log = dict(log or {})
    if ticket in log:
        entry = log[ticket]
        log[ticket] = (now + hold, entry[1]) if isinstance(entry, tuple) else now + hold
    return log, None


def _held(log, now: float) -> int:
    """Places held now: requests answered within the window, or still on their way."""
    return sum(1 for key, entry in (log or {}).items() if key not in MARKS and _frees(entry) > now)


class _LockedWindow:
    """The database cache: its `update` runs the change with the row locked."""

    def __init__(self, cache, key: str, keep: float):
        self.cache = cache
        self.key = key
        self.timeout = int(keep) + 2  # outlives the latest place it may hold

    def reserve(
        self, ticket, limit, hold, in_flight, clock, request_class=PAGE, priority=DEFAULT_PRIORITY
    ) -> float:
        # The time is read with the row locked, so the log only ever grows in time.
        return self.cache.update(
            self.key,
            lambda log: _admit(
                log, clock(), limit, hold, in_flight, ticket, request_class, priority
            ),
            timeout=self.timeout,
        )

    def release(self, ticket, hold, clock, in_flight: float = 0.0) -> None:
        self.cache.update(
            self.key, lambda log: _answered(log, clock(), hold, ticket), timeout=self.timeout
        )

    def held(self, clock) -> int:
        return _held(self.cache.get(self.key), clock())


class _ProcessWindow:
    """Any other cache (local memory): shared by the threads of one process only."""

    _locks: dict[str, threading.Lock] = {}
    _locks_lock = threading.Lock()

    def __init__(self, cache, key: str, keep: float):
        self.cache = cache
        self.key = key
        self.timeout = int(keep) + 2  # outlives the latest place it may hold
        with self._locks_lock:
            self.lock = self._locks.setdefault(f"{id(cache)}:{key}", threading.Lock())

    def _change(self, change):
        with self.lock:
            log, result = change(self.cache.get(self.key))
            self.cache.set(self.key, log, timeout=self.timeout)
        return result

    def reserve(
        self, ticket, limit, hold, in_flight, clock, request_class=PAGE, priority=DEFAULT_PRIORITY
    ) -> float:
        return self._change(
            lambda log: _admit(
                log, clock(), limit, hold, in_flight, ticket, request_class, priority
            )
        )

    def release(self, ticket, hold, clock, in_flight: float = 0.0) -> None:
        self._change(lambda log: _answered(log, clock(), hold, ticket))

    def held(self, clock) -> int:
        return _held(self.cache.get(self.key), clock())


def process_place_log(store, key: str, keep: float, in_flight: Callable[[], list[str]]):
    """The log of places on a store without scripts: in one locked row when the store
    can `update` a value under a lock (the database cache), else in this process.
    `keep`: the longest a place may be held. (Redis: lives_admin.upstream.limiter_stores.)"""
    if callable(getattr(store, "update", None)):
        return _LockedWindow(store, key, keep)
    return _ProcessWindow(store, key, keep)


class PlaceLog(Protocol):
    """The sliding window's log of places, read and changed in one atomic step."""

    def reserve(
        self,
        ticket: str,
        limit: int,
        hold: float,
        in_flight: float,
        clock: Callable[[], float],
        request_class: str = PAGE,
        priority: Priority = DEFAULT_PRIORITY,
    ) -> float:
        """Log the ticket if its class may take a place (0.0), else the seconds to wait."""
        ...

    def release(
        self, ticket: str, hold: float, clock: Callable[[], float], in_flight: float = 0.0
    ) -> None:
        """The ticket's answer came: its place frees `hold` from now."""
        ...


class LimiterStore(Protocol):
    """Where the limiter counts the day: a cache's `get`, atomic `incr` and `add` (the
    shape of Django's cache API; lives_admin.upstream.limiter_stores wires the caches)."""

    def get(self, key: str, default: object = None) -> object: ...

    def incr(self, key: str, delta: int = 1) -> int: ...

    def add(self, key: str, value: object, timeout: float | None = None) -> bool: ...


# Builds the log of places of a limiter: (store, key, keep, this process's tickets).
PlaceLogFactory = Callable[[object, str, float, Callable[[], list[str]]], PlaceLog]


class DayLedger(Protocol):
    """A copy of the day's count that outlives the cache (lives_admin.upstream.api_usage)."""

    def recorded(self, key_fingerprint: str, day: date) -> int | None: ...

    def record(self, key_fingerprint: str, day: date, used: int) -> None: ...


# The count is copied to the day ledger every this many requests; a counter lost with
# the cache starts again this much above the last copy (never below the truth).
LEDGER_EVERY = 10
DAY_KEY_SECONDS = 86_400 + 3_600


class RateLimiter:
    """`cache`: the store of the day's count (and, by default, of the log of places);
    `place_log`: how the log of places is kept on it (default: `process_place_log`);
    `outages`: the store's own errors that mean it cannot be reached, besides OSError
    and Redis's errors."""

    def __init__(
        self,
        cache: LimiterStore,
        key_fingerprint: str,
        *,
        requests: int = 100,
        window: float = 10.0,
        daily: int = 50_000,
        margin: float = 0.0,
        in_flight_seconds: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        day_ledger: DayLedger | None = None,
        place_log: PlaceLogFactory = process_place_log,
        outages: tuple[type[BaseException], ...] = (),
        priority: Priority = DEFAULT_PRIORITY,
        daily_per_person: int | None = None,
        person_share: PersonShare | None = None,
    ):
        self.cache = cache
        self.key_fingerprint = key_fingerprint
        self.prefix = f"meltingspot:ratelimit:{key_fingerprint}"
        self.requests = requests
        self.window = window
        # An answered request holds its place `window` (and an optional `margin`) longer.
        self.hold = window + max(0.0, margin)
        self.in_flight_seconds = in_flight_seconds
        self.daily = daily
        self.sleep = sleep
        self.clock = clock
        self.day_ledger = day_ledger
        # This process's requests on their way: their places are held again after a restart.
        self._in_flight: set[str] = set()
        self._in_flight_lock = threading.Lock()
        # The day's counters each request on its way was counted on: what `refund` gives back.
        self._counted: dict[str, tuple[str, ...]] = {}
        self.outages = outages
        self.priority = priority
        # No one person spends more than this of the day (None: no per-person share).
        self.daily_per_person = daily_per_person
        self._window = place_log(
            cache, f"{self.prefix}:log", in_flight_seconds + self.hold, self._tickets_in_flight
        )
        # No one person holds more than a share of the window while others use the key
        # (person_share.py; None: no cap).
        self._people = (
            None
            if person_share is None
            else PersonWindows(
                cache,
                self.prefix,
                in_flight_seconds + self.hold,
                place_log,
                self._window,
                person_share,
            )
        )

    def _tickets_in_flight(self) -> list[str]:
        with self._in_flight_lock:
            return list(self._in_flight)

    @property
    def span_seconds(self) -> float:
        """How long an answered request counts against the window (benchmarks wait it out)."""
        return self.hold

    @staticmethod
    def _day(now: float) -> date:
        return datetime.fromtimestamp(now, tz=UTC).date()

    def _day_key(self, now: float) -> str:
        return f"{self.prefix}:day:{self._day(now):%Y%m%d}"

    def _spent(self) -> RateLimitExceeded:
        return RateLimitExceeded(
            f"The daily budget of {self.daily:,} MeltingSpot requests is spent; "
            "it renews at midnight UTC."
        )

    @contextlib.contextmanager
    def slot(self) -> Iterator[str]:
        """Hold a place for one request: `with limiter.slot() as ticket: send it and read
        the answer` (the ticket, for `refund` if nothing was sent)."""
        ticket = self.acquire()
        try:
            yield ticket
        finally:
            self.release(ticket)

    def acquire(self) -> str:
        """Block until a request may be sent; its ticket for `release`. Raises when today's
        budget is spent."""
        ticket = uuid.uuid4().hex
        request_class = current_request_class()  # set where the work is (priority.py)
        who = current_person()
        fair = self._people is not None and self._people.applies(who, request_class)
        if fair:  # first a place among the person's own (person_share.py)
            with _translating_outages(self.outages):
                self._people.wait_for_place(
                    who,
                    ticket,
                    limit=self.requests,
                    hold=self.hold,
                    in_flight=self.in_flight_seconds,
                    clock=self.clock,
                    sleep=self.sleep,
                )
        try:
            return self._acquire_key_place(ticket, request_class, who)
        except BaseException:
            if fair:
                self._release_person_place(ticket)
            raise

    def _acquire_key_place(self, ticket: str, request_class: str, who: str) -> str:
        person = who if self.daily_per_person else ""
        while True:
            now = self.clock()
            with _translating_outages(self.outages):
                if self.used_today(now) >= self.daily:
                    raise self._spent()
                if person and self.used_today_by(person, now) >= self.daily_per_person:
                    raise self._spent_by_person()
                wait = self._window.reserve(
                    ticket,
                    self.requests,
                    self.hold,
                    self.in_flight_seconds,
                    self.clock,
                    request_class,
                    self.priority,
                )
            if wait <= 0:
                break
            if self._people is not None:  # others over their share give way
                with _translating_outages(self.outages):
                    self._people.note_waiting(who)
            # Every place held by a request on its way: its answer may come any moment.
            self.sleep(min(wait, IN_FLIGHT_POLL) if wait > self.hold else wait)
        # Counted once the window let it through; the one that overshoots the day
        # (several processes at the very end of the budget) is not sent.
        used = self._count(now)
        if used > self.daily:
            raise self._spent()
        if person:
            self._count_person(person, now)
        with self._in_flight_lock:
            self._in_flight.add(ticket)
            counted = (self._day_key(now), self._person_key(person, now) if person else "")
            self._counted[ticket] = tuple(key for key in counted if key)
        return ticket

    def _person_key(self, person: str, now: float) -> str:
        return f"{self._day_key(now)}:person:{person}"

    def used_today_by(self, person: str, now: float | None = None) -> int:
        now = now if now is not None else self.clock()
        with _translating_outages(self.outages):
            return int(self.cache.get(self._person_key(person, now)) or 0)

    def _count_person(self, person: str, now: float) -> None:
        key = self._person_key(person, now)
        with _translating_outages(self.outages):
            if not self.cache.add(key, 1, timeout=DAY_KEY_SECONDS):
                try:
                    self.cache.incr(key)
                except ValueError:  # expired between add and incr
                    self.cache.add(key, 1, timeout=DAY_KEY_SECONDS)

    def _spent_by_person(self) -> PersonalBudgetSpent:
        return PersonalBudgetSpent(
            f"You have used your share of today's MeltingSpot requests "
            f"({self.daily_per_person:,} of the team's {self.daily:,}), so the rest of the "
            "team keeps theirs; it renews at midnight UTC."
        )

    def _count(self, now: float) -> int:
        """One more request today, on the cache's atomic counter; a counter the cache lost
        (a new day, or a restart) starts again from the day ledger's copy."""
        key = self._day_key(now)
        with _translating_outages(self.outages):
            try:
                used = self.cache.incr(key)
            except ValueError:  # no counter today in the cache
                self.cache.add(key, self._recorded(now), timeout=DAY_KEY_SECONDS)
                try:
                    used = self.cache.incr(key)
                except ValueError:  # expired between add and incr
                    self.cache.add(key, 1, timeout=DAY_KEY_SECONDS)
                    used = 1
                self._copy_to_ledger(now, used)
        if used % LEDGER_EVERY == 0:
            self._copy_to_ledger(now, used)
        return used

    def _recorded(self, now: float) -> int:
        """Where today's count starts again: a batch above the ledger's last copy (the
        requests since that copy), 0 when the day has no copy yet."""
        if self.day_ledger is None:
            return 0
        recorded = self.day_ledger.recorded(self.key_fingerprint, self._day(now))
        return 0 if recorded is None else recorded + LEDGER_EVERY

    def _copy_to_ledger(self, now: float, used: int) -> None:
        if self.day_ledger is not None:
            self.day_ledger.record(self.key_fingerprint, self._day(now), used)

    def refund(self, ticket: str) -> None:
        """The request never left (its connection failed before anything was sent): give
        back what it took of the day's budget and of its person's share. Its place in the
        window stays until `release`: a retry storm during an outage is still paced.

        Never raises: at worst the day counts one request too many, as before. The day
        ledger keeps its highest copy; it is a floor for a lost counter, never the count."""
        with self._in_flight_lock:
            keys = self._counted.pop(ticket, ())
        for key in keys:
            try:
                with _translating_outages(self.outages):
                    self.cache.incr(key, -1)
            except (RateLimiterUnavailable, ValueError) as error:  # ValueError: key gone
                logger.warning("A request not sent was not refunded: %s", error)

    def release(self, ticket: str) -> None:
        """The request's answer came (or it failed): its place frees `window` from now.

        Never raises: the answer is already here, and a place that could not be
        released frees itself after `in_flight_seconds`."""
        try:
            with _translating_outages(self.outages):
                self._window.release(ticket, self.hold, self.clock, self.in_flight_seconds)
        except RateLimiterUnavailable as error:
            logger.warning("Rate limiter place not released: %s", error.message)
        finally:
            with self._in_flight_lock:
                self._in_flight.discard(ticket)
                self._counted.pop(ticket, None)
            self._release_person_place(ticket)

    def _release_person_place(self, ticket: str) -> None:
        if self._people is None:
            return
        try:
            with _translating_outages(self.outages):
                self._people.release(ticket, self.hold, self.clock, self.in_flight_seconds)
        except RateLimiterUnavailable as error:
            logger.warning("Person's place not released: %s", error.message)

    def used_today(self, now: float | None = None) -> int:
        """Requests counted today. Raises RateLimiterUnavailable when the cache is down."""
        now = now if now is not None else self.clock()
        with _translating_outages(self.outages):
            used = self.cache.get(self._day_key(now))
        if used is None and self.day_ledger is not None:
            used = self.day_ledger.recorded(self.key_fingerprint, self._day(now))
        return int(used or 0)

    def requests_in_window(self) -> int:
        """The key's requests in the last window (and those on their way): the jobs page
        shows a job's share of them. Raises RateLimiterUnavailable when the cache is down."""
        held = getattr(self._window, "held", None)
        if held is None:
            return 0
        with _translating_outages(self.outages):
            return held(self.clock)

    def remaining_today(self) -> int:
        return max(0, self.daily - self.used_today())


@contextlib.contextmanager
def _translating_outages(extra: tuple[type[BaseException], ...] = ()):
    """A Redis connection error or timeout, or an outage of the store (`extra`: a
    database error of the database cache), becomes RateLimiterUnavailable: a connection
    error, with the reason."""
    try:
        import redis

        outages = (*extra, OSError, redis.RedisError)
    except ImportError:  # pragma: no cover - redis is a requirement
        outages = (*extra, OSError)
    try:
        yield
    except outages as error:
        raise RateLimiterUnavailable(
            "The shared rate limiter (the cache of CACHE_URL) cannot be reached, so "
            f"nothing was sent to MeltingSpot ({type(error).__name__})."
        ) from error
