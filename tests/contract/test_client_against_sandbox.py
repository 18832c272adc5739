"""The real client against the sandbox over real HTTP: every operation the dashboard uses.

A drift between what the client sends and what docs/api.md (and so the sandbox)
accepts fails here: the sandbox validates strictly and answers 400 to anything else.
"""

from datetime import UTC, datetime, timedelta

import pytest

from lives_admin.meltingspot import (
    BadRequestError,
    GroupFilters,
    LiveCreate,
    LiveFilters,
    LiveUpdate,
    MetricRange,
    NotFoundError,
    ParticipantFilters,
    SpeakerFilters,
    SpotMemberFilters,
)
from lives_admin.upstream import get_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(sandbox):
    return get_client()


@pytest.fixture
def host(client):
    return client.spot_members.list(limit=1).items[0]


def _new_live(client, host, **overrides):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    values = {
        "title": "Contract test live",
        "start_date": start,
        "end_date": start + timedelta(hours=1),
        "solution": "Youtube",
        "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "description": "First paragraph.\n\nSecond **bold** paragraph.",
        "spot_member_host_id": host.id,
        "visibility": "OnlySpotMembers",
        "participation": "AnySpotMembers",
        "chat_visibility": "Display",
        "participants_visibility": "Hidden",
    }
    values.update(overrides)
    return client.lives.create(LiveCreate(**values))


def test_every_live_filter_is_accepted_and_applied(client):
    everything = client.lives.list(limit=100)
    assert everything.total >= 50
    filters = LiveFilters(
        title_contains="a",
        status="Ended",
        start_date_lt=datetime.now(UTC),
        start_date_gte=datetime(2000, 1, 1, tzinfo=UTC),
        solutions=("Youtube", "BuiltIn"),
        replay=True,
        metrics={name: MetricRange(gte=0) for name in ("invited", "registrant", "attendee")},
    )
    page = client.lives.list(filters, limit=100)
    assert page.total <= everything.total
    for live in page.items:
        assert "a" in live.title.lower()
        assert live.solution in ("Youtube", "BuiltIn")
        assert live.computed_status == "Ended" or live.status == "Ended"
    built_in = client.lives.list(LiveFilters(built_in_types=("Workshop",)), limit=100)
    assert built_in.items and all(live.built_in_type == "Workshop" for live in built_in.items)


def test_iter_all_walks_every_live_once(client):
    ids = [live.id for live in client.lives.iter_all()]
    assert len(ids) == len(set(ids)) == client.lives.list(limit=1).total


def test_create_retrieve_update_delete_round_trip(client, host):
    live = _new_live(client, host)
    assert live.title == "Contract test live"
    assert live.video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    fetched = client.lives.retrieve(live.id)
    assert fetched.description_markdown.startswith("First paragraph.")

    updated = client.lives.update(live.id, LiveUpdate.from_live(fetched, title="Renamed"))
    assert updated.title == "Renamed"
    # The full update kept what the organiser did not touch (docs/api.md, D6).
    assert updated.video_url == fetched.video_url
    assert updated.participants_visibility == "Hidden"
    assert updated.visibility == "OnlySpotMembers"

    client.lives.delete(live.id)
    with pytest.raises(NotFoundError):
        client.lives.retrieve(live.id)


def test_a_built_in_live_sends_type_and_recording(client, host):
    live = _new_live(
        client, host, solution="BuiltIn", video_url=None, built_in_type="Conference", record=True
    )
    assert (live.built_in_type, live.is_recorded) == ("Conference", True)
    updated = client.lives.update(
        live.id, LiveUpdate.from_live(live, record_available=True, built_in_type="Workshop")
    )
    assert (updated.built_in_type, updated.record_available) == ("Workshop", True)


def test_a_bad_live_is_refused_with_meltingspots_message(client, host):
    start = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(BadRequestError) as refused:
        _new_live(client, host, start_date=start, end_date=start - timedelta(hours=1))
    assert refused.value.status_code == 400
    assert refused.value.message


