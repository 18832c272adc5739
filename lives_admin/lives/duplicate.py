"""Duplicating a live: create each copy, then link the same groups and invite the same speakers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext

from lives_admin.i18n.formats import day
from lives_admin.lives.index import record_live
from lives_admin.lives.schedule import occurrences
from lives_admin.meltingspot import (
    APITimeoutError,
    Live,
    LiveCreate,
    MeltingSpotError,
    ParticipantFilters,
)


@dataclass
class DuplicateOutcome:
    created: list[Live] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def current_host_id(client, live_id: str) -> str | None:
    """docs/api.md, D17: the host is the participant of type Host."""
    page = client.participants.list(live_id, ParticipantFilters(types=("Host",)), page=1, limit=1)
    return page.items[0].spot_member_id if page.items else None


def duplicate_live(
    client,
    source_id: str,
    template: LiveCreate,
    *,
    repeat: str,
    count: int,
    copy_groups: bool,
    copy_speakers: bool,
) -> DuplicateOutcome:
    """Create the copies in date order. The first create's 400 is raised (it lands on the
    form); later failures are collected so the organiser learns what exists."""
    group_ids: list[str] = []
    speakers = []
    if copy_groups:
        group_ids = [group.id for group in client.live_groups.iter_all(source_id)]
    if copy_speakers:
        speakers = [
            s
            for s in client.speakers.iter_all(source_id)
            if s.spot_member_id != template.spot_member_host_id
        ]
    outcome = DuplicateOutcome()
    for index, (start, end) in enumerate(
        occurrences(template.start_date, template.end_date, repeat, count)
    ):
        try:
            live = client.lives.create(replace(template, start_date=start, end_date=end))
        except MeltingSpotError as error:
            if index == 0:
                raise
            outcome.problems.append(_copy_not_created(start, error))
            continue
        outcome.created.append(live)
        record_live(live)  # sorted and searched lists show it at once
        try:
            refused = client.live_groups.bulk_link(live.id, group_ids).rejected if group_ids else ()
            refused += _invite_speakers(client, live.id, speakers)
            if refused:
                outcome.problems.append(
                    gettext(
                        "“%(title)s” on %(day)s: MeltingSpot refused %(count)s group(s) or "
                        "speaker(s) when copying them."
                    )
                    % {"title": live.title, "day": day(start), "count": len(refused)}
                )
        except MeltingSpotError as error:
            outcome.problems.append(
                gettext("“%(title)s” on %(day)s: groups or speakers not copied (%(reason)s).")
                % {
                    "title": live.title,
                    "day": day(start),
                    "reason": error.message or type(error).__name__,
                }
            )
    return outcome


def _copy_not_created(start, error: MeltingSpotError) -> str:
    if isinstance(error, APITimeoutError):
        # The answer was lost, not necessarily the live: creating it again could make two.
        return gettext(
            "The copy on %(day)s may have been created: MeltingSpot took too long to answer. "
            "Check the lives before creating it again."
        ) % {"day": day(start)}
    return gettext("The copy on %(day)s was not created: %(reason)s") % {
        "day": day(start),
        "reason": error.message,
    }


def _invite_speakers(client, live_id: str, speakers) -> tuple[str, ...]:
    """One bulk call per combination of flags (the bulk body carries one set of flags);
    returns the member ids MeltingSpot refused."""
    by_flags: dict[tuple[bool, bool], list[str]] = {}
    for speaker in speakers:
        key = (speaker.is_highlighted, speaker.type == "Host")
        by_flags.setdefault(key, []).append(speaker.spot_member_id)
    refused: tuple[str, ...] = ()
    for (highlighted, host_rights), ids in by_flags.items():
        refused += client.speakers.bulk_invite(
            live_id, ids, highlighted=highlighted, grant_host_rights=host_rights
        ).rejected
    return refused
