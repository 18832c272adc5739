"""Every method sends exactly the documented method, path, query and body."""

from datetime import UTC, datetime

import httpx
import pytest

from lives_admin.meltingspot import (
    GroupFilters,
    InvalidIdError,
    LiveCreate,
    LiveUpdate,
    ParticipantFilters,
    PayloadTooLargeError,
    SpeakerFilters,
    SpotMemberFilters,
)
from tests.unit.meltingspot.conftest import page

START = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
END = datetime(2026, 1, 15, 11, 30, tzinfo=UTC)


def sent(api):
    (request,) = api.sent
    return request.method, request.path, request.query, request.body


def test_base_url_trailing_slash_is_ignored_and_the_raw_key_is_sent(client, api):
    api.answers = [page([])]
    client.lives.list()
    assert str(api.sent[0].path) == "/v1/lives"
    assert api.sent[0].headers["Authorization"] == "secret-key-123"


def test_bearer_scheme_prefixes_the_key(make_client, api):
    api.answers = [page([])]
    make_client(auth_scheme="bearer").lives.list()
    assert api.sent[0].headers["Authorization"] == "Bearer secret-key-123"


def test_lives_list_sends_page_and_limit_always(client, api):
    api.answers = [page([])]
    client.lives.list(page=3, limit=50)
    assert sent(api) == ("GET", "/v1/lives", [("page", "3"), ("limit", "50")], None)


@pytest.mark.parametrize(
    ("call", "method", "path"),
    [
        (lambda c: c.lives.retrieve("L1"), "GET", "/v1/lives/L1"),
        (lambda c: c.lives.delete("L1"), "DELETE", "/v1/lives/L1"),
        (lambda c: c.live_groups.unlink("L1", "G1"), "DELETE", "/v1/lives/L1/groups/G1"),
        (lambda c: c.spot_members.retrieve("M1"), "GET", "/v1/spotMembers/M1"),
    ],
)
def test_single_item_operations(client, api, call, method, path):
    api.answers = [
        httpx.Response(200, json={"id": "x"}) if method == "GET" else httpx.Response(204)
    ]
    call(client)
    assert sent(api) == (method, path, [], None)


def test_an_id_that_could_change_the_path_is_refused_and_nothing_is_sent(client, api):
    with pytest.raises(InvalidIdError):
        client.lives.retrieve("a/../b")
    assert api.sent == []


def test_create_sends_the_documented_body(client, api):
    api.answers = [httpx.Response(201, json={"id": "new", "title": "T"})]
    live = client.lives.create(
        LiveCreate(
            title="T",
            start_date=START,
            end_date=END,
            solution="Youtube",
            video_url="https://youtu.be/x",
            built_in_type="Workshop",  # does not apply to Youtube: omitted
            record=True,  # idem
            spot_member_host_id="M1",
            visibility="OnlySpotMembers",
            chat_visibility="Display",
            participants_visibility="Ended",  # not a known value: omitted
        )
    )
    assert live.id == "new"
    assert sent(api) == (
        "POST",
        "/v1/lives",
        [],
        {
            "title": "T",
            "startDate": 1768471200,
            "endDate": 1768476600,
            "solution": "Youtube",
            "videoUrl": "https://youtu.be/x",
            "chatVisibility": "Display",
            "visibility": "OnlySpotMembers",
            "spotMemberHostId": "M1",
        },
    )


def test_update_sends_the_full_set(client, api):
    api.answers = [httpx.Response(200, json={"id": "L1"})]
    client.lives.update(
        "L1",
        LiveUpdate(
            title="T",
            start_date=START,
            end_date=END,
            solution="BuiltIn",
            built_in_type="Conference",
            record=True,
            record_available=False,
            replay_video_url="https://cdn.example/replay.m3u8",
            video_url="https://youtu.be/x",  # not for BuiltIn: omitted
            description="Hello **all**",
            participation="InvitedMembersOnly",
        ),
    )
    assert sent(api) == (
        "PUT",
        "/v1/lives/L1",
        [],
        {
            "title": "T",
            "startDate": 1768471200,
            "endDate": 1768476600,
            "solution": "BuiltIn",
            "description": "Hello **all**",
            "builtInType": "Conference",
            "record": True,
            "participation": "InvitedMembersOnly",
            "recordAvailable": False,
            "replayVideoUrl": "https://cdn.example/replay.m3u8",
        },
    )


