"""What the three people panels share: loading a page of rows, and showing API trouble."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from lives_admin import members
from lives_admin.meltingspot import MeltingSpotError, NotFoundError
from lives_admin.middleware import describe_api_error


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


def page_query(query_dict, page_number: int) -> str:
    query = query_dict.copy()
    query["page"] = page_number
    return query.urlencode()


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
