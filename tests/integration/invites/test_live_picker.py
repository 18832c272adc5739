"""Issue 15, item 9: the other-live audience picker searches the lives by title through
the API's filter (htmx as you type, or the plain form's Search button without JS)."""

from html import unescape

import pytest

from lives_admin.upstream import get_client
from tests.html import one, select, text_of, value_of
from tests.integration.lives.helpers import api_requests

pytestmark = pytest.mark.django_db
LIVE = "live003"


def radios(html: str) -> list[str]:
    return [radio["value"] for radio in select(html, "input[type=radio][name=other_live_id]")]


@pytest.fixture
def lives(sandbox):
    return list(get_client().lives.iter_all())


def test_typing_narrows_the_lives_through_the_title_filter(organiser_client, sandbox, lives):
    wanted = "critique"
    matching = {live.id for live in lives if wanted in live.title.lower()} - {LIVE}
    assert 0 < len(matching) < len(lives) - 1
    sandbox.clear_requests()

    answer = organiser_client.get(
        "/invites/lives/", {"live_q": wanted, "exclude": LIVE}, HTTP_HX_REQUEST="true"
    )

    html = unescape(answer.content.decode())
    assert set(radios(html)) == matching  # the live being invited to is left out
    assert "whose title contains “critique”" in html
    calls = api_requests(sandbox, "GET", "/v1/lives")
    assert any("title[contains]" in str(call) for call in calls)


def test_the_picked_live_stays_ticked_whatever_is_typed(organiser_client, lives):
    picked = next(live for live in lives if live.id != LIVE)
    answer = organiser_client.get(
        "/invites/lives/", {"live_q": "zzz-no-title", "other_live_id": picked.id}
    )
    html = answer.content.decode()
    assert radios(html) == [picked.id]
    assert f'value="{picked.id}" checked' in html


def test_without_javascript_the_search_button_lists_the_matches_and_keeps_the_form(
    organiser_client, lives
):
    page = organiser_client.post(
        f"/lives/{LIVE}/invite/",
        {
            "role": "participants",
            "source": "live",
            "pasted": "kept@example.org",
            "live_q": "critique",
            "find_live": "1",
            "audience": "attendees",
        },
    )

    assert page.status_code == 200  # the page again, no preview asked for
    html = unescape(page.content.decode())
    matching = {live.id for live in lives if "critique" in live.title.lower()} - {LIVE}
    assert set(radios(html)) == matching
    box = one(html, "#invite-live-search")
    assert (box["name"], box["type"], box["value"], box["maxlength"]) == (
        "live_q",
        "search",
        "critique",
        "100",
    )
    assert box["hx-get"].startswith("/invites/lives/?exclude=")
    assert box["aria-describedby"] == "invite-live-help" and not box.has_attr("aria-invalid")
    assert value_of(html, "textarea[name=pasted]").strip() == "kept@example.org"
    assert value_of(html, "select[name=audience]") == "attendees"
    assert "Pick the live" not in html  # not checked: it was only a search


def test_without_javascript_a_search_too_long_says_so(organiser_client, lives):
    page = organiser_client.post(
        f"/lives/{LIVE}/invite/",
        {"role": "participants", "source": "live", "live_q": "a" * 101, "find_live": "1"},
    )
    assert page.status_code == 200
    assert one(page, "#invite-live-search")["aria-invalid"] == "true"
    assert "Search with at most 100 characters." in text_of(page, ".errorlist")
