"""The lives index: every column sorts, title search ignores accents and case, the same
filters give the same rows as the API, the index follows MeltingSpot, and beyond its cap
(or while cold) the list says it shows MeltingSpot's order."""

import re
import unicodedata
from html import unescape

import pytest
from django.utils import timezone

from lives_admin.forms.live_filters import SORT_KEYS
from lives_admin.lives import index as lives_index
from lives_admin.lives.index_tasks import queue_sync
from lives_admin.lives.list_state import list_state_from_query
from lives_admin.meltingspot import LiveUpdate
from lives_admin.models import IndexedLive, LivesIndexState, SavedView
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import a_host, a_live_next_week, api_requests, row_ids, text

pytestmark = pytest.mark.django_db

ALL = {"per_page": "100"}


def _all_lives():
    return list(get_client().lives.iter_all(None))


def _create(title: str):
    return a_live_next_week(title)


def _folded(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# What an organiser expects each column to sort by (None last, then the title).
_STATUS = {"Planned": 0, "Live": 1, "Ended": 2}
_COLUMN = {
    "title": lambda live: _folded(live.title),
    "start": lambda live: live.start_date,
    "status": lambda live: _STATUS.get(live.computed_status, 3),
    "solution": lambda live: live.solution,
    "invited": lambda live: live.metrics.invited,
    "registrants": lambda live: live.metrics.registrant,
    "attendees": lambda live: live.metrics.attendee,
    "attendance": lambda live: live.metrics.attendance_rate,
}


def _shown(response) -> list[str]:
    return row_ids(response)


@pytest.fixture
def warm_index(sandbox):
    count = lives_index.sync_all(get_client())
    assert count == len(_all_lives())
    return count


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("column", SORT_KEYS)
def test_every_column_sorts_both_ways(warm_index, viewer_client, column, descending):
    sort = f"-{column}" if descending else column
    response = viewer_client.get("/lives/", {**ALL, "sort": sort}, follow=True)
    assert response.status_code == 200
    by_id = {live.id: live for live in _all_lives()}
    shown = _shown(response)
    assert len(shown) == min(100, len(by_id))
    key = _COLUMN[column]
    values = [key(by_id[live_id]) for live_id in shown]
    if column in ("attendees", "attendance"):
        # Figures a live not over yet cannot have ("—") come after the others, either way.
        ended = [v for v, i in zip(values, shown, strict=True) if _over(by_id[i])]
        assert values[: len(ended)] == ended
        values = ended
    assert values == sorted(values, reverse=descending)
    html = response.content.decode()
    direction = "descending" if descending else "ascending"
    assert html.count("aria-sort=") == 1
    header = re.search(r'<th scope="col"[^>]*aria-sort="(\w+)"[^>]*><a [^>]*href="\?([^"]*)"', html)
    assert header.group(1) == direction
    # The header's link turns the order round, and the address keeps the sort.
    assert f"sort={'' if descending else '-'}{column}" in header.group(2)


def _over(live) -> bool:
    from lives_admin.lives.figures import live_pending_figures

    return not live_pending_figures(live)


def test_a_sort_header_is_a_link_in_the_address_and_kept_by_the_filters(warm_index, viewer_client):
    response = viewer_client.get(
        "/lives/", {"sort": "-attendance", "status": "Ended"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Push-Url"] == "/lives/?status=Ended&sort=-attendance"
    html = response.content.decode()
    # The filter bar carries the sort, so a new filter keeps it.
    assert '<input type="hidden" name="sort" value="-attendance">' in html
    # Every header is a link (reachable with Tab), sorting the same filtered list.
    links = re.findall(r'<a class="sort-link" id="sort-\w+" href="\?([^"]+)"', html)
    assert len(links) == len(SORT_KEYS)
    assert all("status=Ended" in link for link in links)


def test_title_search_ignores_accents_and_case(warm_index, viewer_client):
    created = _create("Conférence Zébulon des Membres")
    lives_index.record_live(created)
    for typed in ("conference zebulon", "CONFERENCE ZÉBULON", "conférence zébulon", "Zebulon"):
        response = viewer_client.get("/lives/", {"title": typed})
        assert row_ids(response) == [created.id], typed
    # Every "conference" of the Spot, with or without its accent.
    response = viewer_client.get("/lives/", {"title": "conference", "per_page": "100"})
    found = {live.id: live for live in _all_lives() if "conference" in _folded(live.title)}
    assert set(row_ids(response)) == set(found) and created.id in found
    assert "accents and case ignored" in text(response)


def test_without_the_index_search_is_the_apis_and_says_so(sandbox, viewer_client):
    created = _create("Conférence d'été")
    response = viewer_client.get("/lives/", {"title": "conference", "sort": "title"}, follow=True)
    assert created.id not in row_ids(response)
    page = text(response)
    assert "being prepared" in page
    assert "the list shows MeltingSpot's order, and title search is accent-sensitive" in page
    # A pass is queued for the worker, once however many organisers ask.
    assert LivesIndexState.current().queued_at is not None
    assert queue_sync() is False


# Today's filters, each as the list's query string: the index must give the API's rows.
FILTERS = [
    {"title": "webinar"},
    {"title": "Atelier"},
    {"title": "Onboarding webinar #1", "match": "exact"},
    {"status": "Ended"},
    {"status": "Planned"},
    {"status": "Live"},
    {"start_from": "2026-01-01"},
    {"start_to": "2026-06-30"},
    {"start_from": "2025-06-01", "start_to": "2026-12-31"},
    {"solution": "BuiltIn"},
    {"solution": ["Youtube", "Vimeo"]},
    {"type": "Workshop"},
    {"type": ["Workshop", "Conference"]},
    {"replay": "yes"},
    {"replay": "no"},
    {"invited_min": "5"},
    {"invited_max": "3"},
    {"registrants_min": "2", "registrants_max": "10"},
    {"attendees_min": "1"},
    {"attendance_rate_min": "40"},
    {"attendance_rate_max": "60"},
    {"no_shows_min": "1"},
    {"view_minutes_min": "1"},
    {"replay_views_min": "1"},
    {"status": "Ended", "solution": "BuiltIn", "attendees_min": "1", "replay": "yes"},
]


@pytest.mark.parametrize("query", FILTERS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_every_filter_gives_the_apis_rows(warm_index, query):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in query.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    state = list_state_from_query(data)
    assert not state.errors
    from_api = {live.id for live in get_client().lives.iter_all(state.filters)}
    page = lives_index.lives_page(state.filters, page=1, limit=10_000)
    assert {live.id for live in page.items} == from_api
    assert page.total == len(from_api)


def test_the_demo_gives_filters_something_to_find(warm_index):
    """So that the comparison above is not all empty sets."""
    found = 0
    for query in FILTERS:
        state = list_state_from_query(
            __import__("django.http").http.QueryDict(
                "&".join(
                    f"{k}={v}"
                    for k, values in query.items()
                    for v in (values if isinstance(values, list) else [values])
                )
            )
        )
        found += bool(lives_index.lives_page(state.filters, limit=1).total)
    assert found >= len(FILTERS) - 3


def test_a_full_pass_copies_every_live_and_a_deleted_one_goes(sandbox):
    client = get_client()
    assert lives_index.sync_all(client) == len(_all_lives())
    gone = _all_lives()[0]
    sandbox.http.delete(f"/v1/lives/{gone.id}").raise_for_status()  # deleted elsewhere
    renamed = _create("To be renamed upstream")
    lives_index.sync_all(client)
    client.lives.update(
        renamed.id,
        LiveUpdate(
            title="Renamed upstream",
            start_date=renamed.start_date,
            end_date=renamed.end_date,
            solution=renamed.solution,
            built_in_type=renamed.built_in_type,
        ),
    )
    lives_index.sync_all(client)
    assert not IndexedLive.objects.filter(live_id=gone.id).exists()
    assert IndexedLive.objects.get(live_id=renamed.id).title == "Renamed upstream"
    assert IndexedLive.objects.count() == len(_all_lives())
    state = LivesIndexState.current()
    assert state.synced_at is not None and not state.too_many


def test_a_pass_does_not_bring_back_a_live_the_dashboard_deleted_meanwhile(sandbox):
    client = get_client()
    lives_index.sync_all(client)
    live = _all_lives()[0]
    started = timezone.now()
    lives_index.forget_live(live.id)  # the dashboard deletes it while a pass is reading
    lives_index._store_pass(_all_lives(), started)  # a pass that read it before the delete
    page = lives_index.lives_page(None, limit=10_000)
    assert live.id not in {item.id for item in page.items}


def test_beyond_the_cap_the_list_says_it_shows_the_apis_order(sandbox, viewer_client, settings):
    settings.LIVES_INDEX_MAX_LIVES = 3
    total = len(_all_lives())
    assert lives_index.sync_all(get_client()) == 0
    assert IndexedLive.objects.count() == 0
    sandbox.clear_requests()
    response = viewer_client.get("/lives/", {"sort": "-attendance"})
    assert response.status_code == 200
    truth = get_client().lives.list(None, page=1, limit=25)
    assert row_ids(response) == [live.id for live in truth.items]  # MeltingSpot's order
    page = text(response)
    assert f"This Spot has {total} lives, more than the 3 the dashboard can sort" in page
    assert "title search is accent-sensitive" in page
    assert len(api_requests(sandbox)) == 2  # the list's call, and the check above


def test_an_unsorted_list_without_title_search_still_asks_the_api(
    warm_index, sandbox, viewer_client
):
    sandbox.clear_requests()
    response = viewer_client.get("/lives/", {"status": "Ended"})
    assert len(api_requests(sandbox)) == 1
    assert "lives-index-note" not in response.content.decode()


def test_a_sorted_list_from_the_index_makes_no_api_call(warm_index, sandbox, viewer_client):
    sandbox.clear_requests()
    response = viewer_client.get("/lives/", {"title": "webinar", "sort": "title"})
    assert response.status_code == 200 and row_ids(response)
    assert api_requests(sandbox) == []
    assert "refreshed" in text(response)


@pytest.mark.slow
def test_the_job_worker_fills_the_index_and_the_list_then_sorts(job_worker, viewer_client):
    """The worker's own loop finds the index cold, queues a pass and runs it."""
    import time

    worker = job_worker()
    worker.env = {**worker.env, "LIVES_INDEX_WORKER": "true"}
    worker.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and LivesIndexState.current().synced_at is None:
        time.sleep(0.2)
    assert LivesIndexState.current().synced_at is not None, "the worker never synced the index"
    assert IndexedLive.objects.count() == len(_all_lives())
    response = viewer_client.get("/lives/", {"sort": "-invited"})
    assert "refreshed" in text(response)


def _sorted_titles(client, title: str) -> list[str]:
    response = client.get("/lives/", {"title": title, "sort": "title"}, follow=True)
    cells = re.findall(r'<td class="live-title"><a [^>]+>([^<]+)</a>', response.content.decode())
    return [unescape(cell) for cell in cells]


def test_the_dashboards_own_writes_show_at_once(warm_index, admin_user_client, sandbox):
    """Create, edit, duplicate and delete from the dashboard: the sorted list follows at
    once, without waiting for the worker's next pass."""
    from tests.integration.lives.test_forms import form_data, newest

    client = admin_user_client
    host = a_host()
    client.post("/lives/new/", form_data(q=host.email, title="Zéphyr clinic"))
    created = newest("Zéphyr clinic")
    assert _sorted_titles(client, "zephyr") == ["Zéphyr clinic"]

    edited = form_data(
        title="Zéphyr clinic (moved)", start="2030-03-02T10:00", end="2030-03-02T11:00"
    )
    assert client.post(f"/lives/{created.id}/edit/", edited).status_code == 302
    assert _sorted_titles(client, "zephyr") == ["Zéphyr clinic (moved)"]

    copy = form_data(title="Zéphyr copy", host_id=host.id, repeat="once")
    assert client.post(f"/lives/{created.id}/duplicate/", copy).status_code == 302
    assert _sorted_titles(client, "zephyr") == ["Zéphyr clinic (moved)", "Zéphyr copy"]


def test_a_saved_view_keeps_its_sort(warm_index, viewer_client):
    response = viewer_client.post(
        "/lives/views/", {"name": "Best attended", "query": "status=Ended&sort=-attendance"}
    )
    assert response.status_code == 302
    view = SavedView.objects.get(name="Best attended")
    assert view.query_string == "status=Ended&sort=-attendance"
    page = viewer_client.get(f"/lives/?{view.query_string}")
    assert 'aria-sort="descending"' in page.content.decode()


def test_a_live_deleted_from_the_dashboard_leaves_the_sorted_list_at_once(
    warm_index, admin_user_client
):
    live = _create("Zéphyr to delete")
    lives_index.record_live(live)
    assert _sorted_titles(admin_user_client, "zephyr") == ["Zéphyr to delete"]
    response = admin_user_client.post(f"/lives/{live.id}/delete/", {"title": live.title})
    assert response.status_code == 302
    assert _sorted_titles(admin_user_client, "zephyr") == []
