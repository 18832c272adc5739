"""A long-running loop (the job worker, its watchdog) that outlives a lost database
connection: a database restart or failover, an administrator's `pg_terminate_backend`, a
network blip.

On a connection error the loop drops its dead connection, logs one line, waits a little
longer each time (`OutageWait`), and tries again on a fresh connection. Only a database
that stays out of reach for `patience` seconds ends the loop, with a clear message: the
process supervisor then says so, rather than a worker that spins forever unseen.
"""

from __future__ import annotations

import contextlib
import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

# The errors of a connection that went away (not bad SQL, not a constraint).
CONNECTION_ERRORS = (OperationalError, InterfaceError)
FIRST_WAIT_SECONDS = 0.5
LONGEST_WAIT_SECONDS = 15.0
PATIENCE_SECONDS = 300.0  # 5 min without a working connection: give up


class DatabaseUnreachable(Exception):
    """The database stayed out of reach longer than the loop's patience."""


def drop_connections() -> None:
    """Close this thread's database connections; a dead one cannot even say goodbye."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


def round_trip_fails() -> BaseException | None:
    """The error of one real round trip on this thread's connection (a new one if
    needed), or None when the database answered."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except CONNECTION_ERRORS as error:
        return error
    return None


class OutageWait:
    """How long a loop has been without a database, and how long it waits next."""

    def __init__(
        self,
        who: str,
        *,
        patience: float = PATIENCE_SECONDS,
        clock=time.monotonic,
        sleep=time.sleep,
    ):
        self.who = who
        self.patience = patience
        self.clock = clock
        self.sleep = sleep
        self.since: float | None = None  # the first failure of this outage
        self.failures = 0

    def lost(self, error: BaseException) -> None:
        """After a connection error: drop the connection, log, wait (or give up)."""
        drop_connections()
        now = self.clock()
        if self.since is None:
            self.since = now
        self.failures += 1
        down_for = now - self.since
        if down_for >= self.patience:
            raise DatabaseUnreachable(
                f"{self.who}: no working database connection for {down_for:.0f} s "
                f"({self.failures} tries; last error: {_first_line(error)}). Check that the "
                "database is up and DATABASE_URL is right; the worker stops here."
            ) from error
        wait = min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (self.failures - 1))
        logger.warning(
            "%s lost its database connection (%s); trying again in %.1f s",
            self.who,
            _first_line(error),
            wait,
        )
        self.sleep(wait)

    def recovered(self) -> None:
        if self.since is not None:
            logger.warning("%s has a database connection again", self.who)
        self.since = None
        self.failures = 0


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
