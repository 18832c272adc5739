"""Request-wide concerns: the login, the organiser's timezone, the audit actor, API errors."""

from __future__ import annotations

import logging
import math
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from lives_admin import audit, meltingspot
from lives_admin.i18n.phrases import TRY_AGAIN_SOON
from lives_admin.meltingspot.priority import acting_for
from lives_admin.web import kept_forms
from lives_admin.web.timezones import timezone_for_request

logger = logging.getLogger(__name__)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's: every view needs a login unless marked `@login_not_required`.

    An htmx request would follow the redirect and swap the login page into a panel:
    it gets `HX-Redirect` instead, so the browser goes to the login page and comes
    back to the page it was on (not to the fragment's URL). A form sent without a
    session keeps what was typed through the login (lives_admin/web/kept_forms.py)."""

    def handle_no_permission(self, request, view_func):
        login_url = resolve_url(self.get_login_url(view_func) or settings.LOGIN_URL)
        return to_login(request, login_url, self.get_redirect_field_name(view_func))


def _same_site_path(request, header: str) -> str | None:
    """The path (and query) of a same-site URL given in a request header, else None."""
    url = urlsplit(request.headers.get(header, ""))
    if url.netloc != request.get_host() or not url.path:
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def to_login(request, login_url: str = "", field_name: str = "next"):
    """The login page, then back to the page the person was on. A POST's fields (or what
    was being typed when an htmx search fired) are kept for that page and the login says
    the change was not saved yet."""
    login_url = login_url or resolve_url(settings.LOGIN_URL)
    is_htmx = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    back_to = None
    if is_htmx:
        back_to = _same_site_path(request, "HX-Current-URL")
    elif request.method == "POST":
        # The page that showed the form (a form's address may only take POSTs).
        back_to = _same_site_path(request, "Referer")
    # Without either, never an address that only takes a form: after the login, a GET
    # on it would be a 405 page. The page above it shows the form.
    back_to = back_to or kept_forms.page_of(request.get_full_path())
    text = None
    if request.method == "POST" and kept_forms.is_a_change(request.path):
        text = _lost_change_note(request, back_to)
    elif is_htmx and request.method == "GET" and back_to != request.get_full_path():
        text = _lost_typing_note(request, back_to)
    if text:
        messages.warning(request, text, fail_silently=True)
    redirect = redirect_to_login(back_to, login_url, field_name)
    if not is_htmx:
        return redirect
    return HttpResponseClientRedirect(redirect["Location"])


def _lost_change_note(request, back_to: str) -> str:
    label = kept_forms.page_label(request.path, back_to)
    # An htmx post names the element that sent it: its form is the one to fill again, even
    # when the post went elsewhere (the description preview posts the whole live form).
    trigger = request.headers.get("HX-Trigger", "") if request.headers.get("HX-Request") else ""
    if kept_forms.keep(request, back_to, trigger=trigger):
        return _(
            "You were signed out: your change to %(label)s was not saved yet. Sign in "
            "and it will be back in the form, ready to send again."
        ) % {"label": label}
    if kept_forms.had_password(request.POST):
        return _(
            "You were signed out: your change to %(label)s was not saved. Passwords are "
            "never kept: sign in, then type them again."
        ) % {"label": label}
    return _(
        "You were signed out: your change to %(label)s was not saved. Sign in, then make it again."
    ) % {"label": label}


def _lost_typing_note(request, back_to: str) -> str | None:
    """An htmx GET fired by a named field (a live search while typing): its value comes
    back in that field after the login. A panel loading by itself has nothing to say."""
    trigger = request.headers.get("HX-Trigger", "")
    name = request.headers.get("HX-Trigger-Name", "")
    if not trigger or not name or not request.GET.get(name, "").strip():
        return None
    label = kept_forms.page_label(request.path, back_to)
    if kept_forms.keep(request, back_to, data=request.GET, trigger=trigger):
        return _(
            "You were signed out while typing on %(label)s: what you were typing was not "
            "sent. Sign in and it will be back in the form."
        ) % {"label": label}
    return _(
        "You were signed out while typing on %(label)s: what you were typing was not sent "
        "nor kept. Sign in, then type it again."
    ) % {"label": label}


class OrganiserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = timezone_for_request(request)
        request.organiser_timezone = zone
        with timezone.override(zone):
            return self.get_response(request)


class AuditActorMiddleware:
    """Whatever the request writes to MeltingSpot is recorded under its user, and what it
    sends counts against that user's daily share of the key (meltingspot/priority.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        person = user.pk if user is not None and user.is_authenticated else None
        with audit.acting_as(audit.actor_for_user(user)), acting_for(person):
            return self.get_response(request)


