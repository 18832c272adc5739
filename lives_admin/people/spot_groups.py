"""Which of some group ids are groups of the Spot, as MeltingSpot lists them now.

A group id a form posts may be forged, or the group deleted since the page was shown:
sent as is, MeltingSpot answers 404 for the whole write. The API has no read of one group
and no id filter on `GET /v1/groups` (docs/api.md, Groups): the groups are listed, 100 a page,
and the listing stops as soon as every id asked about is found.
"""

from __future__ import annotations

from collections.abc import Iterable

from lives_admin.meltingspot import Group
from lives_admin.meltingspot.ids import is_id
from lives_admin.upstream import get_client


def existing(group_ids: Iterable[str]) -> dict[str, Group]:
    """The groups among `group_ids` that the Spot has, by id (MeltingSpotError if the
    listing fails). What cannot be an id is never asked about, so never found."""
    wanted = {group_id for group_id in group_ids if is_id(group_id)}
    found: dict[str, Group] = {}
    if not wanted:
        return found
    for group in get_client().groups.iter_all():
        if group.id in wanted:
            found[group.id] = group
            if len(found) == len(wanted):
                break
    return found


# Counted before a link: more ticked groups than this are not counted one by one.
MAX_COUNTED = 20


def member_counts(group_ids: Iterable[str]) -> dict[str, int]:
    """Group id → how many members it has, one bounded call each (limit=1: only the
    list's total is read), for at most MAX_COUNTED groups (MeltingSpotError if a call
    fails). What cannot be an id is not asked about."""
    wanted = [group_id for group_id in dict.fromkeys(group_ids) if is_id(group_id)]
    client = get_client()
    return {
        group_id: client.groups.members(group_id, limit=1).total
        for group_id in wanted[:MAX_COUNTED]
    }
