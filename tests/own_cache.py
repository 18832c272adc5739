"""Clearing the caches between tests without touching another run's or worker's keys.

On Redis, Django's `cache.clear()` is FLUSHDB: it would wipe the keys of the other xdist
worker, mid-test, on the shared server. Only this process's KEY_PREFIX is cleared there.
"""

from django.core.cache import caches


def clear(each) -> None:
    """Redis: only this run's keys (its own KEY_PREFIX); any other cache: all of it."""
    from django.core.cache.backends.redis import RedisCache

    if isinstance(each, RedisCache):
        client = each._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{each.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        each.clear()


def clear_all() -> None:
    """The page cache and the shared cache (rate limiter, people versions…)."""
    for alias in ("default", "shared"):
        clear(caches[alias])
