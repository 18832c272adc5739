"""A job's share of the API key: its requests in the last window over the key's (the
jobs page shows it; the limiter gives background work its share, meltingspot/priority.py).

The runner notes each request it sends in the shared cache (one job has one runner at a
time, so a plain read-and-write is enough); the key's count comes from the limiter's log.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import caches

KEEP_SECONDS = 60
# A job's lanes (invites/lanes.py) note their requests from threads of one process.
_noting = threading.Lock()


def _key(job_id: int) -> str:
    return f"jobs:key-share:{job_id}"


def note_request(job_id: int, window: float, now: float | None = None) -> None:
    now = time.time() if now is None else now
    cache = caches["shared"]
    with _noting:
        recent = [at for at in cache.get(_key(job_id), []) if at > now - window]
        recent.append(now)
        cache.set(_key(job_id), recent, timeout=KEEP_SECONDS)


def requests_in_window(job_id: int, window: float, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return sum(1 for at in caches["shared"].get(_key(job_id), []) if at > now - window)


def share(job_id: int, limiter) -> dict | None:
    """{"mine", "all", "percent", "window"} for the jobs page; None when the key was idle."""
    mine = requests_in_window(job_id, limiter.window)
    everyone = max(limiter.requests_in_window(), mine)
    if not everyone:
        return None
    return {
        "mine": mine,
        "all": everyone,
        "percent": round(100 * mine / everyone),
        "window": f"{limiter.window:g}",
    }
