"""The list's rows are built in Python for speed: every API value must still be escaped."""

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
        "computedStatus": "Planned",
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
    assert '<td class="num">1,234</td>' in html
    assert '<td class="num">—</td>' in html
    assert "40.5 %" in html
    assert 'class="badge badge-planned">Planned<' in html
    assert 'name="selected"' in html


def test_viewers_get_no_checkbox():
    html = render_rows([LIVE], selectable=False)
    assert 'name="selected"' not in html


def test_no_row_offers_delete():
    """Deleting stays on the live's page, behind its dialog: not one click from a scan."""
    html = render_rows([LIVE], selectable=True)
    assert "Delete" not in html and "/delete/" not in html
