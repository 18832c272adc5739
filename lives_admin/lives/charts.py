"""Server-rendered bar charts of a live's metrics: geometry only, the SVG is in a template.

Each chart carries a text alternative (`summary`), so a screen reader gets the
same numbers the bars show.

The SVG has no viewBox: its user unit is the CSS pixel, so its text keeps its size
(13 px) whatever the card's width, and bars are laid out in percentages of that width.
A bar's label and value sit on a line above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from lives_admin.i18n.formats import number, percent
from lives_admin.i18n.phrases import LIST_SEPARATOR
from lives_admin.lives.figures import NOT_OVER_YET_SHORT
from lives_admin.meltingspot import LiveMetrics

FONT_SIZE = 13  # px, as rendered: no viewBox scales it down
LINE_HEIGHT = 18  # the label line above a bar
BAR_HEIGHT = 14
BAR_GAP = 12  # below a bar, before the next label
ROW_HEIGHT = LINE_HEIGHT + BAR_HEIGHT + BAR_GAP
# Fill colours as SVG attributes, so a chart reads right before (or without) the stylesheet;
# `.chart-bar-<tone>` rules may still restyle them.
TONE_FILLS = {
    "invited": "#7c8cf8",
    "registered": "#4f9dde",
    "attended": "#2fa37a",
    "no-show": "#e0883a",
    "replay": "#9b6bd6",
}
TRACK_FILL = "#eef0f4"
TEXT_FILL = "#374151"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | None
    tone: str  # a CSS modifier: chart-bar-<tone>
    y: int  # top of the bar's row (its label line)
    width: float  # percent of the chart's width
    suffix: str = ""
    not_over_yet: bool = False  # a figure the live cannot have before its end

    @property
    def fill(self) -> str:
        return TONE_FILLS.get(self.tone, "#64748b")

    @property
    def shown(self) -> str:
        if self.not_over_yet:
            return NOT_OVER_YET_SHORT
        if self.value is None:
            return gettext("no data")
        shown = number(_rounded(self.value))
        return percent(_rounded(self.value)) if self.suffix == "%" else shown

    @property
    def text_y(self) -> int:
        return self.y + LINE_HEIGHT - 5

    @property
    def bar_y(self) -> int:
        return self.y + LINE_HEIGHT

    @property
    def percent(self) -> str:
        return f"{self.width}%"


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    bars: tuple[Bar, ...]
    summary: str
    track_fill: str = TRACK_FILL
    text_fill: str = TEXT_FILL
    font_size: int = FONT_SIZE

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT - BAR_GAP + 2

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT

    @property
    def has_data(self) -> bool:
        return any(bar.value for bar in self.bars)


def _rounded(value: int | float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


def _chart(
    slug: str,
    title: str,
    rows: list[tuple[str, int | float | None, str]],
    *,
    scale=None,
    suffix: str = "",
    not_over_yet: frozenset[str] = frozenset(),
):
    top = max([value or 0 for _, value, _ in rows] + [scale or 0]) or 1
    bars = tuple(
        Bar(
            label=label,
            value=value,
            tone=tone,
            y=index * ROW_HEIGHT,
            width=round(100 * min(value or 0, top) / top, 1),
            suffix=suffix,
            not_over_yet=label in not_over_yet,
        )
        for index, (label, value, tone) in enumerate(rows)
    )
    summary = str(LIST_SEPARATOR).join(
        gettext("%(label)s: %(value)s") % {"label": bar.label, "value": bar.shown} for bar in bars
    )
    return BarChart(slug=slug, title=title, bars=bars, summary=summary)


def _percent(part, whole) -> str:
    if not part or not whole:
        return percent(0)
    return percent(round(100 * part / whole))


def metric_charts(metrics: LiveMetrics, pending: frozenset[str] = frozenset()) -> list[BarChart]:
    """The funnel, attendance, no-shows and replay charts of a live's page; `pending`
    names the figures the live cannot have yet (figures.py), shown "not over yet"."""
    attended_pending = "attendee" in pending
    attended = pgettext("people", "Attended")
    funnel = _chart(
        "funnel",
        gettext("From invitation to attendance"),
        [
            (pgettext("people", "Invited"), metrics.invited, "invited"),
            (pgettext("people", "Registered"), metrics.registrant, "registered"),
            (attended, metrics.attendee, "attended"),
        ],
        not_over_yet=frozenset({attended} if attended_pending else ()),
    )
    registered = _percent(metrics.registrant, metrics.invited)
    funnel = _with_summary(
        funnel,
        gettext(
            "%(bars)s. %(registered)s of the invited registered; share of the registrants "
            "who attended: %(not_over_yet)s."
        )
        % {"bars": funnel.summary, "registered": registered, "not_over_yet": NOT_OVER_YET_SHORT}
        if attended_pending
        else gettext(
            "%(bars)s. %(registered)s of the invited registered and %(attended)s of the "
            "registrants attended."
        )
        % {
            "bars": funnel.summary,
            "registered": registered,
            "attended": _percent(metrics.attendee, metrics.registrant),
        },
    )
    rate = metrics.attendance_rate
    attendance = _chart(
        "attendance-rate",
        gettext("Attendance rate"),
        [(gettext("Attendance rate"), rate, "attended")],
        scale=100,
        suffix="%",
    )
    attendance = _with_summary(
        attendance,
        gettext("No attendance rate yet.")
        if rate is None
        else gettext("%(rate)s of the registrants attended.") % {"rate": percent(_rounded(rate))},
    )
    no_shows = _chart(
        "no-shows",
        gettext("Attendees and no-shows"),
        [
            (attended, metrics.attendee, "attended"),
            (gettext("No-shows"), metrics.no_show, "no-show"),
        ],
    )
    replays = _chart(
        "replays",
        gettext("Replay views"),
        [
            (gettext("Attendees"), metrics.attendee, "attended"),
            (gettext("Replay views"), metrics.total_replay_view, "replay"),
        ],
    )
    return [funnel, attendance, no_shows, replays]


def _with_summary(chart: BarChart, summary: str) -> BarChart:
    return BarChart(slug=chart.slug, title=chart.title, bars=chart.bars, summary=summary)
