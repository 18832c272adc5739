"""The member and group pickers' search boxes are their search forms' `q`: the box
stops where the search does (maxlength), and a query the search refuses says why."""

import pytest

from tests.html import one, text_of

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live003"


def box(page, css):
    found = one(page, css)
    assert (found["name"], found["type"]) == ("q", "search"), found
    return found


def test_the_speaker_pickers_boxes(organiser_client, sandbox):
    page = organiser_client.get(f"/lives/{LIVE}/speakers/", HTTP_HX_TARGET="speakers-panel", **HTMX)
    one_speaker = box(page, f"#speaker-search-{LIVE}")
    several = box(page, f"#speakers-bulk-{LIVE}")
    for found in (one_speaker, several):
        assert found["maxlength"] == "100" and found["hx-get"].startswith("/members/search/")
        assert found.has_attr("data-search") and found["autocomplete"] == "off"
    assert one_speaker["aria-controls"] == f"speaker-results-{LIVE}"
    assert several["hx-target"] == f"#speakers-bulk-results-{LIVE}"
    assert not one_speaker.has_attr("value") and not several.has_attr("value")


def test_the_speaker_search_is_kept_when_the_form_comes_back(organiser_client, sandbox):
    page = organiser_client.post(
        f"/lives/{LIVE}/speakers/invite/", {"mode": "member", "q": "Ada"}, **HTMX
    )
    assert box(page, f"#speaker-search-{LIVE}")["value"] == "Ada"
    assert not one(page, f"#speakers-bulk-{LIVE}").has_attr("value")


def test_the_invite_wizards_picker_boxes(organiser_client, sandbox):
    page = organiser_client.get(f"/lives/{LIVE}/invite/")
    groups = box(page, "#invite-group-search")
    members = box(page, "#invite-member-search")
    assert groups["maxlength"] == "100" and groups["hx-get"] == "/groups/search/?pick=one"
    assert members["maxlength"] == "100"
    assert members["hx-get"] == "/members/search/?field=spot_member_ids&multiple=1"


def test_a_member_search_too_long_says_so(organiser_client, sandbox):
    page = organiser_client.get("/members/search/", {"q": "a" * 101}, **HTMX)
    assert page.status_code == 200
    assert "Search with at most 100 characters." in text_of(page)
