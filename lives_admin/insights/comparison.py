"""Live vs live: the seven metrics side by side, with the best and worst of each marked.

Only lives that are over and had registrants are compared (an upcoming live has no
attendance yet). Marks are words ("best", "worst"), so they read without colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
COLUMNS = (
    ("invited", "Invited"),
    ("registrant", "Registrants"),
    ("attendee", "Attendees"),
    ("attendance_rate", "Attendance rate"),
    ("no_show", "No-shows"),
    ("no_show_rate", "No-show rate"),
    ("average_view_time", "Avg view time"),
    ("total_replay_view", "Replay views"),
)


@dataclass
class Cell:
    name: str
    value: float | None
    mark: str = ""  # "best" | "worst" | ""
    pending: bool = False  # a figure the live cannot have yet: shown "—", not over yet


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
    if len(rated) < 2:
        return rows  # nothing to compare with
    for index, (name, _) in enumerate(COLUMNS):
        if name not in MARKED:
            continue
        valued = [row for row in rated if row.cells[index].value is not None]
        if len({row.cells[index].value for row in valued}) < 2:
            continue  # all equal: no best, no worst
        higher = MARKED[name]
        best = (max if higher else min)(valued, key=lambda r: r.cells[index].value)
        worst = (min if higher else max)(valued, key=lambda r: r.cells[index].value)
        best.cells[index].mark, worst.cells[index].mark = "best", "worst"
        if name == "attendance_rate":
            best.mark, worst.mark = "Best", "Worst"
    return rows
