"""Issue 18, fewer calls per live page: the status tabs of a live whose participants fit
in one page cost one read, counted here, the same numbers as one call per status."""

import re

import pytest

from lives_admin.meltingspot import PARTICIPANT_STATUSES, ParticipantFilters
from lives_admin.upstream import get_client, reset_client
from tests.integration.lives.helpers import api_requests

pytestmark = pytest.mark.django_db
TABS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "participants-tabs"}


def _counts_shown(html: str) -> dict[str, int]:
    found = re.findall(r'>(\w+)<span class="tab-count">(\d+)</span>', html)
    return {label: int(count) for label, count in found}


def test_the_tabs_of_a_small_live_cost_one_call_and_count_right(sandbox, viewer_client):
    live_id = "live003"  # participants of every status, fewer than a page
    expected = {
        status: get_client()
        .participants.list(live_id, ParticipantFilters(statuses=(status,)), limit=1)
        .total
        for status in PARTICIPANT_STATUSES
    }
    assert sum(expected.values()) <= 100 and all(expected.values())
    sandbox.clear_requests()
    html = viewer_client.get(f"/lives/{live_id}/participants/", **TABS).content.decode()
    assert len(api_requests(sandbox, "GET")) == 1
    assert _counts_shown(html) == {"All": sum(expected.values()), **expected}


def test_the_tabs_of_a_big_live_still_count_each_status(sandbox, viewer_client):
    live_id = "live003"
    sandbox.add_fake_participants(live_id, 150)
    expected = {
        status: get_client()
        .participants.list(live_id, ParticipantFilters(statuses=(status,)), limit=1)
        .total
        for status in PARTICIPANT_STATUSES
    }
    html = viewer_client.get(f"/lives/{live_id}/participants/", **TABS).content.decode()
    assert _counts_shown(html) == {"All": sum(expected.values()), **expected}


@pytest.fixture
def shared_reads(sandbox, settings):
    from django.core.cache import cache, caches

    cache.clear()  # the tabs' counts an earlier test cached
    caches["shared"].clear()
    settings.SHARED_READS = True
    reset_client()
    yield sandbox
    reset_client()


PANEL = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "participants-panel"}


def _status_totals(live_id):
    return {
        status: get_client()
        .participants.list(live_id, ParticipantFilters(statuses=(status,)), limit=1)
        .total
        for status in PARTICIPANT_STATUSES
    }


def test_tabs_after_a_panel_that_shows_everyone_cost_no_call(shared_reads, viewer_client):
    live_id = "live003"  # 50 participants: the panel's page of 50 shows them all
    url = f"/lives/{live_id}/participants/?per_page=50"
    viewer_client.get(url, **PANEL)
    shared_reads.clear_requests()
    html = viewer_client.get(url, **TABS).content.decode()
    assert api_requests(shared_reads, "GET") == []
    expected = _status_totals(live_id)
    assert sum(expected.values()) <= 50
    assert _counts_shown(html) == {"All": sum(expected.values()), **expected}


def test_tabs_of_a_live_bigger_than_a_page_count_each_status_without_a_wasted_read(
    shared_reads, viewer_client
):
    live_id = "live003"
    shared_reads.add_fake_participants(live_id, 150)
    viewer_client.get(f"/lives/{live_id}/participants/", **PANEL)
    shared_reads.clear_requests()
    html = viewer_client.get(f"/lives/{live_id}/participants/", **TABS).content.decode()
    limits = [dict(e["query"]).get("limit") for e in api_requests(shared_reads, "GET")]
    assert limits == ["1"] * len(PARTICIPANT_STATUSES)  # not the page of 100 first
    expected = _status_totals(live_id)
    assert _counts_shown(html) == {"All": sum(expected.values()), **expected}