def test_live_groups_operations(client, api):
    api.answers = [page([{"id": "G1", "name": "A"}]), httpx.Response(204), httpx.Response(204)]
    groups = client.live_groups.list("L1", page=2, limit=10)
    client.live_groups.link("L1", "G1", with_email_notification=True)
    client.live_groups.bulk_unlink("L1", ["G1", "G2"])
    assert [(s.method, s.path, s.query, s.body) for s in api.sent] == [
        ("GET", "/v1/lives/L1/groups", [("page", "2"), ("limit", "10")], None),
        (
            "POST",
            "/v1/lives/L1/groups~bulkAdd",
            [],
            {"groupIds": ["G1"], "withEmailNotification": True},
        ),
        ("POST", "/v1/lives/L1/groups~bulkRemove", [], {"groupIds": ["G1", "G2"]}),
    ]
    assert groups.items[0].name == "A"


def test_bulk_link(client, api):
    api.answers = [httpx.Response(204)]
    outcome = client.live_groups.bulk_link("L1", ["G1", "G2"])
    assert sent(api)[3] == {"groupIds": ["G1", "G2"], "withEmailNotification": False}
    assert (outcome.rejected, outcome.calls) == ((), 1)


def test_participants_invite_one_and_already_invited(client, api):
    api.answers = [
        httpx.Response(201, json={"id": "P1", "spotMemberEmail": "a@b.co", "status": "Invited"}),
        httpx.Response(200),
    ]
    first = client.participants.invite("L1", "a@b.co", with_email_notification=True)
    again = client.participants.invite("L1", "a@b.co", invited_by_spot_member_id="M9")
    assert (first.status, first.participant.email) == ("invited", "a@b.co")
    assert again.already_invited and again.participant is None
    assert [(s.path, s.body) for s in api.sent] == [
        ("/v1/lives/L1/participants", {"member": "a@b.co", "withEmailNotification": True}),
        (
            "/v1/lives/L1/participants",
            {"member": "a@b.co", "withEmailNotification": False, "invitedBySpotMemberId": "M9"},
        ),
    ]


def test_participants_bulk_invite_mixes_ids_and_emails(client, api):
    api.answers = [httpx.Response(200, json=[{"id": "P1", "spotMemberId": "M1"}])]
    outcome = client.participants.bulk_invite(
        "L1", spot_member_ids=["M1"], emails=["x@y.co"], with_email_notification=True
    )
    assert sent(api) == (
        "POST",
        "/v1/lives/L1/participants~bulkInvite",
        [],
        {
            "members": {"spotMemberIds": ["M1"], "emails": ["x@y.co"]},
            "withEmailNotification": True,
        },
    )
    assert [p.spot_member_id for p in outcome.participants] == ["M1"]


def test_speaker_invite_sends_a_member_object(client, api):
    api.answers = [httpx.Response(201, json={"id": "P1", "type": "Speaker"})]
    result = client.speakers.invite(
        "L1", email="s@x.co", first_name="Ada", biography="Bio", highlighted=True
    )
    assert result.status == "invited"
    assert sent(api)[1:] == (
        "/v1/lives/L1/speakers",
        [],
        {
            "member": {"email": "s@x.co", "firstName": "Ada", "biography": "Bio"},
            "highlighted": True,
            "grantHostRights": False,
            "withEmailNotification": False,
        },
    )


def test_speaker_member_and_bulk_use_bulk_invite_with_ids(client, api):
    api.answers = [httpx.Response(200, json=[]), httpx.Response(200, json=[])]
    client.speakers.invite_member("L1", "M1", grant_host_rights=True)
    client.speakers.bulk_invite("L1", ["M1", "M2"], with_email_notification=True)
    assert [(s.path, s.body) for s in api.sent] == [
        (
            "/v1/lives/L1/speakers~bulkInvite",
            {
                "spotMemberIds": ["M1"],
                "highlighted": False,
                "grantHostRights": True,
                "withEmailNotification": False,
            },
        ),
        (
            "/v1/lives/L1/speakers~bulkInvite",
            {
                "spotMemberIds": ["M1", "M2"],
                "highlighted": False,
                "grantHostRights": False,
                "withEmailNotification": True,
            },
        ),
    ]


def test_people_filters_on_participants_and_speakers(client, api):
    api.answers = [page([]), page([])]
    client.participants.list(
        "L1",
        ParticipantFilters(
            first_name_contains="an",
            email_eq="a@b.co",
            types=("Speaker", "Host"),
            statuses=("Accepted",),
            has_replayed=False,
        ),
        limit=100,
    )
    client.speakers.list(
        "L1", SpeakerFilters(last_name_eq="Doe", status="Invited", has_participated=True)
    )
    assert api.sent[0].query == [
        ("page", "1"),
        ("limit", "100"),
        ("firstname[contains]", "an"),
        ("email[eq]", "a@b.co"),
        ("type[in]", "Speaker,Host"),
        ("status[eq]", "Accepted"),
        ("hasReplayed[eq]", "false"),
    ]
    assert api.sent[1].path == "/v1/lives/L1/speakers"
    assert api.sent[1].query[2:] == [
        ("lastname[eq]", "Doe"),
        ("status[eq]", "Invited"),
        ("hasParticipated[eq]", "true"),
    ]


