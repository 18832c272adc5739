"""Reads of MeltingSpot shared by every process of the dashboard (issue 18).

One answer per method + path + params + key fingerprint (a hash, never the key), kept in
the `shared` cache for its kind's lifetime (read_kinds.py), under the versions of the
scopes it depends on: a write through the dashboard bumps those versions, so the next
read misses and no page shows data older than the organiser's own last write.

Single flight (single_flight.py): on a miss, one caller asks MeltingSpot; the others
poll for its answer, and ask themselves when the holder fails or is slow.
The shared cache being down only costs the cache: every read then goes upstream.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable

from lives_admin.meltingspot import MeltingSpotClient
from lives_admin.upstream import freshness
from lives_admin.upstream.read_kinds import read_kind, written_scopes
from lives_admin.upstream.single_flight import load_once

logger = logging.getLogger(__name__)

PREFIX = "lives_admin:reads"

_only_shared: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "meltingspot_only_shared", default=False
)


class NotShared(Exception):
    """A read asked for `only_if_shared` is not in the shared cache (nothing was sent)."""


@contextlib.contextmanager
def only_if_shared():
    """Reads inside are answered from the shared cache or raise NotShared: what a page
    may reuse for free (a panel's page of rows for its tabs' counts), never a call."""
    token = _only_shared.set(True)
    try:
        yield
    finally:
        _only_shared.reset(token)


def _params_text(params) -> str:
    if not params:
        return ""
    items = params.items() if isinstance(params, dict) else params
    return json.dumps(sorted((str(k), str(v)) for k, v in items))


class SharedReads:
    def __init__(
        self,
        cache,
        fingerprint: str,
        *,
        wait: float = 8.0,  # at most the interactive retry budget: then ask yourself
        poll: float = 0.05,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.cache = cache
        self.fingerprint = fingerprint
        self.wait = wait
        self.poll = poll
        self.sleep = sleep
        self.clock = clock

    # -- versions --------------------------------------------------------------------
    def _version_key(self, scope: str) -> str:
        return f"{PREFIX}:v:{self.fingerprint}:{scope}"

    def versions(self, scopes) -> dict[str, int]:
        keys = [self._version_key(scope) for scope in scopes]
        found = self.cache.get_many(keys)
        return {scope: found.get(key, 0) for scope, key in zip(scopes, keys, strict=True)}

    def bump(self, scopes) -> None:
        """A write touched these scopes: every read that depends on one misses from now."""
        for scope in dict.fromkeys(scopes):
            key = self._version_key(scope)
            try:
                self.cache.add(key, 0, timeout=None)
                try:
                    self.cache.incr(key)
                except ValueError:  # evicted between add and incr: a new number all the same
                    self.cache.set(key, uuid.uuid4().int % 10**9, timeout=None)
            except Exception as error:  # the write was made; say that the cache lags
                logger.warning("A read scope could not be invalidated: %s", type(error).__name__)

    # -- reads -----------------------------------------------------------------------
    def _entry_key(self, method: str, path: str, params, versions: dict[str, int]) -> str:
        scoped = json.dumps(versions, sort_keys=True)
        raw = "\n".join((self.fingerprint, method, path, _params_text(params), scoped))
        return f"{PREFIX}:e:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"

    def read(self, path: str, params, fetch: Callable[[], object]):
        """The answer of GET path?params: shared, or fetched once for everyone."""
        found = read_kind(path)
        if found is None or (_only_shared.get() and freshness.refresh_requested()):
            if _only_shared.get():
                raise NotShared(path)
            return fetch()
        kind, scopes = found
        try:
            versions = _safe(self.versions, scopes)
            key = self._entry_key("GET", path, params, versions)
            if not freshness.refresh_requested():
                entry = _safe(self.cache.get, key)
                if entry is not None:
                    freshness.note_fetched(entry[0])
                    return entry[1]
            if _only_shared.get():
                raise NotShared(path)
            return self._fetch_once(key, kind.ttl, fetch)
        except _CacheDown as down:
            if _only_shared.get():
                raise NotShared(path) from down
            logger.warning("Shared reads unavailable: %s", down)
            return fetch()

    def _fetch_once(self, key: str, ttl: int, fetch):
        if freshness.refresh_requested():
            # Refresh asks MeltingSpot itself (rare, and it must not get the answer it refreshes).
            fetched_at, value = self._fetch_and_store(key, ttl, fetch)
        else:
            fetched_at, value = load_once(
                key,
                lambda: _safe(self.cache.get, key),
                lambda: self._fetch_and_store(key, ttl, fetch),
                cache=self.cache,
                hold=self.wait + 2,
                wait=self.wait,
                poll=self.poll,
                clock=self.clock,
                sleep=self.sleep,
            )
        freshness.note_fetched(fetched_at)
        return value

    def _fetch_and_store(self, key: str, ttl: int, fetch) -> tuple[float, object]:
        fetched_at = time.time()
        value = fetch()
        try:
            self.cache.set(key, (fetched_at, value), timeout=ttl)
        except Exception as error:  # shown all the same, only not shared
            logger.warning("A read could not be shared: %s", type(error).__name__)
        return fetched_at, value


class _CacheDown(Exception):
    pass


def _safe(operation, *args, **kwargs):
    try:
        return operation(*args, **kwargs)
    except Exception as error:
        raise _CacheDown(type(error).__name__) from error


class PacedBumps:
    """A job's writes make stale what they touch at most once every `every` seconds per
    scope, and at `flush` (the job's end, or its pause): bumped at each of its batches
    (several a second), the lives list and the job's live would miss the shared cache
    for every page all the while the job runs. Pages show what a running job changed
    `every` seconds late at most; a write of their own still shows at once."""

    def __init__(
        self, reads: SharedReads, every: float, clock: Callable[[], float] = time.monotonic
    ):
        self.reads = reads
        self.every = every
        self.clock = clock
        self._bumped: dict[str, float] = {}  # scope → when it was last bumped
        self._due: set[str] = set()  # written since
        self._lock = threading.Lock()

    def bump(self, scopes) -> None:
        now = self.clock()
        with self._lock:
            now_due = []
            for scope in dict.fromkeys(scopes):
                if now - self._bumped.get(scope, -math.inf) >= self.every:
                    self._bumped[scope] = now
                    self._due.discard(scope)
                    now_due.append(scope)
                else:
                    self._due.add(scope)
        if now_due:
            self.reads.bump(now_due)

    def flush(self) -> None:
        """Everything written since its last bump is read anew from now."""
        with self._lock:
            due, self._due = list(self._due), set()
            for scope in due:
                self._bumped[scope] = self.clock()
        if due:
            self.reads.bump(due)


def invalidate_write(reads: SharedReads | PacedBumps, path: str) -> None:
    reads.bump(written_scopes(path))


class CachingMeltingSpotClient(MeltingSpotClient):
    """The framework-free client whose GETs go through `reads` (None: not cached, the
    job client) and whose writes bump the scopes they touch in `invalidates`."""

    def __init__(
        self, *args, reads: SharedReads | None, invalidates: SharedReads | PacedBumps, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.reads = reads
        self.invalidates = invalidates

    def flush_invalidations(self) -> None:
        """What paced writes (a job's) touched since their last bump is read anew."""
        flush = getattr(self.invalidates, "flush", None)
        if flush is not None:
            flush()

    def get_json(self, path: str, params=None):
        if self.reads is None:
            if _only_shared.get():
                raise NotShared(path)
            return super().get_json(path, params)
        upstream = super().get_json
        return self.reads.read(path, params, lambda: upstream(path, params))

    def request(self, method: str, path: str, **kwargs):
        if method == "GET":
            return super().request(method, path, **kwargs)
        try:
            return super().request(method, path, **kwargs)
        finally:  # done, failed or in doubt: what it may have changed is read anew
            invalidate_write(self.invalidates, path)
