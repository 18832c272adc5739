"""A request whose database connection was cut part-way (a database restart or failover,
an administrator's `pg_terminate_backend`, a network blip) answers sensibly, not a 500.

`LostDatabaseConnectionMiddleware`, outside every layer that reads the database, learns
of the loss from Django's `got_request_exception` (any layer inside may have met it: the
session, the login check, the view). Then it drops the dead connection and:

- a read (GET, HEAD) runs once more, whole, on a fresh connection;
- a form (POST) is not sent again: a 503 page says whether anything may have been saved
  (a write statement sent outside a transaction, or a transaction committed) or nothing
  was, so the organiser knows whether to send it again.

A read that fails twice, the database being really down, gets the same page.
"""

from __future__ import annotations

import contextlib
import logging
import sys

from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
_LOST = "_lost_database_connection"
# Statements that change nothing; any other one sent may have changed something.
_READS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW", "EXPLAIN"})
_READS |= {"PRAGMA", "BEGIN", "VALUES"}


def _connection_lost(error: BaseException | None) -> bool:
    """A connection error that left a connection dead (not a lock timeout, not bad SQL)."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    for connection in connections.all(initialized_only=True):
        if connection.connection is None:
            return True
        try:
            if not connection.is_usable():
                return True
        except Exception:  # asking failed too: as good as dead
            return True
    return False


def _note_lost_connection(sender, request=None, **kwargs):
    """got_request_exception: Django is about to answer 500; remember why."""
    if request is not None and _connection_lost(sys.exc_info()[1]):
        setattr(request, _LOST, True)


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):  # it is dead already
            connection.close()


class _WriteWatch:
    """Whether this request may have saved something: a write sent outside a transaction
    (once sent, it may have been applied), or a transaction with writes that committed."""

    def __init__(self):
        self.saved = False

    def __call__(self, execute, sql, params, many, context):
        words = sql.split(None, 1) if isinstance(sql, str) else []
        if words and words[0].lstrip("(").upper() not in _READS:
            connection = context["connection"]
            if connection.in_atomic_block:
                connection.on_commit(self._committed)
            else:
                self.saved = True
        return execute(sql, params, many, context)

    def _committed(self) -> None:
        self.saved = True

    @contextlib.contextmanager
    def watching(self):
        with connections[DEFAULT_DB_ALIAS].execute_wrapper(self):
            yield


class LostDatabaseConnectionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_note_lost_connection, dispatch_uid=__name__)

    def __call__(self, request):
        watch = _WriteWatch()
        with watch.watching():
            response = self.get_response(request)
        if not getattr(request, _LOST, False):
            return response
        _close_connections()
        if request.method in SAFE_METHODS:
            logger.warning("Database connection lost on %s: tried again", request.path)
            setattr(request, _LOST, False)
            with watch.watching():
                response = self.get_response(request)
            if not getattr(request, _LOST, False):
                return response
            _close_connections()
        logger.warning("Database connection lost on %s %s", request.method, request.path)
        return lost_connection_page(request, saved=watch.saved)


def lost_connection_page(request, *, saved: bool) -> HttpResponse:
    """Rendered without the database (no context processors): it may still be away."""
    htmx = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "503_database.html#error-fragment" if htmx else "503_database.html"
    context = {"saved": saved, "read": request.method in SAFE_METHODS, "path": request.path}
    response = HttpResponse(loader.get_template(template).render(context), status=503)
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    if htmx:
        if request.method in SAFE_METHODS:
            response["HX-Reswap"] = "innerHTML"
        else:
            # Above the page, not in place of the form: what was typed stays on screen.
            response["HX-Retarget"] = "#main"
            response["HX-Reswap"] = "afterbegin"
    return response
