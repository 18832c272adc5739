"""Issue 18: the member directory is reloaded by one request at a time. Three searches at
once right after it was dropped (an invitation by email drops it) walk it once."""

import threading

import pytest
from django.core.cache import caches

from lives_admin.people import members

# Transactional: the three searches are three requests, each with its own connection;
# a test transaction held open would lock SQLite against their writes (the day count).
pytestmark = pytest.mark.django_db(transaction=True)


def test_three_searches_at_once_walk_the_directory_once(sandbox):
    caches["shared"].clear()
    members.first_members()
    walk = len([e for e in sandbox.requests() if e["path"] == "/v1/spotMembers"])
    members.forget()
    sandbox.clear_requests()
    sandbox.configure(latency_ms=100)  # each page slow enough for the three to overlap
    try:
        results, start = [], threading.Barrier(3)

        def search():
            start.wait()
            results.append(members.search("a"))

        threads = [threading.Thread(target=search) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sandbox.configure(latency_ms=0)
    calls = [e for e in sandbox.requests() if e["path"] == "/v1/spotMembers"]
    assert len(calls) == walk  # one walk, not three
    assert len(results) == 3 and len({r.looked_at for r in results}) == 1
