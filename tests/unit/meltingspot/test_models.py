"""Models from the seed page's example payloads, odd values included (docs/api.md, D16)."""

from datetime import UTC, datetime

from lives_admin.meltingspot import Live, LiveUpdate, Participant, SpotMember
from lives_admin.meltingspot.richtext import (
    rich_text_to_html,
    rich_text_to_markdown,
    rich_text_to_plain,
)
from tests.payloads import EXAMPLE_LIVE

# Where the API grew since the seed page: a field nobody knows is ignored.
SEED_LIVE = EXAMPLE_LIVE | {"somethingNew": {"the": "API grew"}}


def test_the_seed_live_reads_with_its_oddities():
    live = Live.from_api(SEED_LIVE)
    assert live.start_date == datetime(2025, 6, 26, 8, 58, 46, 812000, tzinfo=UTC)
    assert live.end_date == datetime(2025, 5, 4, 9, 42, tzinfo=UTC)
    assert live.video_url is None  # printed as {}
    assert live.replay_video_url is None
    assert live.participants_visibility == "Ended"  # unknown value kept as is
    assert (live.is_recorded, live.record_available) == (True, True)
    assert live.videos[0].encoding == "hls"
    assert live.metrics.attendance_rate == 1
    assert live.description_markdown == "My new live"


def test_videos_as_a_list_and_missing_sections_are_fine():
    live = Live.from_api(
        {
            "id": "L",
            "title": "T",
            "metrics": {"invited": None},
            "builtInConfig": {"videos": [{"url": "a"}, {"url": "b"}], "replayVideo": {"url": "r"}},
            "videoUrl": "https://vimeo.com/1",
        }
    )
    assert [v.url for v in live.videos] == ["a", "b"]
    assert live.replay_video_url == "r"
    assert live.video_url == "https://vimeo.com/1"
    assert live.metrics.invited is None
    assert live.start_date is None and live.visibility is None


def test_a_full_update_keeps_every_field_of_the_live():
    live = Live.from_api({**SEED_LIVE, "solution": "BuiltIn", "videoUrl": None})
    update = LiveUpdate.from_live(live, title="New title")
    body = update.to_body()
    assert body["title"] == "New title"
    assert body["description"] == "My new live"
    assert (body["builtInType"], body["record"], body["recordAvailable"]) == (
        "Workshop",
        True,
        True,
    )
    assert body["visibility"] == "AnyOne" and body["participation"] == "AnySpotMembers"
    assert "participantsVisibility" not in body  # "Ended" is not a value one may send


def test_participant_names_printed_as_objects_become_none():
    person = Participant.from_api(
        {
            "id": "P",
            "liveId": "L",
            "spotMemberId": "M",
            "spotMemberEmail": "a@b.co",
            "spotMemberFirstname": {},
            "spotMemberLastname": None,
            "status": "Invited",
            "type": "Participant",
            "invitedAt": "2025-06-26T08:58:46.812Z",
            "registeredAt": None,
            "isHighlighted": False,
            "metrics": {"viewTime": 1, "hasReplayed": True, "hasParticipated": False},
        }
    )
    assert (person.first_name, person.last_name, person.display_name) == (None, None, "a@b.co")
    assert person.has_replayed and not person.has_participated
    assert person.registered_at is None


def test_spot_member_millisecond_timestamps():
    member = SpotMember.from_api(
        {
            "id": "M",
            "email": "a@b.co",
            "firstname": "Ada",
            "lastname": "L",
            "updatedAt": 1715095714000,
        }
    )
    assert member.updated_at == datetime(2024, 5, 7, 15, 28, 34, tzinfo=UTC)
    assert member.display_name == "Ada L"


def test_rich_text_rendering_is_safe_and_round_trips_to_markdown():
    nodes = [
        {"type": "h2", "children": [{"text": "Agenda"}]},
        {
            "type": "p",
            "children": [{"text": "<script>x</script> "}, {"text": "bold", "bold": True}],
        },
        {"type": "ul", "children": [{"type": "li", "children": [{"text": "one"}]}]},
        {
            "type": "p",
            "children": [
                {"type": "a", "url": "javascript:alert(1)", "children": [{"text": "bad"}]}
            ],
        },
        {
            "type": "p",
            "children": [{"type": "a", "url": "https://ok.example", "children": [{"text": "ok"}]}],
        },
        {"type": "mystery", "children": [{"text": "kept text"}]},
    ]
    html = rich_text_to_html(nodes)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>bold</strong>" in html
    assert "javascript:" not in html
    assert '<a href="https://ok.example" rel="nofollow noopener">ok</a>' in html
    assert "kept text" in html
    markdown = rich_text_to_markdown(nodes)
    assert markdown.startswith("## Agenda")
    assert "**bold**" in markdown and "- one" in markdown and "[ok](https://ok.example)" in markdown
    assert "kept text" in rich_text_to_plain(nodes)
