"""The set of lives of an insight: the lives list's selection ("these rows" or "all N
matching"), read the same way as the list's bulk actions (views/cross_lives.py)."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.http import QueryDict

from lives_admin.lives.list_state import list_state_from_query, live_filters_from_query
from lives_admin.meltingspot import Live, MeltingSpotClient

MAX_LIVES = 200  # as the cross-live bulk actions


@dataclass(frozen=True)
class LiveSet:
    filters_query: str
    live_ids: tuple[str, ...]  # empty: every live matching the filters
    label: str


def _zone(name: str):
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def set_from_post(post: QueryDict, zone) -> LiveSet | None:
    """The posted selection, or None when nothing was picked."""
    state = list_state_from_query(QueryDict(post.get("filters", "")), zone)
    chosen = tuple(dict.fromkeys(i for i in post.getlist("selected") if i))
    across = post.get("select_across") == "1"
    if not across and not chosen:
        return None
    filters_label = " · ".join(chip.label for chip in state.chips)
    if across:
        label = f"Every live matching {filters_label}" if filters_label else "Every live"
        return LiveSet(filters_query=state.query, live_ids=(), label=label)
    count = len(chosen)
    label = f"{count} live{'s' if count != 1 else ''} picked"
    return LiveSet(filters_query=state.query, live_ids=chosen, label=label)


def lives_of(
    client: MeltingSpotClient, filters_query: str, live_ids, zone_name: str
) -> tuple[list[Live], list[str]]:
    """The lives of the set with their metrics, from the lives list: one call per 100
    matching lives (the API has no id filter, so picked lives are found in the list)."""
    filters, notes = live_filters_from_query(filters_query, _zone(zone_name))
    wanted = set(live_ids)
    lives: list[Live] = []
    for live in client.lives.iter_all(filters):
        if wanted and live.id not in wanted:
            continue
        lives.append(live)
        if wanted and len(lives) == len(wanted):
            break  # every picked live found: no need to read further pages
        if len(lives) >= MAX_LIVES:
            notes.append(f"Only the first {MAX_LIVES} lives are taken at once.")
            break
    missing = len(wanted) - len(lives) if wanted else 0
    if missing > 0:
        notes.append(
            f"{missing} picked live{'s are' if missing != 1 else ' is'} no longer on "
            "MeltingSpot (or no longer match the filters): left out."
        )
    return lives, notes
