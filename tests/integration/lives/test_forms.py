"""Create, edit, duplicate and delete against the sandbox: what the API holds afterwards."""

import datetime as dt
import json
import zoneinfo

import pytest

from lives_admin.meltingspot import NotFoundError, ParticipantFilters
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import a_host, api_requests, live_form_data, text

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def form_data(**changes):
    return live_form_data(**{"description": "Agenda:\n\n- news\n- questions", **changes})


def newest(title: str):
    return next(live for live in get_client().lives.iter_all() if live.title == title)


def body_of(entry) -> dict:
    body = entry["body"] if isinstance(entry, dict) else entry.body
    return json.loads(body) if isinstance(body, str | bytes) else body


def test_create_sends_every_field_and_lands_on_the_live(sandbox, organiser_client):
    host = a_host()
    sandbox.clear_requests()
    response = organiser_client.post("/lives/new/", form_data(q=host.email))
    assert response.status_code == 302
    live = newest("Quarterly town hall")
    assert response["Location"] == f"/lives/{live.id}/"
    assert live.start_date == dt.datetime(2030, 3, 1, 10, 0, tzinfo=PARIS)
    assert live.video_url == "https://www.youtube.com/watch?v=abc"
    assert live.visibility == "OnlySpotMembers"
    assert live.participants_visibility == "Hidden"
    (post,) = api_requests(sandbox, "POST")
    body = body_of(post)
    assert body["startDate"] == 1898586000
    assert body["spotMemberHostId"] == host.id
    assert "builtInType" not in body and "record" not in body
    hosts = get_client().participants.list(live.id, ParticipantFilters(types=("Host",)))
    assert [p.spot_member_id for p in hosts.items] == [host.id]
    assert "was created" in text(organiser_client.get(response["Location"]))


def test_create_with_the_picked_host_radio(sandbox, organiser_client):
    host = a_host()
    response = organiser_client.post(
        "/lives/new/", form_data(solution="BuiltIn", built_in_type="Workshop", host_id=host.id)
    )
    assert response.status_code == 302
    live = newest("Quarterly town hall")
    assert live.built_in_type == "Workshop"
    assert live.video_url is None


def test_invalid_create_keeps_every_value_and_sends_nothing(sandbox, organiser_client):
    sandbox.clear_requests()
    response = organiser_client.post(
        "/lives/new/",
        form_data(q=a_host().email, end="2030-03-01T09:00", video_url="https://vimeo.com/1"),
    )
    assert response.status_code == 200
    page = text(response)
    assert "The live must end after it starts." in page
    assert "This is not a YouTube address." in page
    html = response.content.decode()
    assert 'value="Quarterly town hall"' in html
    assert "Agenda:" in html
    assert api_requests(sandbox, "POST") == []


def test_an_unknown_host_is_reported_on_the_form(sandbox, organiser_client):
    response = organiser_client.post("/lives/new/", form_data(q="nobody@nowhere.invalid"))
    assert response.status_code == 200
    assert "No member of the Spot has this email." in text(response)


def test_a_400_from_meltingspot_lands_on_the_form(sandbox, organiser_client):
    # The sandbox refuses timestamps with more than 10 digits: a year far ahead gives one.
    response = organiser_client.post(
        "/lives/new/",
        form_data(q=a_host().email, start="9999-01-01T10:00", end="9999-01-01T11:00"),
    )
    assert response.status_code == 200
    assert "MeltingSpot refused the live" in text(response)
    assert 'value="Quarterly town hall"' in response.content.decode()


def test_viewers_cannot_create(sandbox, viewer_client):
    assert viewer_client.get("/lives/new/").status_code == 403


