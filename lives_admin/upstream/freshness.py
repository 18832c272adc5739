"""How fresh the MeltingSpot data of the current request is, and whether it asked for a
new read (Refresh). Request-scoped through context variables: set by
ReadFreshnessMiddleware, noted by the shared reads, shown by `{% data_freshness %}`."""

from __future__ import annotations

import contextvars

from django.http import HttpResponseRedirect

# Wall-clock times (time.time()) at which each answer used by this request was fetched.
_fetched: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "meltingspot_fetched", default=None
)
_refresh: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "meltingspot_refresh", default=False
)

REFRESH_PARAM = "refresh"
REFRESH_HEADER = "HTTP_X_DASHBOARD_REFRESH"
# One person's Refresh reads MeltingSpot anew at most this often; sooner, it gets the team's
# shared copy (with its age), so a loop of Refresh cannot take the key from the others.
REFRESH_EVERY_SECONDS = 10


def start(*, refresh: bool):
    """A new request: nothing read yet. Returns what `end` needs."""
    return _fetched.set([]), _refresh.set(refresh)


def end(tokens) -> None:
    fetched, refresh = tokens
    _fetched.reset(fetched)
    _refresh.reset(refresh)


def refresh_requested() -> bool:
    return _refresh.get()


def note_fetched(at: float) -> None:
    fetched = _fetched.get()
    if fetched is not None:
        fetched.append(at)


def oldest_fetched() -> float | None:
    """When the oldest data this request showed was read from MeltingSpot (None: none)."""
    fetched = _fetched.get()
    return min(fetched) if fetched else None


class ReadFreshnessMiddleware:
    """`?refresh=1` (or the X-Dashboard-Refresh header), and every POST, read MeltingSpot
    anew for this request; the parameter is removed so forms and list states never see it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A write acts on what it reads (conflict checks, the current host): read afresh.
        refresh = request.method not in ("GET", "HEAD")
        asked = bool(request.META.get(REFRESH_HEADER))
        if REFRESH_PARAM in request.GET:
            asked = True
            query = request.GET.copy()
            query.pop(REFRESH_PARAM)
            request.GET = query
            request._refresh_in_address = True
        if asked and request.method in ("GET", "HEAD"):
            refresh = _refresh_allowed(request)
        tokens = start(refresh=refresh)
        try:
            response = self.get_response(request)
        finally:
            end(tokens)
        if not _tidy_after_refresh(request, response):
            return response
        # The fresh read is now in the shared cache: send the browser to the same address
        # without `refresh`, so a reload or a bookmark does not bypass the cache again.
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)


def _tidy_after_refresh(request, response) -> bool:
    """A whole page asked for with `?refresh=1` and shown: its address needs tidying. htmx
    swaps a region in place (its address bar is set by the view, from the tidied query)."""
    return (
        request.method in ("GET", "HEAD")
        and getattr(request, "_refresh_in_address", False)
        and not request.headers.get("HX-Request")
        and response.status_code == 200
    )


def _refresh_allowed(request) -> bool:
    """Whether this person may force a new read now (one per REFRESH_EVERY_SECONDS)."""
    from django.core.cache import caches

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # The person, whatever their sessions (and never a reused id's former owner).
        who = f"{user.pk}:{user.date_joined.timestamp()}"
    else:
        who = request.META.get("REMOTE_ADDR")
    try:
        return caches["shared"].add(f"lives_admin:refresh:{who}", 1, REFRESH_EVERY_SECONDS)
    except Exception:  # the shared cache down: the reads are not shared either
        return True
