"""The live's title on the audit entries of a panel's writes (invite, link, unlink).

Creating, editing and deleting a live know its title; an invitation sent from the live's
page did not, and its entry showed a bare live id. Views that write to one live wrap
themselves in `@names_the_live`, so every write they send is recorded with the title.
"""

from __future__ import annotations

import functools

from lives_admin import audit
from lives_admin.audit.display import known_titles
from lives_admin.meltingspot import MeltingSpotError
from lives_admin.upstream import get_client


def live_title(live_id: str) -> str:
    """The latest title the log holds (no call), else MeltingSpot's (one GET); "" when
    neither knows it: the write goes ahead and its entry shows the id, as before."""
    title = known_titles([live_id]).get(live_id)
    if title:
        return title
    try:
        return get_client().lives.retrieve(live_id).title or ""
    except MeltingSpotError:
        return ""


def names_the_live(view):
    @functools.wraps(view)
    def wrapped(request, live_id, *args, **kwargs):
        with audit.describing(live_title=live_title(live_id)):
            return view(request, live_id, *args, **kwargs)

    return wrapped
