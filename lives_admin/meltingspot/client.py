"""The base client: HTTP machinery, the one retry loop, the limiter and the write observer."""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Protocol

import httpx

from lives_admin.meltingspot import resources
from lives_admin.meltingspot.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MeltingSpotError,
    RateLimitError,
    RateLimiterUnavailable,
    SendCancelled,
    UnreadableResponseError,
    error_for_response,
    unreadable_answer,
)
from lives_admin.meltingspot.ids import is_id
from lives_admin.meltingspot.models import Page, WriteRecord
from lives_admin.meltingspot.priority import current_request_class
from lives_admin.meltingspot.ratelimit import RateLimiter
from lives_admin.meltingspot.shapes import check_read

logger = logging.getLogger(__name__)

RETRYABLE_STATUSES = {429, 502, 503, 504}
IDEMPOTENT_METHODS = {"GET", "PUT", "DELETE"}
# The connection failed before a byte of the request went out: MeltingSpot saw nothing.
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
WALK_LIMIT = 100  # docs/api.md, D4: the largest page the API serves


@dataclass(frozen=True)
class RetryPolicy:
    budget: float = 8.0  # seconds, all attempts and waits included
    max_attempts: int = 6
    # First wait after a 5xx, a timeout or a lost connection: up to 0.1 s, doubling
    # with each attempt. A blip costs little; an outage still gets exponentially
    # rarer requests, and the rate limiter bounds the load whatever the waits.
    base_delay: float = 0.1
    # First wait after a 429 without Retry-After (docs/api.md, D8): others spend the budget.
    rate_limited_delay: float = 0.5
    max_delay: float = 30.0
    # The longest wait while the shared rate limiter (Redis) cannot be reached: nothing was
    # sent, MeltingSpot is not the one to spare, and the work resumes soon after it is back.
    limiter_down_max_delay: float = 5.0

    def backoff(self, attempt: int, *, rate_limited: bool = False) -> float:
        """Exponential backoff with full jitter."""
        base = self.rate_limited_delay if rate_limited else self.base_delay
        return random.uniform(0, min(self.max_delay, base * 2**attempt))  # noqa: S311


class AttemptWatcher(Protocol):
    """What a long-running caller (a job) watches of each request it sends."""

    def before_attempt(self) -> bool:
        """Right before a request goes out: False keeps it from being sent."""

    def after_attempt(
        self, error: MeltingSpotError | None, attempt: int, retry_in: float | None
    ) -> None:
        """How attempt number `attempt` went: an answer (no error), or an error and the
        wait before the next attempt (None: no other attempt)."""


_watcher: ContextVar[AttemptWatcher | None] = ContextVar("meltingspot_attempts", default=None)


@contextlib.contextmanager
def watching_attempts(watcher: AttemptWatcher):
    """Every request sent in the block (this thread, this task) asks and tells `watcher`."""
    token = _watcher.set(watcher)
    try:
        yield watcher
    finally:
        _watcher.reset(token)


# Set when the work of the block should stop (a worker told to shut down): the request
# about to go out is not sent, and a wait before a retry ends at once.
_stop: ContextVar[threading.Event | None] = ContextVar("meltingspot_stop", default=None)


@contextlib.contextmanager
def stopping_when(event: threading.Event):
    """Requests of the block raise SendCancelled instead of being sent, or of waiting for
    a retry, once `event` is set: resumable work ends in seconds, not after its backoff."""
    token = _stop.set(event)
    try:
        yield event
    finally:
        _stop.reset(token)


def _stopped() -> bool:
    event = _stop.get()
    return event is not None and event.is_set()


class _Doubt:
    """Whether a write may have happened without our knowing: it went out and no answer
    came back (a timeout, or the call stopped while it was on its way)."""

    def __init__(self) -> None:
        self.on_the_way = False
        self.unanswered = False

    @property
    def any(self) -> bool:
        return self.on_the_way or self.unanswered


class _HiddenKey:
    """The API key, out of every repr (a debug page, a traceback with its locals)."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def __repr__(self) -> str:
        return "<the API key, hidden>"

    def authorization(self, scheme: str) -> str:
        """The Authorization header's value: the key alone, or after "Bearer "."""
        return f"Bearer {self._value}" if scheme == "bearer" else self._value