def describe_api_error(error: meltingspot.MeltingSpotError) -> tuple[int, str, str]:
    """(status for our page, title, explanation) for an error the view did not handle."""
    if isinstance(error, meltingspot.NotFoundError):
        return (
            404,
            _("Not found on MeltingSpot"),
            _(
                "MeltingSpot has no such item any more: it may have been deleted. "
                "Go back to the list to find it again."
            ),
        )
    if isinstance(error, meltingspot.PersonalBudgetSpent):
        return (
            429,
            _("Your share of today's MeltingSpot requests is spent"),
            _(
                "You have used your share of today's MeltingSpot requests, so the rest of "
                "the team keeps theirs; it renews at midnight UTC."
            ),
        )
    if isinstance(error, meltingspot.RateLimitError | meltingspot.RateLimitExceeded):
        wait = getattr(error, "retry_after", None)
        seconds = max(1, math.ceil(wait)) if wait else 0  # never "0 seconds" for 0.4 s
        hint = (
            ngettext("Try again in %(count)s second.", "Try again in %(count)s seconds.", seconds)
            % {"count": seconds}
            if seconds
            else str(TRY_AGAIN_SOON)
        )
        return (
            429,
            _("Too many requests to MeltingSpot"),
            _("The API's rate limit is reached.") + " " + hint,
        )
    if isinstance(error, meltingspot.AuthenticationError | meltingspot.PermissionDeniedError):
        return (
            502,
            _("MeltingSpot refused the dashboard's key"),
            _("Check MELTINGSPOT_API_KEY and MELTINGSPOT_AUTH_SCHEME in the dashboard's settings."),
        )
    if isinstance(error, meltingspot.RateLimiterUnavailable):
        return (
            503,
            _("The dashboard's shared cache cannot be reached"),
            _(
                "MeltingSpot's rate limit is kept in the shared cache (CACHE_URL), so nothing "
                "was sent. Nothing was lost: try again when it is back."
            ),
        )
    if isinstance(error, meltingspot.WriteNotRecorded):
        return 503, _("The change could not be recorded"), error.message
    if isinstance(error, meltingspot.UnreadableResponseError):
        return (
            502,
            _("MeltingSpot's answer could not be read"),
            _(
                "What answered was not MeltingSpot's API (a proxy's or a sign-in page, or an "
                "answer cut short). Try again in a moment; if it lasts, check "
                "MELTINGSPOT_API_URL."
            ),
        )
    if isinstance(error, meltingspot.APITimeoutError):
        return 504, _("MeltingSpot took too long to answer"), _("Nothing was lost. Try again.")
    if isinstance(error, meltingspot.APIConnectionError):
        return (
            503,
            _("MeltingSpot cannot be reached"),
            _("Nothing was lost. Try again in a moment."),
        )
    if isinstance(error, meltingspot.ServerError):
        return (
            503,
            _("MeltingSpot is having trouble"),
            _("It answered with an error. Try again."),
        )
    message = getattr(error, "message", "") or _("MeltingSpot rejected the request.")
    return 400, _("MeltingSpot rejected the request"), message


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