def test_groups_and_members_filters(client, api):
    api.answers = [page([]), page([]), page([])]
    client.groups.list(GroupFilters(name_contains="alu"))
    client.spot_members.list(
        SpotMemberFilters(emails=("a@b.co", "c@d.co"), registration_date_after=START)
    )
    client.groups.members("G1", limit=100)
    assert api.sent[0].query[2:] == [("name[contains]", "alu")]
    assert api.sent[1].query[2:] == [
        ("email[in]", "a@b.co,c@d.co"),
        ("registrationDate[after]", "1768471200"),
    ]
    assert api.sent[2].path == "/v1/groups/G1/spotMembers"


def test_a_page_reports_its_position(client, api):
    api.answers = [page([{"id": str(i)} for i in range(25)], total=60)]
    result = client.lives.list(page=2, limit=25)
    assert (result.total, result.page_count, result.has_next, result.has_previous) == (
        60,
        3,
        True,
        True,
    )
    assert (result.start_index, result.end_index) == (26, 50)


def test_iter_all_walks_pages_of_100_and_stops_at_total(client, api):
    api.answers = [
        page([{"id": str(i)} for i in range(100)], total=150),
        page([{"id": str(i)} for i in range(100, 150)], total=150),
    ]
    ids = [live.id for live in client.lives.iter_all()]
    assert len(ids) == 150
    assert [s.query[:2] for s in api.sent] == [
        [("page", "1"), ("limit", "100")],
        [("page", "2"), ("limit", "100")],
    ]


def test_iter_all_stops_on_an_empty_page_even_if_total_lies(client, api):
    api.answers = [page([{"id": str(i)} for i in range(100)], total=1000), page([], total=1000)]
    assert len(list(client.participants.iter_all("L1"))) == 100
    assert len(api.sent) == 2


def test_limits_outside_the_api_range_are_a_programming_error(client):
    with pytest.raises(ValueError):
        client.lives.list(limit=500)
    with pytest.raises(ValueError):
        client.lives.list(page=0)


def test_a_created_live_is_recorded_with_its_new_id(make_client, api, writes):
    api.answers = [httpx.Response(201, json={"id": "live-new", "title": "T"})]
    make_client().lives.create(
        LiveCreate(
            title="T",
            start_date=START,
            end_date=END,
            solution="Youtube",
            video_url="https://youtu.be/x",
            spot_member_host_id="M1",
        )
    )
    assert [(w.path, w.live_id, w.ok) for w in writes] == [("/v1/lives", "live-new", True)]


def test_the_key_never_shows_on_a_debug_page(make_client):
    import sys
    import uuid

    from django.test import RequestFactory
    from django.views.debug import ExceptionReporter

    key = "k-" + uuid.uuid4().hex  # made here, so no source line shown can hold it
    try:
        make_client(api_key=key, auth_scheme="Bearer")  # a mistyped setting fails in __init__
    except ValueError:
        reporter = ExceptionReporter(RequestFactory().get("/"), *sys.exc_info())
    # The test's own frames hold the key; the client's frame must not show it.
    frame = next(
        frame
        for frame in reporter.get_traceback_frames()
        if frame["function"] == "__init__" and frame["filename"].endswith("client.py")
    )
    shown = " ".join(str(value) for _name, value in frame["vars"])
    assert "auth_scheme" in {name for name, _value in frame["vars"]}
    assert key not in shown


def test_a_write_is_recorded_under_the_live_its_resource_names(client, api, writes):
    """The resource says which live a write is about; the client reads no path for it."""
    api.answers = [httpx.Response(204)]
    client.request("POST", "/v1/elsewhere", body={}, operation="x.y", live_id="L7")
    api.answers = [httpx.Response(201, json=[])]
    client.participants.invite("L8", "a@example.org")
    assert [(w.path, w.live_id) for w in writes] == [
        ("/v1/elsewhere", "L7"),
        ("/v1/lives/L8/participants", "L8"),
    ]


def test_one_member_invited_as_speaker_goes_through_the_bulk_invite(client, api, writes):
    api.answers = [httpx.Response(413, json={"message": "Payload Too Large"})]
    with pytest.raises(PayloadTooLargeError):
        client.speakers.invite_member("L1", "M1")
    (request,) = api.sent
    assert (request.method, request.path) == ("POST", "/v1/lives/L1/speakers~bulkInvite")
    assert [(w.operation, w.live_id, w.ok) for w in writes] == [
        ("speakers.invite_member", "L1", False)
    ]
