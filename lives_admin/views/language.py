"""The language switch in every page's header, and the JavaScript catalogue for app.js."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog

from lives_admin.i18n.languages import save_language, supported


def _back_to(request) -> str:
    """The page the switch was used on (same site only), else the lives list."""
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse("lives_admin:home")


@login_not_required
@require_POST
def set_language(request):
    """Switch the dashboard's language; a signed-in person's choice is saved in Preferences.

    The cookie covers the pages before login (and Django's own set_language would not
    save the preference).
    """
    response = HttpResponseRedirect(_back_to(request))
    code = request.POST.get("language", "")
    if not supported(code):
        return response
    if request.user.is_authenticated:
        save_language(request.user, code)
    translation.activate(code)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# app.js's strings (domain djangojs from locale/); a plain script from our own origin,
# so the strict CSP holds (no inline script).
javascript_catalog = login_not_required(JavaScriptCatalog.as_view(packages=["lives_admin"]))
