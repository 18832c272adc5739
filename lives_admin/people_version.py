"""A version number per live's people, bumped on every write, so cached counts never go stale.

Views bump it after their own writes, and the job runner after each batch it sends.
"""

from django.core.cache import cache


def _key(live_id: str) -> str:
    return f"lives_admin:people:version:{live_id}"


def people_version(live_id: str) -> int:
    return cache.get(_key(live_id), 0)


def people_changed(live_id: str) -> None:
    cache.add(_key(live_id), 0, timeout=None)
    try:
        cache.incr(_key(live_id))
    except ValueError:  # evicted or flushed between add and incr: a new number all the same
        cache.add(_key(live_id), 1, timeout=None)