def test_edit_is_prefilled_and_sends_the_full_set(sandbox, organiser_client):
    host = a_host()
    organiser_client.post("/lives/new/", form_data(q=host.email))
    live = newest("Quarterly town hall")
    organiser_client.cookies["tz"] = "Europe/Paris"  # the form shows times in the organiser's zone
    page = organiser_client.get(f"/lives/{live.id}/edit/")
    html = page.content.decode()
    assert 'value="Quarterly town hall"' in html
    assert 'value="2030-03-01T10:00"' in html
    assert host.email in text(page)  # the host, read-only
    data = form_data(title="Town hall (moved)", start="2030-03-02T10:00", end="2030-03-02T11:00")
    response = organiser_client.post(f"/lives/{live.id}/edit/", data)
    assert response.status_code == 302
    updated = get_client().lives.retrieve(live.id)
    assert updated.title == "Town hall (moved)"
    assert updated.start_date == dt.datetime(2030, 3, 2, 10, 0, tzinfo=PARIS)
    assert updated.video_url == live.video_url
    assert updated.participants_visibility == "Hidden"
    assert "news" in updated.description_markdown


def test_editing_a_deleted_live_shows_not_found(sandbox, organiser_client):
    response = organiser_client.get("/lives/no-such-live/edit/")
    assert response.status_code == 404
    assert "This live no longer exists" in text(response)


def test_duplicate_weekly_with_groups_and_speakers(sandbox, organiser_client):
    client = get_client()
    host = a_host()
    organiser_client.post("/lives/new/", form_data(q=host.email, title="Weekly clinic"))
    source = newest("Weekly clinic")
    groups = client.groups.list(page=1, limit=2).items
    client.live_groups.bulk_link(source.id, [g.id for g in groups])
    speaker = client.spot_members.list(page=1, limit=3).items[-1]
    client.speakers.bulk_invite(source.id, [speaker.id], highlighted=True)

    form = organiser_client.get(f"/lives/{source.id}/duplicate/").content.decode()
    assert 'value="Weekly clinic (copy)"' in form
    assert f'value="{host.id}" checked' in form
    response = organiser_client.post(
        f"/lives/{source.id}/duplicate/",
        form_data(
            title="Weekly clinic",
            host_id=host.id,
            repeat="weekly",
            occurrences="3",
            copy_groups="on",
            copy_speakers="on",
        ),
    )
    assert response.status_code == 302
    copies = sorted(
        (live for live in client.lives.iter_all() if live.title == "Weekly clinic"),
        key=lambda live: live.start_date,
    )
    assert len(copies) == 4  # the source and three copies
    copies = [live for live in copies if live.id != source.id]
    assert [c.start_date.astimezone(PARIS).day for c in copies] == [1, 8, 15]
    # The answer links each new live with its date: they are not on the list's first page.
    answer = organiser_client.get(response["Location"])
    html = answer.content.decode()
    assert "3 lives were created:" in text(answer)
    for copy in copies:
        assert f'<a href="/lives/{copy.id}/">Weekly clinic</a>' in html
    assert "Fri 1 Mar 2030" in text(answer) and "Fri 15 Mar 2030" in text(answer)
    for copy in copies:
        assert {g.id for g in client.live_groups.iter_all(copy.id)} == {g.id for g in groups}
        speakers = {s.spot_member_id: s for s in client.speakers.iter_all(copy.id)}
        assert speakers[speaker.id].is_highlighted


def test_duplicate_once_as_the_browser_sends_it(sandbox, organiser_client):
    """Repeat "Once" hides and disables "Number of lives": the browser sends no count."""
    host = a_host()
    organiser_client.post("/lives/new/", form_data(q=host.email, title="Single clinic"))
    source = newest("Single clinic")
    sandbox.clear_requests()
    posted = form_data(title="Single clinic (copy)", host_id=host.id, repeat="once")
    posted.update(copy_groups="on", copy_speakers="on")
    assert "occurrences" not in posted
    response = organiser_client.post(f"/lives/{source.id}/duplicate/", posted)
    assert response.status_code == 302, text(response)
    copy = newest("Single clinic (copy)")
    assert response["Location"] == f"/lives/{copy.id}/"
    assert len(api_requests(sandbox, "POST", "/v1/lives")) == 1
    assert "“Single clinic (copy)” was created." in text(organiser_client.get(f"/lives/{copy.id}/"))


