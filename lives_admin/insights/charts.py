"""Live vs live: attendance rate and no-show rate per live, in date order, as SVG geometry.

The look of the live page's charts (lives/charts.py): the same fills, track and text
colours, bars drawn by a template, and a text alternative with every number. The best
and worst lives are named in text above their bars, not by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from lives_admin.lives.charts import TEXT_FILL, TONE_FILLS, TRACK_FILL

AXIS_WIDTH = 40
PLOT_TOP = 30  # room for the "Best" / "Worst" marks
PLOT_HEIGHT = 180
LABEL_HEIGHT = 24
MIN_WIDTH = 400


@dataclass(frozen=True)
class Column:
    position: int
    title: str
    attendance: float | None
    no_show: float | None
    x: float
    bar_width: float
    mark: str = ""  # "Best" | "Worst" | ""

    def _height(self, rate) -> float:
        return round(PLOT_HEIGHT * max(0, min(100, rate or 0)) / 100, 1)

    @property
    def attendance_y(self) -> float:
        return PLOT_TOP + PLOT_HEIGHT - self._height(self.attendance)

    @property
    def attendance_height(self) -> float:
        return self._height(self.attendance)

    @property
    def no_show_x(self) -> float:
        return self.x + self.bar_width

    @property
    def no_show_y(self) -> float:
        return PLOT_TOP + PLOT_HEIGHT - self._height(self.no_show)

    @property
    def no_show_height(self) -> float:
        return self._height(self.no_show)

    @property
    def centre(self) -> float:
        return self.x + self.bar_width

    @property
    def mark_y(self) -> float:
        return max(12, self.attendance_y - 6)

    @property
    def described(self) -> str:
        if self.attendance is None:
            return f"#{self.position} {self.title}: not rated (not over, or nobody registered)"
        mark = f" ({self.mark.lower()} attendance)" if self.mark else ""
        return (
            f"#{self.position} {self.title}: attendance {_pct(self.attendance)}, "
            f"no-shows {_pct(self.no_show)}{mark}"
        )


@dataclass(frozen=True)
class RateChart:
    columns: tuple[Column, ...]
    view_width: int
    summary: str
    attendance_fill: str = TONE_FILLS["attended"]
    no_show_fill: str = TONE_FILLS["no-show"]
    track_fill: str = TRACK_FILL
    text_fill: str = TEXT_FILL
    axis_width: int = AXIS_WIDTH
    plot_top: int = PLOT_TOP

    @property
    def height(self) -> int:
        return PLOT_TOP + PLOT_HEIGHT + LABEL_HEIGHT

    @property
    def baseline(self) -> int:
        return PLOT_TOP + PLOT_HEIGHT

    @property
    def label_y(self) -> int:
        return PLOT_TOP + PLOT_HEIGHT + 16

    @property
    def gridlines(self) -> list[tuple[float, str]]:
        shares = (0, 0.5, 1)
        return [(PLOT_TOP + PLOT_HEIGHT * (1 - s), f"{round(s * 100)} %") for s in shares]

    @property
    def is_wide(self) -> bool:
        """Many lives: the chart keeps its size and scrolls rather than shrink unreadably."""
        return len(self.columns) > 12

    @property
    def plot_right(self) -> int:
        return self.view_width


def _pct(value) -> str:
    return "—" if value is None else f"{round(value)} %"


def rate_chart(rows) -> RateChart:
    """`rows`: the comparison rows (views.insights.ComparisonRow), in date order."""
    count = max(1, len(rows))
    # Wide groups for a few lives, narrow ones for many (the chart then scrolls).
    group = max(18, min(96, (720 - AXIS_WIDTH) // count))
    view_width = max(MIN_WIDTH, AXIS_WIDTH + count * group + 8)
    bar = (group - 6) / 2
    columns = tuple(
        Column(
            position=row.position,
            title=row.title,
            attendance=row.attendance_rate if row.rated else None,
            no_show=row.no_show_rate if row.rated else None,
            x=AXIS_WIDTH + index * group + 3,
            bar_width=bar,
            mark=row.mark,
        )
        for index, row in enumerate(rows)
    )
    summary = "; ".join(column.described for column in columns)
    return RateChart(columns=columns, view_width=view_width, summary=summary)
