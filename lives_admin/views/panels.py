"""What the three people panels share: loading a page of rows, and showing API trouble."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django_htmx.http import trigger_client_event

from lives_admin.i18n.formats import number
from lives_admin.meltingspot import (
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    BulkProgress,
    InvalidIdError,
    MeltingSpotError,
    NotFoundError,
)
from lives_admin.people import members
from lives_admin.web.htmx import fragment_or_page
from lives_admin.web.middleware import describe_api_error

LIVE_PLACEHOLDER = _("The live")
REFUSED_INVITATION = _("MeltingSpot refused this invitation: %(reason)s")


def title_for_full_page(template: str, live_id: str) -> str:
    """The live's title for a panel shown as a page of its own (no JavaScript): its
    breadcrumb names the live, as the live's page does. A fragment (`…#panel`) is part of
    the live's page, which already names it: no call for it."""
    from lives_admin.upstream import get_client

    if "#" in template:
        return ""
    try:
        return get_client().lives.retrieve(live_id).title or LIVE_PLACEHOLDER
    except MeltingSpotError:
        return LIVE_PLACEHOLDER  # the panel itself says what went wrong


@dataclass(frozen=True)
class PanelError:
    title: str
    explanation: str
    status: int
    gone: bool = False  # the live itself no longer exists


def panel_error(error: MeltingSpotError) -> PanelError:
    if isinstance(error, NotFoundError):
        return PanelError(
            _("This live no longer exists"),
            _("It may have been deleted on MeltingSpot. Go back to the lives to find another."),
            404,
            gone=True,
        )
    status, title, explanation = describe_api_error(error)
    return PanelError(title, explanation, status)


def load_page(fetch: Callable[[], object]):
    """(page, None), or (None, the PanelError) when MeltingSpot could not answer: a panel
    shows its own trouble and the rest of the page still works."""
    try:
        return fetch(), None
    except MeltingSpotError as exc:
        return None, panel_error(exc)


def render_panel(
    request,
    template: str,
    live_id: str,
    context: dict,
    *,
    panel: str,
    fragments: tuple[str, ...] = (),
    status: int = 200,
):
    """A people panel, as one of three things: the fragment htmx targets (`panel` or one of
    `fragments`, named like their DOM ids), the whole panel after an htmx write, or a page
    of its own (a plain request, a history restore: its breadcrumb names the live).
    A panel whose list failed (`context["error"]`) answers with that error's status."""
    name = fragment_or_page(request, template, (panel, *fragments))
    if request.method == "POST" and request.htmx:
        name = f"{template}#{panel}"
    if context.get("error"):
        status = context["error"].status
    context = {
        "live_id": live_id,
        **context,
        "fragment": name.partition("#")[2],
        "live_title": title_for_full_page(name, live_id),
    }
    return render(request, name, context, status=status)


def after_write(
    request,
    live_id: str,
    *,
    panel: str,
    notice: tuple[int, str],
    render_again: Callable[..., object],
    events: Iterable[str] = (),
):
    """The answer to a write on a panel: htmx gets the panel again with the notice (and the
    `events` other regions listen to); a plain form gets the message and goes back to the
    live's page, at the panel. `render_again(notice=...)` renders the panel."""
    if request.htmx:
        response = render_again(notice=notice)
        for event in events:
            response = trigger_client_event(response, event)
        return response
    level, text = notice
    messages.add_message(request, level, text)
    return redirect(reverse("lives_admin:live_detail", args=[live_id]) + f"#{panel}")


def add_api_error(
    form,
    error: MeltingSpotError,
    *,
    refused=REFUSED_INVITATION,
    field: str | None = None,
    in_doubt=None,
    kept="",
    not_found_is_the_live: bool = True,
) -> int:
    """What MeltingSpot answered to a write, said on the form that sent it (every value
    kept); returns the status to answer with.

    A 400 is MeltingSpot refusing what was typed: `refused` (a whole sentence with
    `%(reason)s`, so it translates as one) with its words, beside `field` (the form's top
    when None). Anything else is trouble on its side: what happened and what to do. After a
    timeout the write may still have happened: `in_doubt` is the sentence saying what to
    check before sending again. `kept` ends the message ("Nothing you typed is lost."). A
    404 says the live is gone, unless `not_found_is_the_live` is False (then: "Not found on
    MeltingSpot")."""
    if isinstance(error, BadRequestError):
        words = error.message or gettext("malformed request")
        form.add_error(field, str(refused) % {"reason": words})
        return 200
    if not_found_is_the_live:
        problem = panel_error(error)
    else:
        status, title, explanation = describe_api_error(error)
        problem = PanelError(title, explanation, status)
    explanation = problem.explanation
    if in_doubt and isinstance(error, APITimeoutError):
        explanation = in_doubt
    sentences = (gettext("%(title)s.") % {"title": problem.title}, explanation, kept)
    form.add_error(None, " ".join(str(part) for part in sentences if part))
    return problem.status


