"""Database writes that must hold: committed at once, and tried again after a lost connection.

The audit log records a write to MeltingSpot before it is sent, so its entry must be in
the database before the request leaves, whatever happens next to the caller (an error,
a rollback, a killed process); and a database connection that dropped (a restarted
server, a terminated backend, a fail-over) must not lose it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")
LOST_CONNECTION = (OperationalError, InterfaceError)


def committed(write: Callable[[], T], using: str = DEFAULT_DB_ALIAS) -> T:
    """`write()` in a transaction of its own, committed when this returns.

    - Outside any transaction (views and jobs send their writes so), on this thread's
      connection, tried once more on a fresh connection if the first one was lost.
    - Inside a transaction the caller opened, on a connection of its own, so the caller's
      rollback cannot take the write away. SQLite has one writer at a time (the caller
      holds it): there the write joins the caller's transaction.
    """
    connection = connections[using]
    if _in_callers_transaction(connection):
        if connection.vendor == "sqlite":
            with transaction.atomic(using=using):
                return write()
        return _in_own_thread(write, using)
    return once_more_if_lost(lambda: _atomic(write, using), using)


def once_more_if_lost(action: Callable[[], T], using: str = DEFAULT_DB_ALIAS) -> T:
    """`action()`, run again on a fresh connection if the connection was lost on the way.

    Only outside a transaction: inside one, the lost work cannot be replayed from here."""
    try:
        return action()
    except LOST_CONNECTION as error:
        connection = connections[using]
        if connection.in_atomic_block:
            raise
        logger.warning("Database connection lost (%s): trying again on a fresh one", error)
        connection.close()
        return action()


def _atomic(write: Callable[[], T], using: str) -> T:
    with transaction.atomic(using=using):
        return write()


def _in_callers_transaction(connection) -> bool:
    # As Django's own durable blocks do: a test case's transaction does not count (its
    # tests roll everything back, and another connection could not see their rows).
    blocks = connection.atomic_blocks
    return bool(blocks) and not getattr(blocks[-1], "_from_testcase", False)


def _in_own_thread(write: Callable[[], T], using: str) -> T:
    """Django's connections are per thread: a short-lived thread has one of its own."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = committed(write, using)
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error
        finally:
            connections[using].close()

    worker = threading.Thread(target=run, name="durable-write", daemon=True)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
