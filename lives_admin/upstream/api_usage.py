"""The database copy of the rate limiter's daily count (`ApiDayUsage`).

Redis keeps the live count; a restart without persistence empties it, and the day would
start again from 0. The limiter writes the count here every few requests and, when the
cache has lost it, starts again from here. A failure of this copy is logged and never
stops a request: the cache's count still holds until the next restart.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Greatest

logger = logging.getLogger(__name__)


class DatabaseDayLedger:
    """`recorded(fingerprint, day)` and `record(fingerprint, day, used)` for the limiter."""

    def recorded(self, key_fingerprint: str, day: date) -> int | None:
        """The count last written for that day, None when none was (or it cannot be read)."""
        from lives_admin.models import ApiDayUsage

        try:
            return (
                ApiDayUsage.objects.filter(key_fingerprint=key_fingerprint, day=day)
                .values_list("used", flat=True)
                .first()
            )
        except Exception as error:  # a copy: never the reason a request fails
            logger.warning("The day's API count cannot be read from the database: %r", error)
            return None

    def record(self, key_fingerprint: str, day: date, used: int) -> None:
        """Keep the highest count seen. Inside a transaction it waits for the commit, so a
        caller's long transaction never holds the row other processes write."""

        def write():
            try:
                _write(key_fingerprint, day, used)
            except Exception as error:
                logger.warning("The day's API count cannot be saved: %r", error)

        try:
            if transaction.get_connection().in_atomic_block:
                transaction.on_commit(write)
                return
        except Exception as error:
            logger.warning("The day's API count cannot be saved: %r", error)
            return
        write()


def _write(key_fingerprint: str, day: date, used: int) -> None:
    from lives_admin.models import ApiDayUsage

    rows = ApiDayUsage.objects.filter(key_fingerprint=key_fingerprint, day=day)
    if rows.update(used=Greatest("used", Value(used))):
        return
    ApiDayUsage.objects.bulk_create(
        [ApiDayUsage(key_fingerprint=key_fingerprint, day=day, used=used)],
        ignore_conflicts=True,
    )
    rows.update(used=Greatest("used", Value(used)))  # another process made the row first
