"""Which of some group ids are groups of the Spot, as MeltingSpot lists them now.

A group id a form posts may be forged, or the group deleted since the page was shown:
sent as is, MeltingSpot answers 404 for the whole write. The API has no read of one group
and no id filter on `GET /v1/groups` (§4.4), so the Spot's groups are listed, 100 a page,
and the listing stops as soon as every id asked about is found.
"""

from __future__ import annotations

from collections.abc import Iterable

from lives_admin.meltingspot import Group, get_client
from lives_admin.meltingspot.ids import is_id


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
