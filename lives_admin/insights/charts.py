"""Live vs live: attendance rate and no-show rate per live, in date order, as SVG geometry.

The look of the live page's charts (lives/charts.py): the same fills, track and text
colours, no viewBox (text keeps its 13 px at any width, bars are percentages of it),
bars drawn by a template, and a text alternative with every number. Each live is a row
named by its day and its title (shortened; the full title is in the row's tooltip, the chart's
description and the table below), then its two bars with their values. The best and
worst lives are named in words beside their value, not by colour alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from lives_admin.i18n.formats import day_and_month, percent
from lives_admin.i18n.phrases import LIST_SEPARATOR
from lives_admin.lives.charts import FONT_SIZE, TEXT_FILL, TONE_FILLS, TRACK_FILL

TITLE_CHARS = 30  # after "12 Feb · " it fits a 390 px screen at 13 px
WIDE_TITLE_CHARS = 80  # on a wide screen (the stylesheet shows one or the other)
LINE_HEIGHT = 18  # the title line of a live
BAR_HEIGHT = 13
BAR_GAP = 3  # between a live's two bars
ROW_GAP = 14  # below a live, before the next title
ROW_HEIGHT = LINE_HEIGHT + 2 * BAR_HEIGHT + BAR_GAP + ROW_GAP
# A 100 % bar takes this share of the width: its value and mark stay inside the chart.
BAR_SPAN = 64
VALUE_GAP = 6  # px between a bar's end and its value


def shortened(title: str, limit: int = TITLE_CHARS) -> str:
    """At most `limit` characters, cut in the middle: a series' titles often differ
    only at their end ("… session 3"), so both ends stay."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    # The end first (a third of the room), from a word boundary when there is one…
    tail = title[-((limit - 3) // 3) :]
    if title[-len(tail) - 1] != " " and " " in tail[:-2]:  # it starts mid-word
        tail = tail[tail.find(" ") + 1 :]
    # …then as much of the start as fits, to its last whole word if that is near.
    head = title[: limit - 3 - len(tail)]
    if " " in head[len(head) // 2 :]:
        head = head[: head.rfind(" ")]
    return f"{head.rstrip(' ,.:;-')} … {tail}"


@dataclass(frozen=True)
class Column:
    """One live's row (the name stays from when lives were columns)."""

    position: int
    title: str
    start_date: dt.datetime | None
    attendance: float | None
    no_show: float | None
    y: int  # top of the live's row
    mark: str = ""  # "Best" | "Worst" | ""

    @property
    def day(self) -> str:
        """The live's day in the reader's timezone, before its title: titles often end in
        a number ("Town hall #2"), so a "#1" before them read as part of the name."""
        if self.start_date is None:
            return ""
        return f"{day_and_month(timezone.localtime(self.start_date))} · "

    @property
    def label(self) -> str:
        return f"{self.day}{shortened(self.title)}"

    @property
    def wide_label(self) -> str:
        return f"{self.day}{shortened(self.title, WIDE_TITLE_CHARS)}"

    @property
    def label_y(self) -> int:
        return self.y + LINE_HEIGHT - 5

    @property
    def attendance_y(self) -> int:
        return self.y + LINE_HEIGHT

    @property
    def no_show_y(self) -> int:
        return self.attendance_y + BAR_HEIGHT + BAR_GAP

    @property
    def attendance_width(self) -> str:
        return _span(self.attendance)

    @property
    def no_show_width(self) -> str:
        return _span(self.no_show)

    @property
    def attendance_text_y(self) -> int:
        return self.attendance_y + BAR_HEIGHT - 2

    @property
    def no_show_text_y(self) -> int:
        return self.no_show_y + BAR_HEIGHT - 2

    @property
    def attendance_shown(self) -> str:
        if not self.mark:
            return _pct(self.attendance)
        mark = (
            pgettext("attendance", "best")
            if self.mark == "Best"
            else pgettext("attendance", "worst")
        )
        return f"{_pct(self.attendance)} · {mark}"

    @property
    def no_show_shown(self) -> str:
        return _pct(self.no_show)

    @property
    def described(self) -> str:
        said = {
            "live": f"{self.day}{self.title}",
            "attendance": _pct(self.attendance),
            "no_shows": _pct(self.no_show),
        }
        if self.attendance is None:
            return gettext("%(live)s: not rated (not over, or nobody registered)") % said
        if self.mark == "Best":
            return (
                gettext(
                    "%(live)s: attendance %(attendance)s, no-shows %(no_shows)s (best attendance)"
                )
                % said
            )
        if self.mark:
            return (
                gettext(
                    "%(live)s: attendance %(attendance)s, no-shows %(no_shows)s (worst attendance)"
                )
                % said
            )
        return gettext("%(live)s: attendance %(attendance)s, no-shows %(no_shows)s") % said


@dataclass(frozen=True)
class RateChart:
    columns: tuple[Column, ...]
    summary: str
    attendance_fill: str = TONE_FILLS["attended"]
    no_show_fill: str = TONE_FILLS["no-show"]
    track_fill: str = TRACK_FILL
    text_fill: str = TEXT_FILL
    font_size: int = FONT_SIZE
    bar_height: int = BAR_HEIGHT
    value_gap: int = VALUE_GAP
    track_width: str = f"{BAR_SPAN}%"

    @property
    def height(self) -> int:
        return len(self.columns) * ROW_HEIGHT - ROW_GAP + 2


def _pct(value) -> str:
    return "—" if value is None else percent(round(value))


def _span(rate) -> str:
    """A rate's bar width, in percent of the chart's width."""
    return f"{round(BAR_SPAN * max(0, min(100, rate or 0)) / 100, 1)}%"


def rate_chart(rows) -> RateChart:
    """`rows`: the comparison rows (views.insights.ComparisonRow), in date order."""
    columns = tuple(
        Column(
            position=row.position,
            title=row.title,
            start_date=row.live.start_date,
            attendance=row.attendance_rate if row.rated else None,
            no_show=row.no_show_rate if row.rated else None,
            y=index * ROW_HEIGHT,
            mark=row.mark,
        )
        for index, row in enumerate(rows)
    )
    summary = str(LIST_SEPARATOR).join(column.described for column in columns)
    return RateChart(columns=columns, summary=summary)
