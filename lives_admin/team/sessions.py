"""Whether a logged-in session still stands: ended by its account's deactivation, or idle.

A session remembers, from its login, the account's session version
(lives_admin/team/versions.py): deactivation raises it, so every session opened
before ends on its next request whatever the session backend (database, cache or
cookies), and reactivating brings none back.
A session idle for SESSION_IDLE_TIMEOUT seconds ends too. Either way the person is logged
out and the login-required check that follows sends them (or htmx, with HX-Redirect) to
the login page, which says why.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext, gettext_noop, ngettext

from lives_admin.i18n.formats import number
from lives_admin.team.versions import session_version_of
from lives_admin.web import kept_forms

VERSION_KEY = "_lives_admin_session_version"
LAST_SEEN_KEY = "_lives_admin_last_seen"
# Activity is written to the session at most once a minute, not on every request.
ACTIVITY_RESOLUTION = 60


def describe_delay(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": number(hours)}
    minutes = max(1, round(seconds / 60))
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": number(minutes)}


@receiver(user_logged_in, dispatch_uid="lives_admin.team.sessions")
def remember_at_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[VERSION_KEY] = session_version_of(user.pk)
        session[LAST_SEEN_KEY] = int(time.time())


# Said in the reader's language where it is shown (AccountSessionMiddleware).
SESSION_ENDED = gettext_noop("Your session has ended: log in again.")


def revoked(session) -> bool:
    """Whether the session was opened before its account's deactivation."""
    user_id = session.get(SESSION_KEY)
    return user_id is not None and session.get(VERSION_KEY, 0) != session_version_of(user_id)


def why_it_ended(session, now: int) -> str | None:
    """None while the session stands; else what to tell the person. Records activity."""
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return None
    if revoked(session):
        return gettext(SESSION_ENDED)
    idle_limit = settings.SESSION_IDLE_TIMEOUT
    last_seen = session.get(LAST_SEEN_KEY)
    if isinstance(last_seen, int) and now - last_seen > idle_limit:
        return gettext("You were logged out after %(delay)s without activity.") % {
            "delay": describe_delay(idle_limit)
        }
    if not isinstance(last_seen, int) or now - last_seen >= ACTIVITY_RESOLUTION:
        session[LAST_SEEN_KEY] = now
    return None


class AccountSessionMiddleware:
    """Place it after MessageMiddleware (for the message) and AuthenticationMiddleware; it
    runs before any view's login check (those happen in process_view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        revoked_early = getattr(request, "account_revoked", False)
        reason = (
            gettext(SESSION_ENDED)
            if revoked_early
            else why_it_ended(request.session, int(time.time()))
        )
        if reason:
            logout(request)
            messages.info(request, reason, fail_silently=True)
        response = self.get_response(request)
        kept_forms.remember_last_account(request)
        return response


class DeactivatedAccountMiddleware:
    """Right after AuthenticationMiddleware, before anything reads request.user: a
    deactivation makes the password unusable (versions.py), which changes the session's
    auth hash, and Django would end the session silently on that. Here it ends as
    revoked, and AccountSessionMiddleware (after MessageMiddleware) says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if revoked(request.session):
            logout(request)
            request.account_revoked = True
        return self.get_response(request)
