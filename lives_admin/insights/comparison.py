"""Live vs live: the seven metrics side by side, with the best and worst of each marked.

Only lives that are over and had registrants are compared (an upcoming live has no
attendance yet), and only among three or more with different values: with two, each
would be "best" or "worst". Marks are words ("best", "worst"), so they read without colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lives_admin.lives.figures import pending_figures
from lives_admin.models import InsightLive

# Metric field → True when more is better. `invited` is the live's size, not a result.
MARKED = {
    "registrant": True,
    "attendee": True,
    "attendance_rate": True,
    "no_show": False,
    "no_show_rate": False,
    "average_view_time": True,
    "total_replay_view": True,
}
# Best and worst are marked among at least this many lives whose values differ.
MIN_MARKED = 3
COLUMNS = (
    ("invited", pgettext_lazy("people", "Invited")),
    ("registrant", _("Registrants")),
    ("attendee", _("Attendees")),
    ("attendance_rate", _("Attendance rate")),
    ("no_show", _("No-shows")),
    ("no_show_rate", _("No-show rate")),
    ("average_view_time", _("Avg view time")),
    ("total_replay_view", _("Replay views")),
)


MARK_LABELS = {
    "best": pgettext_lazy("metric mark", "best"),
    "worst": pgettext_lazy("metric mark", "worst"),
}


@dataclass
class Cell:
    name: str
    value: float | None
    mark: str = ""  # "best" | "worst" | ""
    pending: bool = False  # a figure the live cannot have yet: shown "—", not over yet

    @property
    def mark_label(self) -> str:
        """The mark as the reader's language says it ("best" stays the CSS class's word)."""
        return str(MARK_LABELS.get(self.mark, ""))


@dataclass
class ComparisonRow:
    live: InsightLive
    cells: list[Cell] = field(default_factory=list)
    mark: str = ""  # "Best" | "Worst": the live's attendance rate among the set

    @property
    def position(self) -> int:
        return self.live.position

    @property
    def title(self) -> str:
        return self.live.title

    @property
    def pending(self) -> frozenset[str]:
        # The snapshot's figures are as of its reading: the status then says if it was over.
        return pending_figures(self.live.status, None)

    @property
    def rated(self) -> bool:
        return not self.pending and bool(self.live.registrant)

    @property
    def attendance_rate(self) -> float | None:
        return self.live.attendance_rate

    @property
    def no_show_rate(self) -> float | None:
        live = self.live
        if not live.registrant or live.no_show is None:
            return None
        return round(100 * live.no_show / live.registrant)


def _value(row: ComparisonRow, name: str):
    return row.no_show_rate if name == "no_show_rate" else getattr(row.live, name)


def comparison(lives: list[InsightLive]) -> list[ComparisonRow]:
    rows = [ComparisonRow(live=live) for live in lives]
    for row in rows:
        pending = row.pending
        row.cells = [
            Cell(name, None, pending=True) if name in pending else Cell(name, _value(row, name))
            for name, _ in COLUMNS
        ]
    rated = [row for row in rows if row.rated]
    for index, (name, _label) in enumerate(COLUMNS):
        if name not in MARKED:
            continue
        valued = [row for row in rated if row.cells[index].value is not None]
        values = {row.cells[index].value for row in valued}
        # With two lives one is always "best" and the other "worst": that says nothing.
        if len(valued) < MIN_MARKED or len(values) < 2:
            continue
        higher = MARKED[name]
        best, worst = (max(values), min(values)) if higher else (min(values), max(values))
        for row in valued:  # lives tied at the top (or bottom) share the mark
            cell = row.cells[index]
            cell.mark = "best" if cell.value == best else "worst" if cell.value == worst else ""
            if name == "attendance_rate" and cell.mark:
                row.mark = cell.mark.capitalize()
    return rows
