"""The lives list against the sandbox: filters, pagination, chips, bad parameters, errors."""

import re
import zoneinfo
from datetime import datetime

import pytest

from lives_admin.meltingspot import LiveFilters
from lives_admin.models import SavedView
from lives_admin.upstream import get_client
from tests.html import exists, soup
from tests.integration.lives.helpers import ROW, api_requests, row_ids, text

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_first_page_with_the_apis_total(sandbox, viewer_client):
    truth = get_client().lives.list(page=1, limit=25)
    response = viewer_client.get("/lives/")
    assert response.status_code == 200
    page = text(response)
    assert f"{truth.total} lives" in page
    assert row_ids(response) == [live.id for live in truth.items]
    assert exists(response, f'a[href="/lives/{truth.items[0].id}/"]')
    assert f"Page 1 of {truth.page_count}" in page


def test_one_api_call_per_render(sandbox, viewer_client):
    sandbox.clear_requests()
    viewer_client.get("/lives/?title=a&status=Ended&invited_min=1&per_page=50")
    assert len(api_requests(sandbox)) == 1


def test_title_contains_finds_only_matching_lives(sandbox, viewer_client):
    word = get_client().lives.list(page=1, limit=1).items[0].title.split()[0]
    response = viewer_client.get("/lives/", {"title": word.lower()})
    lives = [get_client().lives.retrieve(live_id) for live_id in row_ids(response)[:5]]
    assert lives
    assert all(word.lower() in live.title.lower() for live in lives)
    assert f"Title contains “{word.lower()}”" in text(response)


def test_title_exact_match(sandbox, viewer_client):
    title = get_client().lives.list(page=1, limit=1).items[0].title
    response = viewer_client.get("/lives/", {"title": title, "match": "exact"})
    ids = row_ids(response)
    assert ids
    assert all(get_client().lives.retrieve(i).title == title for i in ids)


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ({"status": "Ended"}, lambda live: live.computed_status == "Ended"),
        ({"status": "Planned"}, lambda live: live.computed_status == "Planned"),
        ({"solution": "BuiltIn"}, lambda live: live.solution == "BuiltIn"),
        (
            {"solution": ["Youtube", "Vimeo"]},
            lambda live: live.solution in ("Youtube", "Vimeo"),
        ),
        ({"type": "Workshop"}, lambda live: live.built_in_type == "Workshop"),
        ({"invited_min": "50"}, lambda live: live.metrics.invited >= 50),
        ({"registrants_max": "20"}, lambda live: live.metrics.registrant <= 20),
        ({"attendees_min": "10"}, lambda live: live.metrics.attendee >= 10),
        ({"attendance_rate_min": "50"}, lambda live: live.metrics.attendance_rate >= 50),
        ({"no_shows_max": "5"}, lambda live: live.metrics.no_show <= 5),
        ({"view_minutes_min": "10"}, lambda live: live.metrics.average_view_time >= 600),
        ({"replay_views_min": "1"}, lambda live: live.metrics.total_replay_view >= 1),
        (
            {"start_from": "2020-01-01"},
            lambda live: live.start_date >= datetime(2020, 1, 1, tzinfo=zoneinfo.ZoneInfo("UTC")),
        ),
    ],
)
def test_each_filter_alone(sandbox, viewer_client, query, check):
    response = viewer_client.get("/lives/", {**query, "per_page": 100})
    assert response.status_code == 200
    ids = row_ids(response)
    lives = [live for live in get_client().lives.iter_all() if live.id in ids]
    assert len(lives) == len(ids)
    assert all(check(live) for live in lives)
    everything = get_client().lives.list(page=1, limit=1).total
    assert len(ids) < everything or "No lives match" not in text(response)


def test_filters_combine(sandbox, viewer_client):
    response = viewer_client.get(
        "/lives/", {"status": "Ended", "solution": "BuiltIn", "invited_min": "1", "per_page": 100}
    )
    ids = set(row_ids(response))
    expected = {
        live.id
        for live in get_client().lives.iter_all()
        if live.computed_status == "Ended"
        and live.solution == "BuiltIn"
        and (live.metrics.invited or 0) >= 1
    }
    assert ids == expected
    page = text(response)
    assert "Status: Ended" in page
    assert "Solution: Built-in" in page
    assert "Invited ≥ 1" in page