class MeltingSpotClient:
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        auth_scheme: str = "raw",
        timeout: float = 10.0,
        connect_timeout: float = 3.0,
        retry: RetryPolicy | None = None,
        rate_limiter: RateLimiter | None = None,
        bulk_batch_size: int = 100,
        on_write: Callable[[WriteRecord], None] | None = None,
        on_write_start: Callable[[WriteRecord], object] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        # A debug page or a traceback lists a frame's locals: from here on this frame
        # holds the key only inside `key`, whose repr hides it.
        key = _HiddenKey(api_key)
        del api_key
        if auth_scheme not in ("raw", "bearer"):
            raise ValueError("auth_scheme must be 'raw' or 'bearer'")
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),  # docs/api.md, D18
            headers={
                "Authorization": key.authorization(auth_scheme),
                "Accept": "application/json",
                "User-Agent": "lives-admin/1.0",
            },
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            transport=transport,
        )
        self.retry = retry or RetryPolicy()
        self.rate_limiter = rate_limiter
        self.bulk_batch_size = max(1, bulk_batch_size)
        self.on_write = on_write
        # Told of each write before it is sent (the audit records it first); what it
        # returns comes back in the write's final record; if it raises, nothing is sent.
        self.on_write_start = on_write_start
        self.sleep = sleep
        self.clock = clock
        self.lives = resources.Lives(self)
        self.live_groups = resources.LiveGroups(self)
        self.speakers = resources.Speakers(self)
        self.participants = resources.Participants(self)
        self.groups = resources.Groups(self)
        self.spot_members = resources.SpotMembers(self)

    def __repr__(self) -> str:  # never the key; safe on a half-built client (debug pages)
        http = getattr(self, "_http", None)
        return f"<MeltingSpotClient {http.base_url if http else 'not set up'}>"

    def close(self) -> None:
        self._http.close()

    # -- the one retry loop -------------------------------------------------------
    def _may_retry(self, method: str, idempotent: bool, error: Exception) -> bool:
        safe = method in IDEMPOTENT_METHODS or idempotent
        if isinstance(error, APITimeoutError):
            # A read timeout may mean the write happened: only safe calls go again.
            return safe
        if isinstance(error, APIConnectionError):
            return True
        if isinstance(error, APIStatusError) and error.status_code in RETRYABLE_STATUSES:
            return safe
        return False

    def _send_once(self, method: str, path: str, params, body, doubt: _Doubt) -> httpx.Response:
        # The request holds its place in the limiter until its answer is read.
        limiter = self.rate_limiter
        slot = limiter.slot() if limiter is not None else contextlib.nullcontext()
        try:
            with slot as ticket:
                watcher = _watcher.get()
                # Asked last, after any wait for a place: nothing happens in between.
                if watcher is not None and not watcher.before_attempt():
                    raise SendCancelled("Not sent: the job was paused, cancelled or taken over")
                if _stopped():
                    raise SendCancelled("Not sent: the worker is stopping")
                doubt.on_the_way = True
                try:
                    response = self._http.request(
                        method,
                        path,
                        params=params,
                        json=body,
                        # Who waits on it (priority.py); MeltingSpot ignores it, the sandbox
                        # logs it.
                        headers={"X-Request-Class": current_request_class()},
                    )
                except NEVER_SENT:
                    # No connection, so nothing reached MeltingSpot: it spends no budget.
                    if limiter is not None:
                        limiter.refund(ticket)
                    raise
                doubt.on_the_way = False
        except httpx.TimeoutException as error:
            doubt.on_the_way, doubt.unanswered = False, True
            raise APITimeoutError("MeltingSpot did not answer in time") from error
        except httpx.TransportError as error:
            doubt.on_the_way = False  # the connection failed: nothing was taken in
            raise APIConnectionError(
                f"Cannot reach MeltingSpot ({type(error).__name__})"
            ) from error
        if response.is_success:
            unreadable = unreadable_answer(response)
            if unreadable is not None:
                doubt.unanswered = True  # what answered may have stopped it, or not
                raise unreadable
            return response
        raise error_for_response(response)

    def request(
        self,
        method: str,
        path: str,
        *,
        params=None,
        body: dict | None = None,
        idempotent: bool = False,
        operation: str = "",
        live_id: str | None = None,
    ) -> httpx.Response:
        """One call with its retries. `live_id`: the live a write acts on, for the write's
        record (the resource knows it; a created live's comes from the answer)."""
        started = self.clock()
        deadline = started + self.retry.budget
        write = _Write(method, path, operation, body, started, live_id)
        write.handle = self._announce(write)  # recorded before anything is sent
        doubt = _Doubt()
        attempt = 0
        try:
            while True:
                try:
                    response = self._send_once(method, path, params, body, doubt)
                except MeltingSpotError as error:
                    wait = self._wait_before_retry(method, idempotent, error, attempt, deadline)
                    _tell_watcher(error, attempt + 1, wait)
                    if wait is None:
                        self._observe(write, doubt, error=error)
                        raise
                    logger.info("Retrying %s %s in %.1fs after %s", method, path, wait, error)
                    self._wait(wait)
                    attempt += 1
                    continue
                _tell_watcher(None, attempt + 1, None)
                self._observe(write, doubt, response=response)
                return response
        except MeltingSpotError:
            raise
        except BaseException as error:
            # Not MeltingSpot's answer (a database error of a hook, an interrupt): the
            # write's record says whether it may have gone.
            self._observe(write, doubt, error=error)
            raise

    def _wait(self, seconds: float) -> None:
        stop = _stop.get()
        if stop is None:
            self.sleep(seconds)
        elif stop.wait(seconds):
            raise SendCancelled("Not sent again: the worker is stopping")

    def _wait_before_retry(self, method, idempotent, error, attempt, deadline) -> float | None:
        if attempt + 1 >= self.retry.max_attempts or not self._may_retry(method, idempotent, error):
            return None
        rate_limited = isinstance(error, RateLimitError)
        wait = self.retry.backoff(attempt, rate_limited=rate_limited)
        if rate_limited and error.retry_after is not None:
            wait = error.retry_after  # docs/api.md, D8
        if isinstance(error, RateLimiterUnavailable):
            wait = min(wait, self.retry.limiter_down_max_delay)
        if self.clock() + wait > deadline:
            return None
        return wait

    def _announce(self, write: _Write) -> object:
        """Tell the write-start observer before a write goes out; it may refuse it."""
        if write.method == "GET" or self.on_write_start is None:
            return None
        return self.on_write_start(write.record())

    def _observe(self, write: _Write, doubt: _Doubt, *, response=None, error=None):
        if write.method == "GET" or self.on_write is None:
            return
        outcome = "done" if error is None else "not_confirmed" if doubt.any else "failed"
        record = write.record(
            live_id=write.live_id or _created_live_id(write.path, response),
            status_code=response.status_code
            if response is not None
            else getattr(error, "status_code", None),
            ok=error is None,
            error_message=_audited_error(error, in_doubt=doubt.any),
            duration_ms=(self.clock() - write.started) * 1000,
            outcome=outcome,
        )
        try:
            self.on_write(record)
        except Exception:  # the audit must never break the call it records
            logger.exception("The write observer failed")

    # -- helpers for resources -----------------------------------------------------
    def get_json(self, path: str, params=None):
        """The answer of GET path, checked against its documented shape (shapes.py): the
        shared reads keep only what this returns, never what it refuses."""
        response = self.request("GET", path, params=params)
        data = response.json() if response.content else None
        check_read(path, data, status_code=response.status_code)
        return data

    def get_object(self, path: str) -> dict:
        """One item: a JSON object, else UnreadableResponseError (a list or a bare value is
        not an item, whatever answered)."""
        data = self.get_json(path)
        if not isinstance(data, dict):
            raise UnreadableResponseError(
                "MeltingSpot's answer could not be read: not the item asked for",
                status_code=200,
            )
        return data

    def get_page(self, path: str, params, parse, *, page: int, limit: int) -> Page:
        if page < 1:
            raise ValueError("page is 1-based")
        if not 1 <= limit <= WALK_LIMIT:
            raise ValueError("limit must be between 1 and 100")
        data = self.get_json(path, [("page", str(page)), ("limit", str(limit)), *params]) or {}
        items = data.get("items") if isinstance(data, dict) else None
        items = items if isinstance(items, list) else []
        total = data.get("total") if isinstance(data, dict) else None
        total = total if isinstance(total, int) and total >= 0 else len(items)
        return Page(
            items=tuple(parse(item) for item in items if isinstance(item, dict)),
            total=total,
            page=page,
            limit=limit,
        )

    def walk(self, path: str, params, parse) -> Iterator:
        """Every item, 100 a page (docs/api.md, D4: stop at total or a short page)."""
        page_number, seen = 1, 0
        while True:
            page = self.get_page(path, params, parse, page=page_number, limit=WALK_LIMIT)
            yield from page.items
            seen += len(page.items)
            if not page.items or len(page.items) < WALK_LIMIT or seen >= page.total:
                return
            page_number += 1


