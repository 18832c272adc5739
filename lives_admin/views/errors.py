"""The error pages: a full page for a visit, a small fragment for an htmx request.

Django calls these (config/urls.py, handler400/403/404/500) when DEBUG is off. An htmx
request swaps the answer into the element that asked (base.html lets 4xx/5xx swap), so
it gets the message alone, not a second layout inside the page.
"""

from urllib.parse import urlsplit

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve


def _wants_fragment(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _render(request, status: int, exception=None, template: str = "", **context):
    template = template or f"{status}.html"
    if _wants_fragment(request):
        template += "#error-fragment"
    context["exception"] = exception
    response = render(request, template, context, status=status)
    if _wants_fragment(request):
        response["HX-Reswap"] = "innerHTML"
    return response


def bad_request(request, exception):
    return _render(request, 400)


def permission_denied(request, exception):
    # The role decorator's reason ("This needs the Organiser role.") is for the reader.
    message = str(exception) if exception and str(exception) else ""
    return _render(request, 403, message)


def _from_this_site(request) -> bool:
    origin = request.headers.get("Origin")
    if origin:
        return origin == f"{request.scheme}://{request.get_host()}"
    return urlsplit(request.headers.get("Referer", "")).netloc == request.get_host()


def _needs_login(path: str) -> bool:
    """The login form and the other pages open to anyone keep their own 403."""
    try:
        view = resolve(path).func
    except Resolver404:
        return False
    return getattr(view, "login_required", True)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page has inline styles our CSP blocks. The reason
    is technical (Django's security log has it); the reader needs what to do next.

    A form sent from one of our pages by a browser whose session is gone (its token may be
    stale) is a lost session, not an attack: the login, with what was typed kept."""
    user = getattr(request, "user", None)
    signed_out = user is not None and not user.is_authenticated
    if request.method == "POST" and signed_out and _from_this_site(request):
        # Imported here: the middleware module imports this one's views lazily too.
        from lives_admin.web.middleware import to_login

        if _needs_login(request.path):
            return to_login(request)
    above_the_form = _wants_fragment(request)
    from lives_admin.web.kept_forms import page_of  # a page to go on from, never a dead end

    response = _render(
        request,
        403,
        template="403_csrf.html",
        above_the_form=above_the_form,
        page_again=page_of(request.path),
    )
    if above_the_form:
        # Above the page, not in place of the form: what was typed stays on screen.
        response["HX-Retarget"] = "#main"
        response["HX-Reswap"] = "afterbegin"
    return response


def page_not_found(request, exception):
    return _render(request, 404)


def method_not_allowed(request, allowed: str):
    """Not a Django handler: lives_admin.web.middleware.MethodNotAllowedMiddleware calls it."""
    response = _render(request, 405, allowed=allowed)
    response["Allow"] = allowed
    return response


def server_error(request):
    """No context processors, no database: only the static files (the database or a
    template tag may be what failed)."""
    return HttpResponseServerError(loader.get_template("500.html").render())
