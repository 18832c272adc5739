"""The set of lives of an insight: the lives list's selection ("these rows" or "all N
matching"), read the same way as the list's bulk actions (views/cross_lives.py)."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext, ngettext

from lives_admin.i18n import stored_texts as texts
from lives_admin.i18n.formats import number
from lives_admin.i18n.phrases import quoted
from lives_admin.lives.list_state import list_state_from_query, live_filters_from_query
from lives_admin.meltingspot import Live, MeltingSpotClient, NotFoundError
from lives_admin.meltingspot.ids import is_id

MAX_LIVES = 200  # as the cross-live bulk actions
# Picked lives the filtered list no longer gives: up to this many are read one call each;
# more are looked for in the whole list (100 a call).
RETRIEVE_ALONE_MAX = 10


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
    # Only what can be a live's id: the snapshot's rows link to each live's page.
    chosen = tuple(dict.fromkeys(i for i in post.getlist("selected") if is_id(i)))
    across = post.get("select_across") == "1"
    if not across and not chosen:
        return None
    live_ids = () if across else chosen
    return LiveSet(filters_query=state.query, live_ids=live_ids, label=_label(state, live_ids))


def label_of(filters_query: str, live_ids, zone_name: str) -> str:
    """A set's name in the active language, from what it stores (its name was written in
    its creator's language)."""
    return _label(list_state_from_query(QueryDict(filters_query), _zone(zone_name)), live_ids)


def _label(state, live_ids) -> str:
    if live_ids:
        count = len(live_ids)
        return ngettext("%(count)s live picked", "%(count)s lives picked", count) % {
            "count": number(count)
        }
    return _matching_label(state)


def _matching_label(state) -> str:
    """ "Lives whose title contains “prise” (Status: Ended)": a noun phrase, so it reads
    well inside a sentence ("Based on the insights …") and in French needs no "à le"."""
    data = state.form.cleaned_data if state.form.is_valid() else {}
    title = (data.get("title") or "").strip()
    chips = [chip.label for chip in state.chips]
    if title:
        said = (
            gettext("Lives whose title is %(title)s")
            if data.get("match") == "exact"
            else gettext("Lives whose title contains %(title)s")
        )
        lives, chips = said % {"title": quoted(title)}, chips[1:]  # the title's chip is first
    else:
        lives = gettext("Every live")
    if not chips:
        return lives
    return gettext("%(lives)s (%(filters)s)") % {"lives": lives, "filters": " · ".join(chips)}


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
        return _picked_lives(client, filters_query, zone_name, live_ids, known_titles or {})
    return _matching_lives(client, filters_query, zone_name)


def _picked_lives(
    client, filters_query: str, zone_name: str, live_ids, known_titles
) -> tuple[list[Live], list[str]]:
    # The API has no id filter (docs/api.md, Lives list). The lives were picked under the list's
    # filters, so that walk usually finds them all in a page or two; one that no longer
    # matches (a Planned live that has ended) is read alone, or, when many no longer
    # match, found by walking the whole list. Either way the walks stop once all are found.
    wanted = list(dict.fromkeys(live_ids))[:MAX_LIVES]
    filters, _ = live_filters_from_query(filters_query, _zone(zone_name))
    found = _find_in_list(client, filters, wanted)
    unmatched = [live_id for live_id in wanted if live_id not in found]
    if len(unmatched) > RETRIEVE_ALONE_MAX:
        found |= _find_in_list(client, None, unmatched)
    else:
        found |= _retrieve_each(client, unmatched)
    missing = [live_id for live_id in wanted if live_id not in found]
    notes = [_missing_note(missing, known_titles)] if missing else []
    return [found[live_id] for live_id in wanted if live_id in found], notes


def _find_in_list(client, filters, wanted: list[str]) -> dict[str, Live]:
    if not wanted:
        return {}
    wanted_ids, found = set(wanted), {}
    for live in client.lives.iter_all(filters):
        if live.id in wanted_ids:
            found[live.id] = live
            if len(found) == len(wanted_ids):
                break
    return found


def _retrieve_each(client, live_ids: list[str]) -> dict[str, Live]:
    found = {}
    for live_id in live_ids:
        try:
            found[live_id] = client.lives.retrieve(live_id)
        except NotFoundError:
            continue  # named as missing by the caller
    return found


def _missing_note(missing: list[str], known_titles: dict[str, str]) -> str:
    names = ", ".join(
        f"“{known_titles[live_id]}” ({live_id})" if live_id in known_titles else live_id
        for live_id in missing
    )
    # Stored with the insight, read later in each reader's language: kept in English.
    return texts.PICKED_LIVES_GONE(count=len(missing), names=names)


def _matching_lives(client, filters_query: str, zone_name: str) -> tuple[list[Live], list[str]]:
    filters, notes = live_filters_from_query(filters_query, _zone(zone_name))
    lives: dict[str, Live] = {}
    for live in client.lives.iter_all(filters):
        if live.id in lives:
            continue  # a list that shifts during the walk can give a live twice
        if len(lives) >= MAX_LIVES:
            notes.append(texts.FIRST_LIVES_ONLY(count=MAX_LIVES))
            break
        lives[live.id] = live
    return list(lives.values()), notes
