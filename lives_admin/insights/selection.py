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
    client: MeltingSpotClient,
    filters_query: str,
    live_ids,
    zone_name: str,
    known_titles: dict[str, str] | None = None,
) -> tuple[list[Live], list[str]]:
    """The lives of the set with their metrics, from the lives list (one call per 100).

    A picked set is exactly its ids, whatever the filters say now: a live picked under
    "Planned" stays in the set once it has ended. Every matching live otherwise."""
    if live_ids:
        return _picked_lives(client, live_ids, known_titles or {})
    return _matching_lives(client, filters_query, zone_name)


def _picked_lives(client, live_ids, known_titles) -> tuple[list[Live], list[str]]:
    # The API has no id filter (reference §3.1): walk the unfiltered list, and stop as soon
    # as every picked live is found, so an unknown id costs at most the whole walk.
    wanted = list(dict.fromkeys(live_ids))[:MAX_LIVES]
    found: dict[str, Live] = {}
    for live in client.lives.iter_all():
        if live.id in wanted and live.id not in found:
            found[live.id] = live
            if len(found) == len(wanted):
                break
    missing = [live_id for live_id in wanted if live_id not in found]
    notes = [_missing_note(missing, known_titles)] if missing else []
    return list(found.values()), notes


def _missing_note(missing: list[str], known_titles: dict[str, str]) -> str:
    names = ", ".join(
        f"“{known_titles[live_id]}” ({live_id})" if live_id in known_titles else live_id
        for live_id in missing
    )
    if len(missing) == 1:
        return f"A picked live no longer exists on MeltingSpot and is left out: {names}."
    return f"{len(missing)} picked lives no longer exist on MeltingSpot and are left out: {names}."


def _matching_lives(client, filters_query: str, zone_name: str) -> tuple[list[Live], list[str]]:
    filters, notes = live_filters_from_query(filters_query, _zone(zone_name))
    lives: dict[str, Live] = {}
    for live in client.lives.iter_all(filters):
        if live.id in lives:
            continue  # a list that shifts during the walk can give a live twice
        if len(lives) >= MAX_LIVES:
            notes.append(f"Only the first {MAX_LIVES} lives are taken at once.")
            break
        lives[live.id] = live
    return list(lives.values()), notes
