"""Issue 18, fewer calls per live page: the status tabs of a live whose participants fit
in one page cost one read, counted here, the same numbers as one call per status."""

import re

import pytest

from lives_admin.meltingspot import PARTICIPANT_STATUSES, ParticipantFilters
from lives_admin.upstream import get_client
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