def test_replay_filter(sandbox, viewer_client):
    with_replay = set(row_ids(viewer_client.get("/lives/", {"replay": "yes", "per_page": 100})))
    without = set(row_ids(viewer_client.get("/lives/", {"replay": "no", "per_page": 100})))
    assert not with_replay & without
    sandbox.clear_requests()
    viewer_client.get("/lives/", {"replay": "yes"})
    (request,) = api_requests(sandbox)
    assert request["query"] == [["page", "1"], ["limit", "25"], ["replay[eq]", "true"]]


def test_pagination_and_page_size(sandbox, viewer_client):
    first = viewer_client.get("/lives/", {"per_page": 10})
    second = viewer_client.get("/lives/", {"per_page": 10, "page": 2})
    assert len(row_ids(first)) == 10
    assert set(row_ids(first)).isdisjoint(row_ids(second))
    assert "Page 2 of" in text(second)
    assert exists(second, 'a[href="?per_page=10&page=3"]')
    assert exists(second, 'a[href="?per_page=10&page=1"]')


def test_a_page_past_the_end_says_so(sandbox, viewer_client):
    response = viewer_client.get("/lives/", {"page": 999})
    assert response.status_code == 200
    assert "There is no page 999" in text(response)


@pytest.mark.parametrize(
    "query",
    ["invited_min=abc", "status=Cancelled", "page=two", "per_page=7", "start_from=soon"],
)
def test_a_bad_parameter_gives_a_message_and_the_default(sandbox, viewer_client, query):
    response = viewer_client.get(f"/lives/?{query}")
    assert response.status_code == 200
    page = text(response)
    assert "ignored" in page or "first page" in page
    assert len(row_ids(response)) == 25


def test_no_match_offers_a_one_click_reset(sandbox, viewer_client):
    response = viewer_client.get("/lives/", {"title": "zzz-no-such-live-zzz"})
    page = text(response)
    assert "No lives match these filters" in page
    assert exists(response, 'a[href="/lives/"]')
    assert row_ids(response) == []


def test_chips_remove_their_filter(sandbox, viewer_client):
    response = viewer_client.get("/lives/", {"title": "a", "status": "Ended"})
    assert exists(response, 'a[href="?status=Ended"]')  # removing the title keeps the status
    assert exists(response, 'a[href="?title=a"]')


def test_htmx_gets_the_results_fragment_and_history_restore_the_page(sandbox, viewer_client):
    fragment = viewer_client.get(
        "/lives/?status=Ended", headers={"HX-Request": "true", "HX-Target": "lives-results"}
    )
    assert [tag.get("id") for tag in soup(fragment).find_all(recursive=False)] == ["lives-results"]
    restore = viewer_client.get(
        "/lives/?status=Ended",
        headers={
            "HX-Request": "true",
            "HX-Target": "lives-results",
            "HX-History-Restore-Request": "true",
        },
    )
    assert exists(restore, "html > body")


def test_the_filter_form_is_an_active_search(sandbox, viewer_client):
    html = viewer_client.get("/lives/").content.decode()
    assert 'hx-push-url="true"' in html
    assert 'hx-trigger="input changed delay:300ms, change"' in html
    assert 'hx-sync="this:replace"' in html
    for label in ("Title", "Status", "Starts on or after", "Replay", "Average view time"):
        assert label in html


def test_upstream_trouble_shows_an_error_with_retry(sandbox, viewer_client):
    sandbox.configure(error_rate=1.0)
    response = viewer_client.get("/lives/?status=Ended")
    assert response.status_code == 503
    page = text(response)
    assert "MeltingSpot is having trouble" in page
    assert "Try again" in page
    htmx = viewer_client.get(
        "/lives/?status=Ended", headers={"HX-Request": "true", "HX-Target": "lives-results"}
    )
    assert htmx.status_code == 200
    assert "Try again" in text(htmx)


def test_filters_meltingspot_refuses_are_named_with_its_message(sandbox, viewer_client):
    sandbox.configure(error_rate=1.0, error_status=400)
    response = viewer_client.get("/lives/?invited_min=5")
    assert response.status_code == 400
    page = text(response)
    assert "MeltingSpot refused these filters" in page
    assert "Injected fault" in page


