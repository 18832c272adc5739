"""Where the people of a bulk invite come from; each source gives a ParsedInput and a label.

The label is kept with the job and read later by anyone: it is stored in English and shown
in the reader's language (lives_admin/i18n/stored.py)."""

from __future__ import annotations

from dataclasses import replace

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lives_admin.i18n import stored_texts
from lives_admin.invites.parse import ParsedInput, Rejected, parse_pasted, parse_people
from lives_admin.meltingspot import ParticipantFilters
from lives_admin.people import members, spot_groups
from lives_admin.upstream import get_client

# Spot members picked by hand in one invitation: more is a list to paste or upload.
MAX_PICKED_MEMBERS = 100
AUDIENCE_PRESETS = {
    "no_shows": {"statuses": ("Accepted",), "has_participated": False},
    "attendees": {"has_participated": True},
    "replayed": {"has_replayed": True},
    "declined": {"statuses": ("Declined",)},
    "no_answer": {"statuses": ("Invited",)},
    "everyone": {},
}
AUDIENCE_LABELS = {
    "no_shows": _("the no-shows"),
    "attendees": _("the attendees"),
    "replayed": _("everyone who watched the replay"),
    "declined": _("the people who declined"),
    "no_answer": _("the people who never answered their invitation"),
    "everyone": _("everyone invited"),
}


def from_paste(text: str) -> tuple[ParsedInput, str]:
    parsed = parse_pasted(text)
    return parsed, stored_texts.PASTED_LIST(count=parsed.total_lines)


class SourceNotFound(LookupError):
    """What the form named as the source (a group) is not among those MeltingSpot has."""


def from_group(group_id: str) -> tuple[ParsedInput, str]:
    group = spot_groups.existing([group_id]).get(group_id)
    if group is None:
        # Only a group that exists: a forged id is never put in a path.
        raise SourceNotFound(group_id)
    people = (
        (m.email, m.first_name or "", m.last_name or "")
        for m in get_client().groups.iter_members(group_id)
    )
    return parse_people(people), stored_texts.GROUP_MEMBERS(name=group.name)


def from_members(member_ids: list[str]) -> tuple[ParsedInput, str]:
    """The members picked by hand (at most MAX_PICKED_MEMBERS, the form checks): those the
    picker's cache holds cost nothing, each other one a call by id."""
    member_ids = list(dict.fromkeys(member_ids))[:MAX_PICKED_MEMBERS]
    by_id = members.known(member_ids)
    for member_id in member_ids:
        if member_id not in by_id:
            member = members.get(member_id)
            if member is not None:
                by_id[member_id] = member
    picked = [by_id[i] for i in member_ids if i in by_id]
    people = ((m.email, m.first_name or "", m.last_name or "") for m in picked)
    parsed = parse_people(people)
    # A member who left the Spot since the page was shown is reported, not dropped.
    gone = [i for i in dict.fromkeys(member_ids) if i not in by_id]
    start = parsed.total_lines + 1
    missing = tuple(
        Rejected(start + n, member_id, "no longer a member of the Spot")
        for n, member_id in enumerate(gone)
    )
    parsed = replace(parsed, invalid=parsed.invalid + missing)
    return parsed, stored_texts.PICKED_MEMBERS(count=len(member_ids))


def from_live_audience(live_id: str, preset: str) -> tuple[ParsedInput, str]:
    client = get_client()
    live = client.lives.retrieve(live_id)
    filters = ParticipantFilters(**AUDIENCE_PRESETS.get(preset, {}))
    people = (
        (p.email, p.first_name or "", p.last_name or "")
        for p in client.participants.iter_all(live_id, filters)
    )
    with translation.override("en"):  # the msgid, which shown() translates for the reader
        audience = capfirst(str(AUDIENCE_LABELS.get(preset, _("the audience"))))
    label = stored_texts.LIVE_AUDIENCE(audience=audience, title=live.title)
    return parse_people(people), label


def from_insight_segment(snapshot_id: int, segment_name: str) -> tuple[ParsedInput, str]:
    """The people of a segment of stored insights (no API call: read from the snapshot)."""
    from lives_admin.insights.segments import ALL_SEGMENTS, people_of
    from lives_admin.models import InsightSnapshot

    snapshot = InsightSnapshot.objects.get(pk=snapshot_id)
    segment = ALL_SEGMENTS[segment_name]
    people = [(p.email, p.first_name, p.last_name) for p in people_of(snapshot, segment).iterator()]
    with translation.override("en"):
        title = str(segment.title)
    label = stored_texts.INSIGHT_SEGMENT(segment=title, count=len(people), insights=snapshot.label)
    return parse_people(people), label
