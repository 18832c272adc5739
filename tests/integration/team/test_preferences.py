"""Each person's timezone: picked on the Preferences page, used wherever dates are shown
or typed (the live's page, the list, its date filters, the live form)."""

import datetime as dt
import json
import zoneinfo

import pytest

from lives_admin.models import UserPreference
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import a_host, api_requests, live_form_data, text

pytestmark = pytest.mark.django_db
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def saved_zone(user) -> str | None:
    preference = UserPreference.objects.filter(user=user).first()
    return preference.timezone if preference else None


def test_the_page_says_which_timezone_applies_and_offers_every_name(viewer_client):
    viewer_client.cookies["tz"] = "America/New_York"
    page = viewer_client.get("/me/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Dates are shown in America/New_York (your browser's timezone)" in text(page)
    assert '<option value="Pacific/Auckland">' in html and 'list="timezone-names"' in html
    assert "Use my browser's timezone (America/New_York)" in text(page)
    assert 'href="/me/"' in html  # the user menu's link


def test_saving_a_timezone_wins_over_the_browser(viewer, viewer_client):
    viewer_client.cookies["tz"] = "America/New_York"
    response = viewer_client.post("/me/", {"timezone": " asia/tokyo "}, follow=True)
    assert saved_zone(viewer) == "Asia/Tokyo"
    assert "Dates are now shown and entered in Asia/Tokyo." in text(response)
    assert "Dates are shown in Asia/Tokyo (your saved choice)" in text(response)
    assert 'value="Asia/Tokyo"' in response.content.decode()


def test_an_unknown_timezone_is_refused_next_to_the_field(viewer, viewer_client):
    UserPreference.objects.create(user=viewer, timezone="Europe/Paris")
    response = viewer_client.post("/me/", {"timezone": "Atlantis"})
    assert response.status_code == 200
    assert "“Atlantis” is not a timezone name. Pick one from the list" in text(response)
    html = response.content.decode()
    assert 'value="Atlantis"' in html and "has-error" in html
    assert saved_zone(viewer) == "Europe/Paris"


@pytest.mark.parametrize(
    "typed, zone",
    [
        ("Paris", "Europe/Paris"),
        ("New_York", "America/New_York"),
        ("new york", "America/New_York"),
        ("Sao Paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
    ],
)
def test_a_city_the_hint_suggests_is_its_timezone(viewer, viewer_client, typed, zone):
    """Outside finding: the hint says "e.g. Paris or New_York", and "Paris" was refused."""
    response = viewer_client.post("/me/", {"timezone": typed}, follow=True)
    assert saved_zone(viewer) == zone
    assert f"Dates are now shown and entered in {zone}." in text(response)


def test_use_my_browsers_timezone_forgets_the_saved_one(viewer, viewer_client):
    UserPreference.objects.create(user=viewer, timezone="Asia/Tokyo")
    viewer_client.cookies["tz"] = "America/New_York"
    response = viewer_client.post("/me/", {"timezone": "", "use_browser": ""}, follow=True)
    assert saved_zone(viewer) == ""
    assert "Dates now follow your browser's timezone (America/New_York)." in text(response)
    assert "Dates are shown in America/New_York" in text(response)


def test_a_live_shows_and_takes_times_in_the_chosen_timezone(sandbox, organiser, organiser_client):
    organiser_client.cookies["tz"] = "Europe/Paris"  # the saved choice must win over it
    organiser_client.post("/me/", {"timezone": "Asia/Tokyo"})

    form = organiser_client.get("/lives/new/").content.decode()
    assert '<option value="Asia/Tokyo" selected>' in form
    sandbox.clear_requests()
    created = organiser_client.post(
        "/lives/new/",
        live_form_data(
            title="Tokyo morning",
            description=None,
            end="2030-03-01T11:00",
            timezone="Asia/Tokyo",  # what the form offered
            q=a_host().email,
        ),
    )
    assert created.status_code == 302
    (post,) = api_requests(sandbox, "POST")
    body = post["body"] if isinstance(post["body"], dict) else json.loads(post["body"])
    # 10:00 in Tokyo is 01:00 UTC.
    assert body["startDate"] == int(dt.datetime(2030, 3, 1, 1, 0, tzinfo=dt.UTC).timestamp())

    detail = text(organiser_client.get(created["Location"]))
    assert "Friday 1 March 2030, 10:00 – 11:00 (Asia/Tokyo)" in detail
    edit = organiser_client.get(created["Location"] + "edit/").content.decode()
    assert 'value="2030-03-01T10:00"' in edit

    listed = text(organiser_client.get("/lives/", {"title": "Tokyo morning"}))
    assert "Fri 1 Mar 2030, 10:00" in listed


def test_the_lists_date_filter_is_read_in_the_chosen_timezone(sandbox, viewer, viewer_client):
    UserPreference.objects.create(user=viewer, timezone="Asia/Tokyo")
    sandbox.clear_requests()
    viewer_client.get("/lives/", {"start_from": "2030-03-01"})
    (listing,) = api_requests(sandbox, "GET", "/v1/lives")
    midnight_in_tokyo = int(dt.datetime(2030, 3, 1, tzinfo=TOKYO).timestamp())
    assert ["startDate[gte]", str(midnight_in_tokyo)] in listing["query"]


def test_a_live_created_elsewhere_reads_in_each_persons_zone(sandbox, viewer, viewer_client):
    live = get_client().lives.list(limit=1).items[0]
    UserPreference.objects.create(user=viewer, timezone="America/Los_Angeles")
    shown = live.start_date.astimezone(zoneinfo.ZoneInfo("America/Los_Angeles"))
    page = text(viewer_client.get(f"/lives/{live.id}/"))
    assert f"{shown:%H:%M}" in page and "(America/Los_Angeles)" in page
