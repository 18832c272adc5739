"""What the three people panels share: loading a page of rows, and showing API trouble."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from lives_admin.meltingspot import (
    APIStatusError,
    APITimeoutError,
    BulkProgress,
    InvalidIdError,
    MeltingSpotError,
    NotFoundError,
)
from lives_admin.people import members
from lives_admin.web.middleware import describe_api_error

LIVE_PLACEHOLDER = "The live"


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
            "This live no longer exists",
            "It may have been deleted on MeltingSpot. Go back to the lives to find another.",
            404,
            gone=True,
        )
    status, title, explanation = describe_api_error(error)
    return PanelError(title, explanation, status)


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
        id=member_id, display_name=form.data.get("q") or "The member you picked", email=""
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
    done_verb: str,
    nothing_done: str,
    noun: str,
    check: str,
    problem: PanelError | None = None,
) -> BulkFailure:
    """ "Linked 200 of 350 groups; the other 150 were not linked: <reason>", or the
    `nothing_done` sentence when no batch went through. After a timeout the last batch
    may have happened: it is "not confirmed", never "not done". `check` names what to
    look at before sending again ("the live's groups"). `problem`: what the caller knows
    the error means better than its status does (a 404 that is not the live's)."""
    problem = problem or panel_error(error)
    progress = error.bulk_progress or BulkProgress(not_done=tuple(ids))
    timed_out = isinstance(error, APITimeoutError)
    reason = f"{problem.title}. {problem.explanation}"
    said = isinstance(error, APIStatusError) and not isinstance(error, InvalidIdError)
    if said and error.message:  # an id refused here was never sent: MeltingSpot said nothing
        reason += f" MeltingSpot said: “{error.message}”."
    if timed_out:
        reason = (
            f"{problem.title}. It may still have done it: check {check} before sending this again."
        )
    left = len(progress.not_done)
    if progress.done:
        outcome = "were not confirmed" if timed_out else f"were not {done_verb.lower()}"
        text = (
            f"{done_verb} {len(progress.done)} of {progress.total} {noun}; "
            f"the other {left} {outcome}: {reason}"
        )
    else:
        text = reason if timed_out else f"{nothing_done} {reason}"
    if progress.rejected:
        refused = len(progress.rejected)
        text += f" {refused} could not be {done_verb.lower()}: MeltingSpot refused them."
    return BulkFailure(text=text, not_done=list(progress.not_done), status=problem.status)
