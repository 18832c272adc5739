"""The caches' backends of our own.

- `SharedDatabaseCache`: the cache every process shares when no CACHE_URL is given:
  Django's database cache with an `incr` that is atomic across processes and an
  `update` under a row lock, so the web server and the job worker of `make run` count
  their MeltingSpot requests against one rate limit and one daily budget (with Redis,
  CACHE_URL gives that already).
- `BestEffortRedisCache`: the page cache on Redis, for which an outage is only slower
  pages: a read misses, a write is skipped, and a warning says so once a minute.
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction

logger = logging.getLogger(__name__)


class SharedDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            # SQLite takes its write lock at BEGIN (IMMEDIATE mode in settings); other
            # databases lock the counter's row, so two processes never lose a count.
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)

    def update(self, key, change, timeout, version=None):
        """`change(value) -> (new value, result)` with the row locked; returns the result.

        Two processes never read the same value and both write theirs: SQLite's write
        lock is taken at BEGIN, other databases lock the row.
        """
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            self.add(key, None, timeout, version)  # the row exists from here on
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
                        [self.make_and_validate_key(key, version=version)],
                    )
            value, result = change(self.get(key, version=version))
            self.set(key, value, timeout, version)
            return result


def _forgiving(default_result):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except self._lib.RedisError as error:
                self._warn(error)
                return default_result(*args, **kwargs) if callable(default_result) else None

        return wrapper

    return decorate


class BestEffortRedisCache(RedisCache):
    """Django's Redis cache whose outage costs speed, never a page."""

    _warned_at = 0.0

    @functools.cached_property
    def _lib(self):
        import redis

        return redis

    def _warn(self, error: Exception) -> None:
        now = time.monotonic()
        if now - BestEffortRedisCache._warned_at >= 60:
            BestEffortRedisCache._warned_at = now
            logger.warning(
                "The page cache (Redis) cannot be reached, pages are built without it: %s",
                type(error).__name__,
            )

    get = _forgiving(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _forgiving(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _forgiving(lambda *a, **k: False)(RedisCache.has_key)
    add = _forgiving(lambda *a, **k: False)(RedisCache.add)
    set = _forgiving(None)(RedisCache.set)
    set_many = _forgiving(lambda data, *a, **k: list(data))(RedisCache.set_many)
    touch = _forgiving(lambda *a, **k: False)(RedisCache.touch)
    delete = _forgiving(lambda *a, **k: False)(RedisCache.delete)
    delete_many = _forgiving(None)(RedisCache.delete_many)
    incr = _forgiving(lambda key, delta=1, version=None: delta)(RedisCache.incr)
    clear = _forgiving(None)(RedisCache.clear)