@dataclass
class _Write:
    method: str
    path: str
    operation: str
    body: dict | None
    started: float
    live_id: str | None = None
    handle: object = None

    def record(self, **outcome) -> WriteRecord:
        base = WriteRecord(
            method=self.method,
            path=self.path,
            live_id=self.live_id,
            operation=self.operation or f"{self.method} {self.path}",
            body=self.body,
            status_code=None,
            ok=False,
            error_message=None,
            duration_ms=0.0,
            outcome="sending",
            handle=self.handle,
        )
        return replace(base, **outcome)


def _tell_watcher(error, attempt: int, retry_in: float | None) -> None:
    watcher = _watcher.get()
    if watcher is not None:
        watcher.after_attempt(error, attempt, retry_in)


def _created_live_id(path: str, response: httpx.Response | None) -> str | None:
    """A created live has its id in the answer, not in the path."""
    if path != "/v1/lives" or response is None or not response.content:
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    # Only an id that can be one: the audit log links to the live's page with it.
    return data.get("id") if isinstance(data, dict) and is_id(data.get("id")) else None


def _audited_error(error: BaseException | None, *, in_doubt: bool = False) -> str | None:
    """The error as the audit keeps it. A timed-out write is not known to have failed:
    the answer was lost, the write may have happened; so with an unreadable answer."""
    if error is None:
        return None
    if isinstance(error, MeltingSpotError):
        message = error.message or type(error).__name__
    else:  # the dashboard's own trouble mid-call: a database error of a hook, an interrupt
        stopped = f"The dashboard stopped ({type(error).__name__})"
        message = stopped if in_doubt else f"Not sent: {stopped[4:]}"
    if in_doubt or isinstance(error, APITimeoutError | UnreadableResponseError):
        message += ": the write may still have happened"
    return message
