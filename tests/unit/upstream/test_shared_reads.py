"""The shared reads (issue 18): one entry per read and its scopes' versions, single flight,
writes that make stale what they touch, the cache being down costs only the cache."""

import threading
import time

import pytest
from django.core.cache.backends.locmem import LocMemCache

from lives_admin.upstream import freshness
from lives_admin.upstream.read_cache import SharedReads, invalidate_write
from lives_admin.upstream.read_kinds import EVERYTHING, read_kind, written_scopes


@pytest.fixture
def cache():
    return LocMemCache(f"reads-{time.monotonic_ns()}", {})


class Upstream:
    """Counts the calls that would have gone to MeltingSpot."""

    def __init__(self, answer="v1", delay=0.0):
        self.answer, self.delay, self.calls = answer, delay, 0
        self.lock = threading.Lock()

    def __call__(self):
        with self.lock:
            self.calls += 1
        time.sleep(self.delay)
        return {"title": self.answer}


def test_every_kind_of_read_has_its_scopes_and_a_write_touches_them():
    assert read_kind("/v1/lives/abc")[1] == (EVERYTHING, "live:abc")
    assert read_kind("/v1/lives")[1] == (EVERYTHING, "lives")
    assert read_kind("/v1/lives/abc/participants")[1] == (EVERYTHING, "live:abc:people")
    assert read_kind("/v1/lives/abc/groups")[1] == (EVERYTHING, "live:abc:groups")
    assert read_kind("/v1/something/new") is None  # not in the table: never cached
    assert set(written_scopes("/v1/lives/abc")) == {"live:abc", "lives"}
    assert "live:abc:people" in written_scopes("/v1/lives/abc/participants~bulkInvite")
    assert "live:abc:groups" in written_scopes("/v1/lives/abc/groups/g1")
    assert written_scopes("/v1/unknown") == (EVERYTHING,)


def test_a_read_is_shared_until_a_write_touches_it(cache):
    reads = SharedReads(cache, "fp")
    upstream = Upstream()
    assert reads.read("/v1/lives/abc", None, upstream) == {"title": "v1"}
    assert reads.read("/v1/lives/abc", None, upstream) == {"title": "v1"}
    assert upstream.calls == 1
    # Another process's write (the same cache) on the live: the next read is fresh.
    invalidate_write(SharedReads(cache, "fp"), "/v1/lives/abc")
    upstream.answer = "v2"
    assert reads.read("/v1/lives/abc", None, upstream) == {"title": "v2"}
    assert upstream.calls == 2
    # A write elsewhere leaves it shared.
    invalidate_write(reads, "/v1/lives/other")
    assert reads.read("/v1/lives/abc", None, upstream) == {"title": "v2"}
    assert upstream.calls == 2


def test_params_and_keys_make_different_reads(cache):
    upstream = Upstream()
    SharedReads(cache, "fp").read("/v1/lives", [("page", "1")], upstream)
    SharedReads(cache, "fp").read("/v1/lives", [("page", "2")], upstream)
    SharedReads(cache, "other-key").read("/v1/lives", [("page", "1")], upstream)
    assert upstream.calls == 3
    SharedReads(cache, "fp").read("/v1/lives", {"page": "1"}, upstream)
    assert upstream.calls == 3


def test_many_identical_reads_in_flight_make_one_upstream_call(cache):
    reads = SharedReads(cache, "fp", poll=0.01)
    upstream = Upstream(delay=0.3)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(reads.read("/v1/lives/x", None, upstream)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert upstream.calls == 1
    assert results == [{"title": "v1"}] * 8


def test_a_waiter_asks_itself_when_the_holder_died(cache):
    reads = SharedReads(cache, "fp", wait=0.3, poll=0.01)
    upstream = Upstream()
    # A holder that took the lock and died before answering.
    key = reads._entry_key("GET", "/v1/lives/x", None, reads.versions((EVERYTHING, "live:x")))
    cache.add(f"{key}:lock", 1, timeout=60)
    started = time.monotonic()
    assert reads.read("/v1/lives/x", None, upstream) == {"title": "v1"}
    assert upstream.calls == 1
    assert time.monotonic() - started < 2


def test_refresh_reads_anew_and_updates_what_others_see(cache):
    reads = SharedReads(cache, "fp")
    upstream = Upstream()
    reads.read("/v1/lives/x", None, upstream)
    upstream.answer = "changed elsewhere"
    tokens = freshness.start(refresh=True)
    try:
        assert reads.read("/v1/lives/x", None, upstream) == {"title": "changed elsewhere"}
    finally:
        freshness.end(tokens)
    assert reads.read("/v1/lives/x", None, upstream) == {"title": "changed elsewhere"}
    assert upstream.calls == 2


def test_the_request_knows_how_old_its_data_is(cache):
    reads = SharedReads(cache, "fp")
    tokens = freshness.start(refresh=False)
    try:
        before = time.time()
        reads.read("/v1/lives/x", None, Upstream())
        assert before <= freshness.oldest_fetched() <= time.time()
    finally:
        freshness.end(tokens)
    assert freshness.oldest_fetched() is None


class DownCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("down")

        return fail


def test_the_cache_down_costs_only_the_cache():
    reads = SharedReads(DownCache(), "fp")
    upstream = Upstream()
    assert reads.read("/v1/lives/x", None, upstream) == {"title": "v1"}
    assert reads.read("/v1/lives/x", None, upstream) == {"title": "v1"}
    assert upstream.calls == 2
    invalidate_write(reads, "/v1/lives/x")  # logged, never raised: the write was made


def test_a_read_only_if_shared_never_calls_upstream(cache):
    from lives_admin.upstream.read_cache import NotShared, only_if_shared

    reads = SharedReads(cache, "fp")
    upstream = Upstream()
    with only_if_shared(), pytest.raises(NotShared):
        reads.read("/v1/lives/abc", None, upstream)
    assert upstream.calls == 0
    reads.read("/v1/lives/abc", None, upstream)
    with only_if_shared():
        assert reads.read("/v1/lives/abc", None, upstream) == {"title": "v1"}
    with only_if_shared(), pytest.raises(NotShared):
        reads.read("/v1/something/new", None, upstream)  # never shared
    assert upstream.calls == 1
