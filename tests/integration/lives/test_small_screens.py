"""What the small-screen layout needs from the server: every figure of a row names itself
(a phone shows each row as a card of labelled lines) and a wide table sits in a labelled,
keyboard-reachable region."""

import re

import pytest

from lives_admin.upstream import get_client
from tests.integration.lives.helpers import ROW

pytestmark = pytest.mark.django_db

LIVE = "live003"


def _cells(row: str) -> dict[str, str]:
    found = re.findall(r'<td[^>]*data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in found}


def test_every_figure_of_a_live_row_is_labelled(sandbox, organiser_client):
    live = get_client().lives.retrieve(LIVE)
    body = organiser_client.get("/lives/", {"title": live.title, "match": "eq"}).content.decode()
    cells = next(_cells(row) for live_id, row in ROW.findall(body) if live_id == LIVE)
    assert set(cells) == {
        "Starts",
        "Status",
        "Solution",
        "Invited",
        "Registrants",
        "Attendees",
        "Attendance",
    }
    assert cells["Invited"] == f"{live.metrics.invited:,}"
    assert cells["Status"] == "Ended"
    region = re.search(r'<div class="table-wrap"([^>]*)>\s*<table class="table lives-table"', body)
    assert region, "the lives table sits in its own box"
    assert 'role="region"' in region.group(1) and 'tabindex="0"' in region.group(1)
    assert re.search(r'aria-label="Lives, page 1 of 1"', region.group(1))


def test_every_cell_of_a_person_row_is_labelled(sandbox, viewer_client):
    body = viewer_client.get(f"/lives/{LIVE}/participants/").content.decode()
    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", body, re.S).group(1)
    assert list(_cells(first)) == [
        "Name",
        "Email",
        "Role",
        "Status",
        "Invited",
        "Registered",
        "View time",
        "Replay",
        "Attended",
    ]
    assert re.search(
        r'<div class="table-wrap" role="region" aria-label="Table of participants" tabindex="0">',
        body,
    )
