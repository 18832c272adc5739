"""Create and update forms → the exact JSON bodies (seconds; fields that do not apply omitted)."""

import datetime as dt
import zoneinfo

import pytest

from lives_admin.forms.lives import LiveCreateForm, LiveEditForm, initial_from_live
from lives_admin.meltingspot import Live

BASE = {
    "title": " Onboarding ",
    "host_id": "member-1",
    "description": "Welcome **all**",
    "start": "2026-03-01T10:00",
    "end": "2026-03-01T11:30",
    "timezone": "Europe/Paris",
    "visibility": "OnlySpotMembers",
    "participation": "AnySpotMembers",
    "chat_visibility": "Display",
    "participants_visibility": "Hidden",
}
START = 1772355600  # 2026-03-01 10:00 Paris (UTC+1)
END = START + 90 * 60


def create_body(**changes):
    form = LiveCreateForm({**BASE, **changes})
    assert form.is_valid(), form.errors
    return form.to_create().to_body()


def test_a_youtube_live_sends_its_url_and_nothing_built_in():
    body = create_body(
        solution="Youtube",
        video_url="https://www.youtube.com/watch?v=x",
        built_in_type="Workshop",
        record="on",
    )
    assert body == {
        "title": "Onboarding",
        "description": "Welcome **all**",
        "startDate": START,
        "endDate": END,
        "solution": "Youtube",
        "videoUrl": "https://www.youtube.com/watch?v=x",
        "chatVisibility": "Display",
        "participantsVisibility": "Hidden",
        "visibility": "OnlySpotMembers",
        "participation": "AnySpotMembers",
        "spotMemberHostId": "member-1",
    }


def test_a_built_in_live_sends_its_type_and_recording_but_no_url():
    body = create_body(
        solution="BuiltIn", built_in_type="Conference", record="on", video_url="https://vimeo.com/1"
    )
    assert body["builtInType"] == "Conference"
    assert body["record"] is True
    assert "videoUrl" not in body


def test_a_live_without_video_sends_none_of_the_solution_fields():
    body = create_body(solution="NoSolution", description="")
    assert set(body) == {
        "title", "startDate", "endDate", "solution", "chatVisibility",
        "participantsVisibility", "visibility", "participation", "spotMemberHostId",
    }  # fmt: skip


def test_the_timezone_picker_decides_the_instant():
    body = create_body(solution="NoSolution", timezone="America/New_York")
    assert body["startDate"] == START + 6 * 3600


def test_a_secret_live_is_on_invitation_only():
    body = create_body(solution="NoSolution", visibility="InvitedMembersOnly")
    assert body["participation"] == "InvitedMembersOnly"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"solution": "NoSolution", "end": "2026-03-01T09:00"}, "end", "must end after"),
        ({"solution": "Youtube"}, "video_url", "needs its URL"),
        ({"solution": "Youtube", "video_url": "https://vimeo.com/1"}, "video_url", "not a YouTube"),
        (
            {"solution": "Vimeo", "video_url": "https://evil.example/vimeo.com"},
            "video_url",
            "not a Vimeo",
        ),
        ({"solution": "BuiltIn"}, "built_in_type", "workshop or conference"),
        ({"solution": "NoSolution", "start": "tomorrow"}, "start", "valid date"),
        ({"solution": "NoSolution", "title": ""}, "title", "required"),
    ],
)
def test_validation_errors_land_on_their_field(changes, field, message):
    form = LiveCreateForm({**BASE, **changes})
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_the_update_sends_the_full_set_including_replay_fields():
    form = LiveEditForm(
        {
            **BASE,
            "solution": "BuiltIn",
            "built_in_type": "Workshop",
            "record_available": "on",
            "replay_video_url": "https://cdn.example/r.mp4",
        }
    )
    assert form.is_valid(), form.errors
    assert form.to_update().to_body() == {
        "title": "Onboarding",
        "description": "Welcome **all**",
        "startDate": START,
        "endDate": END,
        "solution": "BuiltIn",
        "builtInType": "Workshop",
        "record": False,
        "chatVisibility": "Display",
        "participantsVisibility": "Hidden",
        "visibility": "OnlySpotMembers",
        "participation": "AnySpotMembers",
        "recordAvailable": True,
        "replayVideoUrl": "https://cdn.example/r.mp4",
    }


def test_the_edit_form_is_prefilled_from_the_live_in_the_organisers_zone():
    live = Live.from_api({
        "id": "L1", "title": "T", "startDate": "2026-07-01T08:00:00Z",
        "endDate": "2026-07-01T09:00:00.000Z", "metrics": {}, "solution": "Vimeo",
        "videoUrl": "https://vimeo.com/2",
        "description": [{"type": "p", "children": [{"text": "Hi"}]}],
        "privacy": {"visibility": "AnyOne", "participation": "AnySpotMembers"},
        "config": {"chatVisibility": "Hidden", "participantsVisibility": "Ended"},
    })  # fmt: skip
    initial = initial_from_live(live, zoneinfo.ZoneInfo("Europe/Paris"))
    assert initial["start"] == dt.datetime(2026, 7, 1, 10, 0)
    assert initial["description"] == "Hi"
    assert initial["chat_visibility"] == "Hidden"
    assert initial["participants_visibility"] == "Display"  # docs/api.md, O3
    assert initial["video_url"] == "https://vimeo.com/2"
