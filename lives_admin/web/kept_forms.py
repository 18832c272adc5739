"""What was typed in a form sent after the session was lost, kept through the login.

A POST refused for lack of a session (expired, or logged out in another tab) keeps its
fields in the browser's own (anonymous) session for KEPT_FORM_SECONDS: never a file, a
password, the CSRF token or the once-only submit token. Django's login keeps an
anonymous session's data, so after the login the page the form was on gets the fields
back (static/js/app.js fills the form, it does not send it): the organiser sends again.

They are given back only to the account that was signed in on this browser (remembered
when its session ended), and only once; another account logging in drops them.

An htmx GET fired while typing (a live search) from a signed-out page keeps the value of
the element that fired it the same way, found again after the login by that element's id.
A form whose address only takes POSTs (and came without a Referer) is given back on the
page above it that takes a GET, never on the address itself (that would be a 405).
"""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

KEPT_KEY = "_lives_admin_kept_form"
LAST_ACCOUNT_KEY = "_lives_admin_last_account"
KEPT_FORM_SECONDS = 15 * 60
# Never kept: secrets, and the tokens the form carries afresh when shown again.
SKIPPED_FIELDS = {"csrfmiddlewaretoken", "submit_token", "next"}
MAX_FIELDS = 300
MAX_CHARS = 200_000

# What the organiser was changing, by the page's URL name, for the login's message.
PAGE_LABELS = {
    "live_participants_invite": _("the person to invite"),
    "live_speakers_invite": _("the speaker to invite"),
    "live_groups_link": _("the groups to link"),
    "live_create": _("the new live"),
    "live_edit": _("the live's settings"),
    "live_duplicate": _("the live's copy"),
    "live_detail": _("the live's page"),
    "live_participants": _("the live's participants"),
    "invite_start": _("the invitation"),
    "invite_many": _("the invitation"),
    "invite_columns": _("the invitation's columns"),
    "preferences": _("your preferences"),
    "team_list": _("the team"),
    "password_change": _("your password"),
}


@receiver(user_logged_out, dispatch_uid="lives_admin.web.kept_forms")
def note_the_account(sender, request, user, **kwargs):
    """Logout empties the session after this signal: the middleware writes it back after."""
    if request is not None and user is not None:
        request._lives_admin_last_account = user.pk


@receiver(user_logged_in, dispatch_uid="lives_admin.web.kept_forms.login")
def forget_the_account(sender, request, user, **kwargs):
    """Signed in again: the kept form carries its own account; nothing else is needed."""
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(LAST_ACCOUNT_KEY, None)


def remember_last_account(request) -> None:
    """Called once the response is made: the session that follows a logout remembers who
    was signed in, so a form sent from another tab can be given back to them alone."""
    account = getattr(request, "_lives_admin_last_account", None)
    if account is not None and not request.user.is_authenticated:
        request.session[LAST_ACCOUNT_KEY] = account


def _url_name(path: str) -> str:
    try:
        return resolve(path.split("?", 1)[0]).url_name or ""
    except Resolver404:
        return ""


def is_a_change(path: str) -> bool:
    """A "Log out" sent from a tab already signed out is no change to keep or speak of."""
    return _url_name(path) != "logout"


def page_label(action: str, page: str) -> str:
    """What was being changed: named by the form's address, else by its page's."""
    return PAGE_LABELS.get(_url_name(action)) or PAGE_LABELS.get(_url_name(page), _("this page"))


def _is_secret(name: str) -> bool:
    return "password" in name.lower()


def had_password(data) -> bool:
    return any(_is_secret(name) for name in data)


def _allowed_methods(view) -> list[str] | None:
    """The methods a view takes when a `require_http_methods` decorator (require_POST…)
    limits them, found down its chain of decorators; None when any method goes."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            return view.__closure__[code.co_freevars.index("request_method_list")].cell_contents
        view = getattr(view, "__wrapped__", None)
    return None


def _takes_a_get(path: str) -> bool:
    try:
        view = resolve(path).func
    except Resolver404:
        return False
    allowed = _allowed_methods(view)
    return allowed is None or "GET" in allowed


def page_of(path: str) -> str:
    """`path` itself when a GET can show it; for an address that only takes a form, the
    nearest page above it that takes a GET (/team/5/role/ gives /team/), else home."""
    if _takes_a_get(path.split("?", 1)[0]):
        return path
    parts = path.split("?", 1)[0].rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        parent = "/".join(parts) + "/"
        if _takes_a_get(parent):
            return parent
    return "/"


def _fields(post) -> list[list[str]]:
    kept, chars = [], 0
    for name, values in post.lists():
        if name in SKIPPED_FIELDS or _is_secret(name):
            continue
        for value in values:
            chars += len(name) + len(value)
            if len(kept) >= MAX_FIELDS or chars > MAX_CHARS:
                return kept
            kept.append([name, value])
    return kept


def keep(request, back_to: str, data=None, trigger: str = "") -> bool:
    """Keep the POST's fields (or `data`, with the id of the element that sent them) for
    the page `back_to`; False when there is nothing to give back (every field a secret or
    a token) or nobody can be told apart as its author (no session remembers an
    account): then nothing is kept."""
    data = request.POST if data is None else data
    fields = _fields(data)
    # Only that there was a file: the page asks for it again.
    had_file = any(upload.size for upload in request.FILES.values())
    if not fields and not had_file:
        return False
    account = request.session.get(LAST_ACCOUNT_KEY)
    if account is None:
        account = getattr(request, "_lives_admin_last_account", None)
    if account is None:
        return False
    request.session[KEPT_KEY] = {
        "page": back_to,
        "action": request.path,
        "trigger": trigger,
        "fields": fields,
        "had_file": had_file,
        "had_password": had_password(data),
        "account": account,
        "until": int(time.time()) + KEPT_FORM_SECONDS,
    }
    return True


def take(request) -> dict | None:
    """The kept form for this page view, once, to the account that typed it."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return None
    kept = session.get(KEPT_KEY)
    if not kept or request.method != "GET" or getattr(request, "htmx", False):
        return None
    if kept.get("account") != user.pk or kept.get("until", 0) < time.time():
        del session[KEPT_KEY]  # another account, or too late: dropped, never shown
        return None
    if kept.get("page") != request.get_full_path():
        return None
    del session[KEPT_KEY]
    return {
        "action": kept["action"],
        "trigger": kept.get("trigger", ""),
        "fields": kept["fields"],
        "had_file": kept.get("had_file"),
        "had_password": kept.get("had_password"),
    }
