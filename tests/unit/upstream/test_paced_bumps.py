"""A job's writes make stale what they touch at most every few seconds, and at its end
(read_cache.PacedBumps, issue 18): a bump at each batch left pages no cache at all."""

import time

import pytest
from django.core.cache.backends.locmem import LocMemCache

from lives_admin.upstream.read_cache import PacedBumps, SharedReads, invalidate_write


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def reads():
    return SharedReads(LocMemCache(f"paced-{time.monotonic_ns()}", {}), "fp")


def test_batches_within_the_pace_bump_once_then_the_rest_at_the_flush(reads):
    clock = Clock()
    paced = PacedBumps(reads, every=5.0, clock=clock)
    path = "/v1/lives/abc/participants~bulkInvite"

    invalidate_write(paced, path)
    after_first = reads.versions(["lives", "live:abc:people"])
    for _ in range(5):
        clock.now += 0.5
        invalidate_write(paced, path)
    assert reads.versions(["lives", "live:abc:people"]) == after_first  # not yet again

    paced.flush()
    flushed = reads.versions(["lives", "live:abc:people"])
    assert all(flushed[scope] == after_first[scope] + 1 for scope in flushed)
    paced.flush()  # nothing written since
    assert reads.versions(["lives"]) == {"lives": flushed["lives"]}


def test_a_write_after_the_pace_bumps_at_once(reads):
    clock = Clock()
    paced = PacedBumps(reads, every=5.0, clock=clock)
    paced.bump(["lives"])
    first = reads.versions(["lives"])["lives"]
    clock.now += 1.0
    paced.bump(["lives"])  # due
    clock.now += 5.0
    paced.bump(["lives"])  # the pace is over: bumped, and nothing is due any more
    assert reads.versions(["lives"])["lives"] == first + 1
    paced.flush()
    assert reads.versions(["lives"])["lives"] == first + 1


def test_other_scopes_keep_their_own_pace(reads):
    clock = Clock()
    paced = PacedBumps(reads, every=5.0, clock=clock)
    paced.bump(["live:a"])
    clock.now += 1.0
    paced.bump(["live:b"])  # never bumped: at once
    assert reads.versions(["live:a", "live:b"]) == {"live:a": 1, "live:b": 1}