def picked_member(form):
    """The member picked in an invite form that comes back (a failed invitation): shown
    ticked again, by name when the directory knows it, without asking MeltingSpot twice."""
    member_id = (form.data.get("spot_member_id") or "").strip() if form.is_bound else ""
    if not member_id:
        return None
    try:
        member = members.get(member_id)
    except MeltingSpotError:
        member = None
    return member or SimpleNamespace(
        id=member_id, display_name=form.data.get("q") or _("The member you picked"), email=""
    )


@dataclass(frozen=True)
class BulkWords:
    """How one bulk write tells a stop, whole sentences so each language words them."""

    partly_done: str  # %(done)s of %(total)s …; the other %(left)s were not …: %(reason)s
    partly_unconfirmed: str  # … the other %(left)s were not confirmed: %(reason)s
    nothing_done: str
    refused: str  # ngettext_lazy on "count": %(count)s could not be …
    timed_out: str  # %(title)s. It may still have done it: check … before sending this again.


LINK_GROUPS = BulkWords(
    partly_done=_(
        "Linked %(done)s of %(total)s groups; the other %(left)s were not linked: %(reason)s"
    ),
    partly_unconfirmed=_(
        "Linked %(done)s of %(total)s groups; the other %(left)s were not confirmed: %(reason)s"
    ),
    nothing_done=_("Nothing was linked."),
    refused=ngettext_lazy(
        "%(count)s could not be linked: MeltingSpot refused it.",
        "%(count)s could not be linked: MeltingSpot refused them.",
        "count",
    ),
    timed_out=_(
        "%(title)s. It may still have done it: check the live's groups before sending this again."
    ),
)
UNLINK_GROUPS = BulkWords(
    partly_done=_(
        "Unlinked %(done)s of %(total)s groups; the other %(left)s were not unlinked: %(reason)s"
    ),
    partly_unconfirmed=_(
        "Unlinked %(done)s of %(total)s groups; the other %(left)s were not confirmed: %(reason)s"
    ),
    nothing_done=_("Nothing was unlinked."),
    refused=ngettext_lazy(
        "%(count)s could not be unlinked: MeltingSpot refused it.",
        "%(count)s could not be unlinked: MeltingSpot refused them.",
        "count",
    ),
    timed_out=LINK_GROUPS.timed_out,
)
INVITE_SPEAKERS = BulkWords(
    partly_done=_(
        "Invited %(done)s of %(total)s members as speakers; the other %(left)s were not "
        "invited: %(reason)s"
    ),
    partly_unconfirmed=_(
        "Invited %(done)s of %(total)s members as speakers; the other %(left)s were not "
        "confirmed: %(reason)s"
    ),
    nothing_done=_("Nobody was invited."),
    refused=ngettext_lazy(
        "%(count)s could not be invited: MeltingSpot refused it.",
        "%(count)s could not be invited: MeltingSpot refused them.",
        "count",
    ),
    timed_out=_(
        "%(title)s. It may still have done it: check the speakers before sending this again."
    ),
)


@dataclass(frozen=True)
class BulkFailure:
    """A bulk write an error stopped, told as it happened: the words for the organiser,
    the ids to keep ticked (those not done) and the status of the answer."""

    text: str
    not_done: list[str]
    status: int


def bulk_failure(
    error: MeltingSpotError,
    ids,
    *,
    words: BulkWords,
    problem: PanelError | None = None,
) -> BulkFailure:
    """ "Linked 200 of 350 groups; the other 150 were not linked: <reason>", or the
    `nothing_done` sentence when no batch went through. After a timeout the last batch
    may have happened: it is "not confirmed", never "not done", and the words name what to
    look at before sending again ("the live's groups"). `problem`: what the caller knows
    the error means better than its status does (a 404 that is not the live's)."""
    problem = problem or panel_error(error)
    progress = error.bulk_progress or BulkProgress(not_done=tuple(ids))
    timed_out = isinstance(error, APITimeoutError)
    reason = f"{problem.title}. {problem.explanation}"
    said = isinstance(error, APIStatusError) and not isinstance(error, InvalidIdError)
    if said and error.message:  # an id refused here was never sent: MeltingSpot said nothing
        reason += " " + gettext("MeltingSpot said: “%(message)s”.") % {"message": error.message}
    if timed_out:
        reason = words.timed_out % {"title": problem.title}
    if progress.done:
        sentence = words.partly_unconfirmed if timed_out else words.partly_done
        text = sentence % {
            "done": number(len(progress.done)),
            "total": number(progress.total),
            "left": number(len(progress.not_done)),
            "reason": reason,
        }
    else:
        text = reason if timed_out else f"{words.nothing_done} {reason}"
    if progress.rejected:
        refused = len(progress.rejected)
        text += " " + words.refused % {"count": refused}
    return BulkFailure(text=text, not_done=list(progress.not_done), status=problem.status)
