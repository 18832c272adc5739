"""Too much, or too long, sent to the people and picker views: a message where the
answer goes, nothing sent to MeltingSpot, never a 500 and never a silent cut."""

import pytest

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live003"


def writes(sandbox):
    return [r for r in sandbox.requests() if r["method"] != "GET"]


def test_more_than_1000_members_as_speakers_is_refused_whole(organiser_client, sandbox, settings):
    # Django's own cap (1000 fields) answers 400 first; the form's bound holds without it.
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
    sandbox.clear_requests()
    response = organiser_client.post(
        f"/lives/{LIVE}/speakers/invite-members/",
        {"spot_member_ids": [f"m{i}" for i in range(1001)]},
        headers={"HX-Request": "true", "HX-Target": "speakers-panel"},
    )
    assert response.status_code == 200
    assert "Tick at most 1000 members at a time (1001 were sent): nobody was invited." in (
        response.content.decode()
    )
    assert writes(sandbox) == []


def test_more_than_100_groups_ticked_is_refused_whole(organiser_client, sandbox):
    sandbox.clear_requests()
    html = organiser_client.post(
        f"/lives/{LIVE}/groups/link/", {"group_ids": [f"g{i}" for i in range(101)]}, **HTMX
    ).content.decode()
    assert "Tick at most 100 groups at a time (101 were ticked): nothing was linked." in html
    assert writes(sandbox) == []
    # Not one group was looked up: the panel and the live's title are the only reads.
    assert not [r for r in sandbox.requests() if r["path"] == "/v1/groups"]


def test_counting_more_than_100_groups_says_so(organiser_client, sandbox):
    sandbox.clear_requests()
    response = organiser_client.get(
        f"/lives/{LIVE}/groups/link/count/", {"group_ids": [f"g{i}" for i in range(101)]}
    )
    assert response.status_code == 200
    assert "Tick at most 100 groups at a time" in response.content.decode()
    assert sandbox.requests() == []


def test_a_group_search_too_long_says_so(organiser_client, sandbox):
    sandbox.clear_requests()
    response = organiser_client.get("/groups/search/", {"q": "a" * 101}, **HTMX)
    assert response.status_code == 200
    assert "Search with at most 100 characters." in response.content.decode()
    assert sandbox.requests() == []


def test_an_other_live_search_too_long_says_so(organiser_client, sandbox):
    sandbox.clear_requests()
    response = organiser_client.get("/invites/lives/", {"live_q": "a" * 101}, **HTMX)
    assert response.status_code == 200
    assert "Search with at most 100 characters." in response.content.decode()
    assert sandbox.requests() == []


def test_a_bad_groups_page_number_is_the_first_page(organiser_client, sandbox):
    sandbox.clear_requests()
    response = organiser_client.get(f"/lives/{LIVE}/groups/?page=99999999999999999999")
    assert response.status_code == 200
    asked = [r for r in sandbox.requests() if r["path"].endswith(f"/lives/{LIVE}/groups")]
    assert ["page", "1"] in asked[0]["query"]