def test_a_repeat_without_a_count_names_the_field(sandbox, organiser_client):
    live = next(iter(get_client().lives.iter_all()))
    host = a_host()
    sandbox.clear_requests()
    response = organiser_client.post(
        f"/lives/{live.id}/duplicate/", form_data(host_id=host.id, repeat="weekly")
    )
    assert response.status_code == 200
    # The banner names the field and its message, and links to it.
    banner = '<a href="#id_occurrences">Number of lives</a>: With a repeat, say how many'
    assert banner in response.content.decode()
    assert api_requests(sandbox, "POST") == []


def test_delete_asks_then_deletes(sandbox, admin_user_client):
    live = next(iter(get_client().lives.iter_all()))
    confirm = admin_user_client.get(f"/lives/{live.id}/delete/")
    assert f"Delete “{live.title}”?" in text(confirm)
    assert "You lose" in text(confirm)
    response = admin_user_client.post(f"/lives/{live.id}/delete/", {"title": live.title})
    assert response.status_code == 302
    assert response["Location"] == "/lives/"
    with pytest.raises(NotFoundError):
        get_client().lives.retrieve(live.id)
    assert "was deleted" in text(admin_user_client.get("/lives/"))


def test_htmx_delete_from_the_dialog_goes_to_the_list(sandbox, admin_user_client):
    live = next(iter(get_client().lives.iter_all()))
    response = admin_user_client.post(
        f"/lives/{live.id}/delete/", {"title": live.title}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/lives/"
    with pytest.raises(NotFoundError):
        get_client().lives.retrieve(live.id)


def test_deleting_twice_says_it_is_gone(sandbox, admin_user_client):
    response = admin_user_client.post("/lives/no-such-live/delete/", {"title": "Old"}, follow=True)
    assert "“Old” was already deleted." in text(response)


def test_only_admins_delete(sandbox, organiser_client):
    live = next(iter(get_client().lives.iter_all()))
    assert organiser_client.post(f"/lives/{live.id}/delete/").status_code == 403
    assert get_client().lives.retrieve(live.id).id == live.id


def test_description_preview_is_sanitised(sandbox, organiser_client):
    response = organiser_client.post(
        "/lives/preview/", {"description": "**bold** <script>x()</script>"}
    )
    assert b"<strong>bold</strong>" in response.content
    assert b"<script" not in response.content


def test_meltingspot_down_while_creating_keeps_the_form(sandbox, organiser_client):
    host = a_host()
    sandbox.configure(error_rate=1.0, error_status=503)
    response = organiser_client.post("/lives/new/", form_data(host_id=host.id))
    assert response.status_code == 503
    page = text(response)
    assert "MeltingSpot is having trouble" in page
    assert "Nothing you typed is lost." in page
    assert 'value="Quarterly town hall"' in response.content.decode()


def test_rate_limited_while_editing_keeps_the_form(sandbox, organiser_client, settings):
    from lives_admin.upstream import reset_client

    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    live = next(iter(get_client().lives.iter_all()))
    # Every save is refused with a 429 (reads go through): no window to straddle.
    sandbox.configure(error_rate=1.0, error_status=429, fault_methods="PUT", rate_limit_window=30)
    response = organiser_client.post(f"/lives/{live.id}/edit/", form_data(title="Renamed"))
    assert response.status_code == 429
    page = text(response)
    assert "Too many requests to MeltingSpot" in page and "Try again in 30 seconds" in page
    assert 'value="Renamed"' in response.content.decode()  # what was typed is kept
    assert get_client().lives.retrieve(live.id).title == live.title  # nothing was saved


def test_the_live_page_when_meltingspot_is_down(sandbox, viewer_client):
    live = next(iter(get_client().lives.iter_all()))
    sandbox.configure(error_rate=1.0, error_status=503)
    response = viewer_client.get(f"/lives/{live.id}/")
    assert response.status_code == 503
    assert "MeltingSpot is having trouble" in text(response)
