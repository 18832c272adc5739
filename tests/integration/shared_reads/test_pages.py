"""What the organiser sees of the shared reads: how fresh the data is, Refresh, and their
own edit shown on the next page."""

import re

import pytest

from lives_admin.upstream import reset_client
from tests.integration.lives.helpers import a_live_next_week, api_requests


@pytest.fixture
def shared_reads(sandbox, settings):
    settings.SHARED_READS = True
    reset_client()
    yield sandbox
    reset_client()


def _retrievals(sandbox, live_id):
    return [e for e in api_requests(sandbox, "GET") if e["path"] == f"/v1/lives/{live_id}"]


def test_a_live_page_says_how_fresh_it_is_and_refresh_reads_it_anew(shared_reads, organiser_client):
    live = a_live_next_week("Fresh enough")
    shared_reads.clear_requests()
    html = organiser_client.get(f"/lives/{live.id}/").content.decode()
    assert re.search(r"As of \d\d:\d\d:\d\d", html)
    assert re.search(r"updated \d+ s ago", html)
    refresh = re.search(r'<a class="btn btn-sm" href="([^"]+)"[^>]*>Refresh<', html)
    assert refresh and refresh.group(1) == f"/lives/{live.id}/?refresh=1"
    assert "(read again from MeltingSpot)" in html  # the control says what it does
    organiser_client.get(f"/lives/{live.id}/")
    assert len(_retrievals(shared_reads, live.id)) == 1  # the second page: shared

    organiser_client.get(refresh.group(1))
    assert len(_retrievals(shared_reads, live.id)) == 2  # Refresh: asked again


def test_a_panel_refreshes_itself(shared_reads, organiser_client):
    live = a_live_next_week("Panel")
    html = organiser_client.get(
        f"/lives/{live.id}/speakers/",
        headers={"HX-Request": "true", "HX-Target": "speakers-panel"},
    ).content.decode()
    assert f'hx-get="/lives/{live.id}/speakers/?refresh=1" hx-target="#speakers-panel"' in html


def test_the_organisers_own_edit_shows_on_the_next_page(shared_reads, organiser_client):
    live = a_live_next_week("Old title")
    assert "Old title" in organiser_client.get(f"/lives/{live.id}/").content.decode()
    assert "Old title" in organiser_client.get("/lives/").content.decode()
    edit = organiser_client.get(f"/lives/{live.id}/edit/").content.decode()
    shared_reads.clear_requests()
    response = organiser_client.post(
        f"/lives/{live.id}/edit/", _full_form(edit, {"title": "New title"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # A write reads what it acts on afresh, though the live was shared a moment ago.
    assert _retrievals(shared_reads, live.id)
    assert "New title" in organiser_client.get(f"/lives/{live.id}/").content.decode()
    assert "New title" in organiser_client.get("/lives/").content.decode()


def _full_form(html: str, values: dict) -> dict:
    """The edit form as a browser would send it, with `values` changed."""
    from bench.load import page_forms

    form = next(f for f in page_forms(html) if any(n == "title" for n, _ in f["fields"]))
    data: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(values.get(name, value) if name == "title" else value)
    return data


def test_a_loop_of_refresh_cannot_take_the_key_from_the_team(shared_reads, viewer_client):
    """Outside finding: ten viewer sessions looping on Refresh filled the key's window and
    slowed everyone's pages to 6-7 s. One person's Refresh reads anew at most every 10 s;
    sooner, it shows the team's copy with its age."""
    live = a_live_next_week("Refreshed in a loop")
    viewer_client.get(f"/lives/{live.id}/")
    shared_reads.clear_requests()
    for _ in range(5):
        page = viewer_client.get(f"/lives/{live.id}/?refresh=1")
        assert page.status_code in (200, 302)
    assert len(_retrievals(shared_reads, live.id)) == 1  # the first Refresh only


def _changed_behind_the_dashboards_back(sandbox, live, title: str) -> None:
    """Another tool edits the live on MeltingSpot: the dashboard's shared cache is not told."""
    from lives_admin.meltingspot import LiveUpdate

    body = LiveUpdate.from_live(live, title=title).to_body()
    assert sandbox.http.put(f"/v1/lives/{live.id}", json=body).status_code == 200


def test_refresh_leaves_a_tidy_address_and_the_page_shows_the_new_data(
    shared_reads, organiser_client
):
    live = a_live_next_week("Before the change")
    assert "Before the change" in organiser_client.get(f"/lives/{live.id}/").content.decode()
    _changed_behind_the_dashboards_back(shared_reads, live, "After the change")
    # Still the shared copy: only Refresh reads MeltingSpot again.
    assert "After the change" not in organiser_client.get(f"/lives/{live.id}/").content.decode()

    response = organiser_client.get(f"/lives/{live.id}/?refresh=1")
    # The address bar must not keep `refresh=1`: reloads and bookmarks would bypass the cache.
    assert response.status_code in (302, 303)
    assert response["Location"] == f"/lives/{live.id}/"
    page = organiser_client.get(response["Location"])
    assert "After the change" in page.content.decode()


def test_refresh_keeps_the_other_query_parameters(shared_reads, organiser_client):
    a_live_next_week("Listed")
    response = organiser_client.get("/lives/?q=Listed&refresh=1")
    assert response.status_code in (302, 303)
    assert response["Location"] == "/lives/?q=Listed"


def test_an_htmx_refresh_never_puts_refresh_in_the_address_bar(shared_reads, organiser_client):
    live = a_live_next_week("Panel")
    response = organiser_client.get(
        f"/lives/{live.id}/speakers/?refresh=1",
        headers={"HX-Request": "true", "HX-Target": "speakers-panel"},
    )
    assert response.status_code == 200  # the region is swapped in place
    for header in ("HX-Push-Url", "HX-Replace-Url", "HX-Redirect", "HX-Location"):
        assert "refresh" not in response.get(header, "")