def test_rate_limited_upstream_says_so(sandbox, viewer_client):
    sandbox.configure(rate_limit=True, rate_limit_requests=0)
    response = viewer_client.get("/lives/")
    assert response.status_code == 429
    assert "rate limit" in text(response)


def test_admins_can_select_rows_and_all_matching(sandbox, admin_user_client, viewer_client):
    html = admin_user_client.get("/lives/?status=Ended").content.decode()
    assert exists(html, "input[name=selected]")
    assert exists(html, "[data-select-all]")
    assert exists(html, 'input[name=filters][value="status=Ended"]')
    assert exists(html, 'form[action="/lives/bulk/"]')
    assert not exists(viewer_client.get("/lives/"), "input[name=selected]")


def test_saved_views_per_user_and_for_the_team(
    sandbox, organiser_client, viewer_client, admin_user_client
):
    response = organiser_client.post(
        "/lives/views/", {"name": "Big ended", "query": "status=Ended&invited_min=10&page=4"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/lives/?status=Ended&invited_min=10"
    view = SavedView.objects.get(name="Big ended")
    assert view.query_string == "status=Ended&invited_min=10"
    assert "Big ended" in text(organiser_client.get("/lives/"))
    assert "Big ended" not in text(viewer_client.get("/lives/"))
    # Team views are the admins' to make (an organiser's "shared" is ignored).
    organiser_client.post("/lives/views/", {"name": "Not shared", "query": "a=1", "shared": "on"})
    assert "Not shared" not in text(viewer_client.get("/lives/"))
    admin_user_client.post(
        "/lives/views/", {"name": "Live now", "query": "status=Live", "shared": "on"}
    )
    assert "Live now" in text(viewer_client.get("/lives/"))


def test_a_viewer_cannot_share_a_view(sandbox, viewer_client):
    viewer_client.post("/lives/views/", {"name": "Mine", "query": "status=Live", "shared": "on"})
    assert SavedView.objects.get(name="Mine").shared is False


def test_the_exported_helper_reruns_the_list_filters(sandbox):
    from lives_admin.lives.list_state import live_filters_from_query

    filters, errors = live_filters_from_query("status=Ended&solution=BuiltIn&page=3")
    assert errors == []
    assert filters == LiveFilters(status="Ended", solutions=("BuiltIn",))


def test_lives_not_over_show_no_attendance_yet(sandbox, viewer_client):
    """A planned live reads "—" for attendees and attendance, saying why, not "0 %"."""
    response = viewer_client.get("/lives/?status=Planned")
    rows = ROW.findall(response.content.decode())
    assert rows
    for _, row in rows:
        cells = re.findall(r'<td class="num" data-label="\w+">(.*?)</td>', row)
        attendees, rate = cells[2], cells[3]
        for cell in (attendees, rate):
            assert re.sub(r"<[^>]+>", "", cell) == "— (not over yet)"
            assert 'title="Not over yet: known once the live has ended."' in cell
    ended = viewer_client.get("/lives/?status=Ended").content.decode()
    assert "not over yet" not in ended and " %</td>" in ended


def _more_filters_open(response) -> bool:
    tag = re.search(r'<details class="filters-more"[^>]*>', response.content.decode()).group(0)
    return " open" in tag


@pytest.mark.parametrize(
    "query, opened",
    [
        ("", False),
        ("status=Ended", False),
        ("title=Workshop&match=contains", False),
        ("start_from=2026-01-01&per_page=50", False),
        ("solution=BuiltIn", True),
        ("type=Workshop&status=Ended", True),
        ("invited_min=1", True),
        ("invited_min=abc", True),  # its error is in that section: shown, not hidden
    ],
)
def test_more_filters_is_open_only_when_one_of_its_own_filters_is_in_use(
    sandbox, viewer_client, query, opened
):
    assert _more_filters_open(viewer_client.get(f"/lives/?{query}", follow=True)) is opened
    # The filter bar is cached by query: a second render reads the same.
    assert _more_filters_open(viewer_client.get(f"/lives/?{query}", follow=True)) is opened
