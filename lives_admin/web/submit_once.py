"""A form that creates (or deletes) something on MeltingSpot is done once, however often
it is sent.

Each such form carries a one-time token (`{% submit_token %}`, rendered anew with the
form). The first POST of a token inserts its row (the token is unique in the database,
so this holds across threads, processes and machines) and runs the view; any other POST
of it sends nothing and answers with what the first one answered: at once when it is
done, after waiting for it while it runs (up to SUBMIT_ONCE_WAIT_SECONDS), else with
"still being sent". Put `@submit_once` on every view that creates something, and on
the deletes (a second DELETE would be sent and audited as a failure).

A POST without a token (a script, a page from before this existed) is handled as before.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from lives_admin.jobs import process_identity
from lives_admin.models.submissions import FormSubmission, SubmissionState

TOKEN_FIELD = "submit_token"  # noqa: S105 (a field name, not a secret)
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
# A token is remembered this long: a form sent again later than that is sent anew.
LIFETIME = timedelta(days=2)
WAIT_SECONDS = 20.0  # the default of SUBMIT_ONCE_WAIT_SECONDS
# No request runs this long: a sending still "in progress" then was cut off (a killed
# worker on another machine; on the same machine its death is seen at once).
ABANDONED_AFTER = timedelta(minutes=5)
POLL_SECONDS = 0.1
# The headers of the first answer that the browser or htmx act on.
KEPT_HEADERS = (
    "Content-Type",
    "Location",
    "HX-Location",
    "HX-Push-Url",
    "HX-Redirect",
    "HX-Refresh",
    "HX-Replace-Url",
    "HX-Reselect",
    "HX-Reswap",
    "HX-Retarget",
    "HX-Trigger",
    "HX-Trigger-After-Settle",
    "HX-Trigger-After-Swap",
)
SENT_AGAIN = gettext_noop(
    "This form was sent more than once: it was done once, and this is its result."
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def submit_once(view: Callable) -> Callable:
    """Below the role check: only someone allowed to send the form spends its token."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(TOKEN_FIELD) if request.method == "POST" else None
        if token is None:
            return view(request, *args, **kwargs)
        if not TOKEN_PATTERN.fullmatch(token):
            return notice(request, 400, "not_ours")
        submission = _claim(request, token)
        if submission is None:  # another request holds this token: never a second write
            return _answer_again(request, token)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            # It may have written before it failed: a repeat of this token must not retry.
            FormSubmission.objects.filter(pk=submission.pk).update(state=SubmissionState.FAILED)
            raise
        _record(submission, request, response)
        return response

    wrapped.submit_once = True  # read by the test that checks every creating view
    return wrapped


def _claim(request, token: str) -> FormSubmission | None:
    FormSubmission.objects.filter(created_at__lt=timezone.now() - LIFETIME).delete()
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(
                token=token,
                user=request.user,
                path=request.path[:500],
                owner=process_identity.current(),
            )
    except IntegrityError:
        return None


def _record(submission: FormSubmission, request, response) -> None:
    streamed = getattr(response, "streaming", False)
    charset = getattr(response, "charset", None) or "utf-8"
    FormSubmission.objects.filter(pk=submission.pk).update(
        state=SubmissionState.DONE,
        status=response.status_code,
        headers={name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        content="" if streamed else response.content.decode(charset, errors="replace"),
        messages=_queued_messages(request),
    )


def _queued_messages(request) -> list[tuple[int, str, str]]:
    """The messages the view added for the next page. The first answer may never reach
    the browser (a second click abandons it), so the second answer brings them again.
    Django's storage keeps them in `_queued_messages`; none is fine if it ever moves."""
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return [(m.level, str(m.message), m.extra_tags or "") for m in queued]


def _answer_again(request, token: str):
    wait = getattr(settings, "SUBMIT_ONCE_WAIT_SECONDS", WAIT_SECONDS)
    deadline = time.monotonic() + wait
    while True:
        submission = FormSubmission.objects.filter(token=token).first()
        if submission is None or submission.user_id != request.user.pk:
            return notice(request, 400, "not_ours")
        if submission.path != request.path[:500]:
            return notice(request, 400, "not_ours")
        if submission.state != SubmissionState.IN_PROGRESS or _abandoned(submission):
            break
        if time.monotonic() >= deadline:
            break
        time.sleep(POLL_SECONDS)
    if submission.state == SubmissionState.DONE:
        return _replay(request, submission)
    if submission.state == SubmissionState.FAILED or _abandoned(submission):
        return notice(request, 409, "failed")
    return notice(request, 409, "in_progress")


def _abandoned(submission: FormSubmission) -> bool:
    """Its process died (known at once on its machine), or it has run longer than any
    request does (the only sign from another machine)."""
    if submission.state != SubmissionState.IN_PROGRESS:
        return False
    if submission.owner and process_identity.is_gone(submission.owner):
        return True
    return timezone.now() - submission.created_at > ABANDONED_AFTER


def _replay(request, submission: FormSubmission) -> HttpResponse:
    response = HttpResponse(submission.content, status=submission.status or 200)
    for name, value in submission.headers.items():
        response[name] = value
    if not request.htmx:
        # A page comes next: it shows what the first sending said (unless the first answer
        # already left it with this browser, then it would show twice), and why it is here.
        waiting = _messages_waiting(request)
        for level, text, tags in submission.messages:
            if text not in waiting:
                messages.add_message(request, level, text, extra_tags=tags)
        messages.info(request, gettext(SENT_AGAIN))
    return response


def _messages_waiting(request) -> set[str]:
    """The messages this browser already holds for its next page, left where they are."""
    storage = messages.get_messages(request)
    waiting = {str(message.message) for message in storage}
    storage.used = False  # reading them must not consume them
    return waiting


def notice(request, status: int, reason: str) -> HttpResponse:
    """Nothing was sent: say why, above the form (htmx) or as a page."""
    above_the_form = bool(request.htmx) and not request.htmx.history_restore_request
    template = "409.html" + ("#error-fragment" if above_the_form else "")
    response = render(
        request,
        template,
        {"reason": reason, "above_the_form": above_the_form},
        status=status,
    )
    if above_the_form:
        # Above the page, not in place of the form: what was typed stays on screen.
        response["HX-Retarget"] = "#main"
        response["HX-Reswap"] = "afterbegin"
    return response
