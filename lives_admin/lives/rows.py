"""The list's table rows: what each cell shows, worked out once per live.

The markup is in the template (`lives_admin/lives/list.html`, partial `lives-rows`); this
module only turns a `Live` into display values, so the template's loop stays a few
variable look-ups per cell (the list must stay cheap next to its one API call).
"""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timezone import localtime

from lives_admin.forms.live_filters import BUILT_IN_TYPE_LABELS, SOLUTION_LABELS, STATUS_LABELS
from lives_admin.i18n.formats import PageFormats
from lives_admin.lives.figures import live_pending_figures
from lives_admin.meltingspot import Live

_PLACEHOLDER = "LIVE-ID-PLACEHOLDER"
_STATUS_BADGES = {"Planned": "badge-planned", "Live": "badge-live", "Ended": "badge-ended"}
ROWS_TEMPLATE = "lives_admin/lives/list.html#lives-rows"


class LiveRow(TypedDict):
    """A dict, not an object: the template engine finds a dict's keys at the first try."""

    id: str
    title: str
    detail_url: str
    start_iso: str  # "" when the live has no start
    start_shown: str
    status_label: str
    status_badge: str
    solution_label: str
    kind_label: str  # the built-in type, "" when none
    invited: str
    registrants: str
    attendees: str
    attendance: str
    # The figures that cannot exist yet read "—" and say why (lives/figures.py).
    attendees_pending: bool
    attendance_pending: bool


class _RowFormats:
    """What every row formats, read once per page: the language's number and date formats
    and the labels in the reader's language (plain strings, not lazy ones to translate
    again in every cell)."""

    def __init__(self):
        self.formats = PageFormats()
        self.statuses = {key: str(label) for key, label in STATUS_LABELS.items()}
        self.solutions = {key: str(label) for key, label in SOLUTION_LABELS.items()}
        self.kinds = {key: str(label) for key, label in BUILT_IN_TYPE_LABELS.items()}

    def number(self, value) -> str:
        if value is None:
            return "—"
        if isinstance(value, int) or float(value).is_integer():
            return self.formats.number(int(value))
        return self.formats.number(round(value, 1))

    def rate(self, rate) -> str:
        if rate is None:
            return "—"
        return self.formats.percent(int(rate) if float(rate).is_integer() else round(rate, 1))


def live_row(live: Live, now, detail: str, shown: _RowFormats) -> LiveRow:
    status = live.computed_status
    metrics = live.metrics
    pending = live_pending_figures(live, now)
    start = live.start_date
    return LiveRow(
        id=live.id,
        title=live.title,
        detail_url=detail.replace(_PLACEHOLDER, quote(live.id, safe="")),
        start_iso=start.isoformat() if start else "",
        # The organiser's timezone, activated per request.
        start_shown=shown.formats.date_time(localtime(start)) if start else "—",
        status_label=shown.statuses.get(status, status or "—"),
        status_badge=_STATUS_BADGES.get(status, "badge-neutral"),
        solution_label=shown.solutions.get(live.solution, live.solution or "—"),
        kind_label=shown.kinds.get(live.built_in_type, live.built_in_type)
        if live.built_in_type
        else "",
        invited=shown.number(metrics.invited),
        registrants=shown.number(metrics.registrant),
        attendees=shown.number(metrics.attendee),
        attendance=shown.rate(metrics.attendance_rate),
        attendees_pending="attendee" in pending,
        attendance_pending="attendance_rate" in pending,
    )


def live_rows(lives) -> list[LiveRow]:
    # One reverse for the page: the id goes into the path as the converter would put it.
    detail = reverse("lives_admin:live_detail", args=[_PLACEHOLDER])
    now = timezone.now()
    shown = _RowFormats()
    return [live_row(live, now, detail, shown) for live in lives]


def render_rows(lives, *, selectable: bool) -> SafeString:
    """The rows alone, as the list renders them (no Delete per row: a destructive action
    stays on the live's page, behind its dialog)."""
    return render_to_string(ROWS_TEMPLATE, {"rows": live_rows(lives), "can_select": selectable})
