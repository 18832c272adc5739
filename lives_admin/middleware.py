"""Request-wide concerns: the login, the organiser's timezone, the audit actor, API errors."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from lives_admin import audit, meltingspot
from lives_admin.timezones import timezone_for_request

logger = logging.getLogger(__name__)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's: every view needs a login unless marked `@login_not_required`.

    An htmx request would follow the redirect and swap the login page into a panel:
    it gets `HX-Redirect` instead, so the browser goes to the login page and comes
    back to the page it was on (not to the fragment's URL)."""

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") != "true" or request.headers.get(
            "HX-History-Restore-Request"
        ):
            return super().handle_no_permission(request, view_func)
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.netloc == request.get_host() and current.path:
            back_to = current.path + (f"?{current.query}" if current.query else "")
        else:
            back_to = request.get_full_path()
        login_url = resolve_url(self.get_login_url(view_func) or settings.LOGIN_URL)
        redirect = redirect_to_login(back_to, login_url, self.get_redirect_field_name(view_func))
        return HttpResponseClientRedirect(redirect["Location"])


class OrganiserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = timezone_for_request(request)
        request.organiser_timezone = zone
        with timezone.override(zone):
            return self.get_response(request)


class AuditActorMiddleware:
    """Whatever the request writes to MeltingSpot is recorded under its user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.acting_as(audit.actor_for_user(getattr(request, "user", None))):
            return self.get_response(request)


def describe_api_error(error: meltingspot.MeltingSpotError) -> tuple[int, str, str]:
    """(status for our page, title, explanation) for an error the view did not handle."""
    if isinstance(error, meltingspot.NotFoundError):
        return (
            404,
            "Not found on MeltingSpot",
            (
                "MeltingSpot has no such item any more: it may have been deleted. "
                "Go back to the list to find it again."
            ),
        )
    if isinstance(error, meltingspot.RateLimitError | meltingspot.RateLimitExceeded):
        wait = getattr(error, "retry_after", None)
        hint = f" Try again in {int(wait)} seconds." if wait else " Try again in a moment."
        return 429, "Too many requests to MeltingSpot", "The API's rate limit is reached." + hint
    if isinstance(error, meltingspot.AuthenticationError | meltingspot.PermissionDeniedError):
        return (
            502,
            "MeltingSpot refused the dashboard's key",
            ("Check MELTINGSPOT_API_KEY and MELTINGSPOT_AUTH_SCHEME in the dashboard's settings."),
        )
    if isinstance(error, meltingspot.RateLimiterUnavailable):
        return (
            503,
            "The dashboard's shared cache cannot be reached",
            "MeltingSpot's rate limit is kept in the shared cache (CACHE_URL), so nothing "
            "was sent. Nothing was lost: try again when it is back.",
        )
    if isinstance(error, meltingspot.WriteNotRecorded):
        return 503, "The change could not be recorded", error.message
    if isinstance(error, meltingspot.UnreadableResponseError):
        return (
            502,
            "MeltingSpot's answer could not be read",
            "What answered was not MeltingSpot's API (a proxy's or a sign-in page, or an "
            "answer cut short). Try again in a moment; if it lasts, check MELTINGSPOT_API_URL.",
        )
    if isinstance(error, meltingspot.APITimeoutError):
        return 504, "MeltingSpot took too long to answer", "Nothing was lost. Try again."
    if isinstance(error, meltingspot.APIConnectionError):
        return 503, "MeltingSpot cannot be reached", "Nothing was lost. Try again in a moment."
    if isinstance(error, meltingspot.ServerError):
        return 503, "MeltingSpot is having trouble", "It answered with an error. Try again."
    message = getattr(error, "message", "") or "MeltingSpot rejected the request."
    return 400, "MeltingSpot rejected the request", message


class MeltingSpotErrorMiddleware:
    """The one place an API error that a view did not handle becomes a page, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, meltingspot.MeltingSpotError):
            return None
        status, title, explanation = describe_api_error(exception)
        logger.warning("MeltingSpot error on %s: %s", request.path, type(exception).__name__)
        template = (
            "lives_admin/errors/api_error.html#api-error"
            if getattr(request, "htmx", False) and not request.htmx.history_restore_request
            else "lives_admin/errors/api_error.html"
        )
        response = render(
            request,
            template,
            {"title": title, "explanation": explanation, "status": status},
            status=status,
        )
        if getattr(request, "htmx", False):
            # htmx ignores error responses by default: let this one show where it was asked.
            response["HX-Reswap"] = "innerHTML"
        return response


# Pages and forms: every address of the dashboard takes these, or fewer.
ALLOWED_METHODS = ("GET", "HEAD", "POST")


class MethodNotAllowedMiddleware:
    """PUT, DELETE and the like are refused with 405; that answer, and a GET on an address
    that only takes a form (Django's 405 has no body), is a page saying what to do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        else:
            response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "content", b"x"):
            from lives_admin.views.errors import method_not_allowed

            return method_not_allowed(request, response["Allow"])
        return response
