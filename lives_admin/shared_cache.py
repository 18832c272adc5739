"""The cache every process shares when no CACHE_URL is given: Django's database cache
with an `incr` that is atomic across processes, so the web server and the job worker
of `make run` count their MeltingSpot requests against one rate limit and one daily
budget (with Redis, CACHE_URL gives that already).
"""

from __future__ import annotations

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


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