def test_groups_link_list_and_unlink(client):
    live = client.lives.list(limit=1).items[0]
    groups = client.groups.list(limit=3).items
    before = {g.id for g in client.live_groups.iter_all(live.id)}
    outcome = client.live_groups.bulk_link(live.id, [g.id for g in groups])
    assert not outcome.rejected
    linked = {g.id for g in client.live_groups.iter_all(live.id)}
    assert {g.id for g in groups} <= linked
    client.live_groups.unlink(live.id, groups[0].id)
    client.live_groups.bulk_unlink(live.id, [g.id for g in groups[1:]])
    after = {g.id for g in client.live_groups.iter_all(live.id)}
    assert not ({g.id for g in groups} & after)
    assert after == before - {g.id for g in groups}
    client.live_groups.link(live.id, groups[0].id)
    assert groups[0].id in {g.id for g in client.live_groups.iter_all(live.id)}


def test_group_name_filters(client):
    group = client.groups.list(limit=1).items[0]
    exact = client.groups.list(GroupFilters(name_eq=group.name))
    assert [g.id for g in exact.items] == [group.id]
    part = group.name[1:4]
    assert group.id in {g.id for g in client.groups.iter_all(GroupFilters(name_contains=part))}


def test_participants_filters_invites_and_already_invited(client):
    live = _new_live(client, client.spot_members.list(limit=1).items[0])
    first = client.participants.invite(live.id, "new.person@example.org")
    assert first.status == "invited"
    again = client.participants.invite(live.id, "new.person@example.org")
    assert again.already_invited
    found = client.participants.list(
        live.id, ParticipantFilters(email_contains="new.person", statuses=("Invited",))
    )
    assert [p.email for p in found.items] == ["new.person@example.org"]

    members = client.spot_members.list(limit=5).items
    outcome = client.participants.bulk_invite(
        live.id, spot_member_ids=[m.id for m in members[1:3]], emails=["bulk@example.org"]
    )
    invited = {p.email for p in outcome.participants}
    assert {"bulk@example.org", members[1].email, members[2].email} <= invited
    several = client.participants.list(
        live.id, ParticipantFilters(types=("Participant", "Host"), statuses=("Invited", "Accepted"))
    )
    assert several.total >= 4


def test_speakers_invite_by_object_and_by_member(client):
    members = client.spot_members.list(limit=3).items
    live = _new_live(client, members[0])
    result = client.speakers.invite(
        live.id,
        email="speaker@example.org",
        first_name="Ada",
        last_name="Lovelace",
        title="Engineer",
        highlighted=True,
    )
    assert result.status == "invited"
    client.speakers.invite_member(live.id, members[1].id, grant_host_rights=False)
    speakers = client.speakers.list(live.id, SpeakerFilters(first_name_eq="Ada"))
    assert [s.email for s in speakers.items] == ["speaker@example.org"]
    assert speakers.items[0].is_highlighted
    everyone = {s.spot_member_id for s in client.speakers.iter_all(live.id)}
    assert members[1].id in everyone


def test_spot_members_by_email_and_by_id(client):
    member = client.spot_members.list(limit=1).items[0]
    found = client.spot_members.list(SpotMemberFilters(emails=(member.email,)))
    assert [m.id for m in found.items] == [member.id]
    assert client.spot_members.retrieve(member.id).email == member.email
    with pytest.raises(NotFoundError):
        client.spot_members.retrieve("no-such-member")


def test_a_group_s_members_are_listed(client):
    group = client.groups.list(limit=1).items[0]
    members = list(client.groups.iter_members(group.id))
    assert members
    assert client.groups.members(group.id, limit=1).total == len(members)


def test_413_splits_a_bulk_invite_until_it_fits(client, sandbox):
    live = _new_live(client, client.spot_members.list(limit=1).items[0])
    sandbox.configure(max_bulk_items=7)
    emails = [f"split{i}@example.org" for i in range(30)]
    outcome = client.participants.bulk_invite(live.id, emails=emails)
    assert not outcome.rejected
    assert {p.email for p in outcome.participants} >= set(emails)
    assert outcome.calls > 1
