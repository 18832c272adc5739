"""The "another live's audience" picker: lives found by title, in the lives index while it
is whole (accents and case ignored, as the lives list does), else through the API's filter.

The same search answers the page (a plain form's "Search" button) and htmx (as you type),
so the picker works without JavaScript too.
"""

from __future__ import annotations

from dataclasses import dataclass

from lives_admin.lives import index as lives_index
from lives_admin.lives import index_tasks
from lives_admin.meltingspot import LiveFilters, MeltingSpotError, NotFoundError
from lives_admin.meltingspot.ids import is_id
from lives_admin.upstream import get_client
from lives_admin.views.panels import PanelError, panel_error

RESULTS = 25
MAX_QUERY = 100


@dataclass
class LiveChoices:
    query: str
    lives: list
    picked: str = ""
    problem: PanelError | None = None
    more: bool = False


def _search(client, filters):
    """The API's title filter ignores case, not accents: the index answers while whole."""
    if filters is not None:
        status = lives_index.index_status()
        if status.usable:
            return lives_index.lives_page(filters, limit=RESULTS)
        if not status.too_many:  # cold or stale: filled for the next search
            index_tasks.queue_sync()
    return client.lives.list(filters, limit=RESULTS)


def find_lives(query: str, *, exclude=(), picked: str = "") -> LiveChoices:
    """The lives whose title contains `query` (all, newest pages first, without one), less
    those being invited to; the picked one stays listed, first, whatever the query."""
    query = (query or "").strip()[:MAX_QUERY]
    picked = picked if is_id(picked) else ""
    exclude = set(exclude)
    client = get_client()
    try:
        filters = LiveFilters(title_contains=query) if query else None
        page = _search(client, filters)
        lives = [live for live in page.items if live.id not in exclude]
        if picked and picked not in {live.id for live in lives} and picked not in exclude:
            try:
                lives.insert(0, client.lives.retrieve(picked))
            except NotFoundError:
                picked = ""  # deleted meanwhile: nothing to keep ticked
    except MeltingSpotError as error:
        return LiveChoices(query, [], picked, panel_error(error))
    return LiveChoices(query, lives, picked, more=page.total > len(page.items))
