"""The list's rows are built in Python for speed: every API value must still be escaped."""

import datetime as dt
import re
import zoneinfo

from django.utils import timezone

from lives_admin.lives.rows import render_rows
from lives_admin.meltingspot import Live

LIVE = Live.from_api(
    {
        "id": 'x"><script>',
        "title": "<b>Talk</b> & 'quotes'",
        "startDate": "2026-01-15T10:00:00Z",
        "endDate": "2026-01-15T11:00:00Z",
        "metrics": {"invited": 1234, "registrant": 10, "attendee": None, "attendanceRate": 40.5},
        "computedStatus": "Ended",
        "solution": "BuiltIn",
        "builtInType": "Workshop",
    }
)


def test_values_are_escaped_and_numbers_formatted():
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        html = render_rows([LIVE], selectable=True)
    assert "<script>" not in html
    assert "<b>Talk</b>" not in html
    assert "&lt;b&gt;Talk&lt;/b&gt; &amp; &#x27;quotes&#x27;" in html
    assert 'href="/lives/x%22%3E%3Cscript%3E/"' in html
    assert "Thu 15 Jan 2026, 11:00" in html  # the organiser's timezone
    assert re.search(r'<td class="num" data-label="\w+">1,234</td>', html)
    assert re.search(r'<td class="num" data-label="\w+">—</td>', html)
    assert "40.5 %" in html
    assert 'class="badge badge-ended">Ended<' in html
    assert 'name="selected"' in html


def test_viewers_get_no_checkbox():
    html = render_rows([LIVE], selectable=False)
    assert 'name="selected"' not in html


def test_no_row_offers_delete():
    """Deleting stays on the live's page, behind its dialog: not one click from a scan."""
    html = render_rows([LIVE], selectable=True)
    assert "Delete" not in html and "/delete/" not in html


def test_figures_of_a_live_not_over_read_a_dash_saying_why():
    """A planned live has no attendance yet: not "0 %", not "0 attendees"."""
    start = timezone.now() + dt.timedelta(days=7)
    planned = Live.from_api(
        {
            "id": "next-week",
            "title": "Next week",
            "startDate": start.isoformat(),
            "endDate": (start + dt.timedelta(hours=1)).isoformat(),
            "metrics": {"invited": 3, "registrant": 1, "attendee": 0, "attendanceRate": 0},
            "computedStatus": "Planned",
        }
    )
    html = render_rows([planned], selectable=False)
    assert "0 %" not in html
    cells = re.findall(r'<td class="num" data-label="\w+">(.*?)</td>', html)
    assert cells[:2] == ["3", "1"]
    for cell in cells[2:]:
        assert cell.startswith('<span title="Not over yet') and ">—<" in cell
