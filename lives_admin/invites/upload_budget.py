"""What reading one uploaded list may cost, checked while reading, before the cost is paid.

The 10 MB cap on the upload says nothing about what the file becomes: a 1.3 MB zip can
unzip to gigabytes, a 2 KB workbook can declare a sheet of 17 billion cells, one CSV line
can hold 200,000 columns. Every reader counts against one `BudgetMeter` and stops with a
`TableError` (a message for the organiser) the moment a limit is crossed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lives_admin.i18n.formats import number

MB = 1024 * 1024
MAX_ROWS = 50_000


class TableError(ValueError):
    """A file that cannot be read, with a message for the organiser."""

    def __init__(self, message):
        # A lazy text is put in the organiser's language now, while it is the active one.
        super().__init__(str(message))


@dataclass(frozen=True)
class UploadBudget:
    max_rows: int = MAX_ROWS  # rows with content, besides a header row
    max_columns: int = 200
    # 50,000 people × 10 columns: far more than an invite list needs, and what the
    # column step keeps in the draft stays a few MB.
    max_cells: int = 500_000
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_unzipped_bytes: int = 50 * MB
    max_ratio: int = 100  # a sheet's XML deflates 10-20 to 1; deflate's own ceiling is ~1,000
    ratio_from_bytes: int = 1 * MB  # small members may compress well: judge only big ones
    max_members: int = 1_000
    # Each element costs about a microsecond of expat and Python callbacks: this bounds the
    # time of a hostile workbook (empty elements by the million fit in 10 MB zipped) to
    # under a second. 50,000 people × 3 columns take 0.5-0.65 million; CSV has no such cost.
    max_xml_elements: int = 800_000
    seconds: float = 10.0  # a last resort: the counts above stop hostile files sooner

    @property
    def max_lines(self) -> int:
        """Physical lines of a CSV, blank ones included: rows without content cost a read
        too, and 10 MB of line breaks are ten million of them."""
        return 2 * (self.max_rows + 1)

    def meter(self, clock: Callable[[], float] | None = None) -> BudgetMeter:
        # By default the reading thread's own CPU time: what a hostile file costs the
        # server, not how busy the machine is (a loaded one would stop honest files first).
        return BudgetMeter(self, clock or time.thread_time)


class BudgetMeter:
    """The running costs of one read, and the deadline it must finish by."""

    def __init__(self, budget: UploadBudget, clock: Callable[[], float]):
        self.budget = budget
        self._clock = clock
        self._deadline = clock() + budget.seconds
        self.unzipped = 0
        self.elements = 0
        self.sheet_rows = 0
        self.sheet_cells = 0
        self.cells = 0
        self.rows = 0

    def check_time(self) -> None:
        if self._clock() > self._deadline:
            seconds = self.budget.seconds
            raise TableError(
                _(
                    "Reading this file took longer than %(seconds)s seconds, so it was "
                    "stopped: keep only the columns you need, or split it, and retry."
                )
                % {"seconds": number(seconds, 0 if float(seconds).is_integer() else None)}
            )

    def count_unzipped(self, size: int) -> None:
        """Bytes actually inflated (a zip's headers may understate them)."""
        self.unzipped += size
        if self.unzipped > self.budget.max_unzipped_bytes:
            raise too_large_unzipped(self.budget)

    def count_elements(self, count: int) -> None:
        """Elements about to be parsed, counted in C before Python sees any of them."""
        self.elements += count
        if self.elements > self.budget.max_xml_elements:
            raise TableError(
                _(
                    "This workbook holds more than %(count)s XML elements, more than a list of "
                    "people needs: save the sheet with the people alone, or as CSV, and retry."
                )
                % {"count": number(self.budget.max_xml_elements)}
            )

    def count_sheet_row(self) -> None:
        """Every row element, empty ones included (a million fit in a small file)."""
        self.sheet_rows += 1
        if self.sheet_rows > 2 * (self.budget.max_rows + 1):
            raise TableError(
                _(
                    "The sheet has more than %(count)s rows, empty ones included: copy the "
                    "people to a new sheet and retry."
                )
                % {"count": number(2 * (self.budget.max_rows + 1))}
            )

    def check_lines(self, lines: int) -> None:
        """Lines read so far from a CSV (the reader's own count, blank lines included)."""
        if lines > self.budget.max_lines:
            raise TableError(
                _(
                    "The file has more than %(count)s lines, empty ones included: remove the "
                    "empty lines, or split it, and retry."
                )
                % {"count": number(self.budget.max_lines)}
            )

    def count_sheet_cell(self) -> None:
        """Every cell element, empty ones included."""
        self.sheet_cells += 1
        if self.sheet_cells > self.budget.max_cells:
            raise TableError(
                _(
                    "The sheet has more than %(count)s cells, empty ones included: copy the "
                    "people to a new sheet and retry."
                )
                % {"count": number(self.budget.max_cells)}
            )

    def check_columns(self, count: int, row: int) -> None:
        if count > self.budget.max_columns:
            raise TableError(
                _(
                    "The sheet has more than %(count)s columns (row %(row)s has more): keep "
                    "only the columns you need (the email, the names) and retry."
                )
                % {"count": number(self.budget.max_columns), "row": number(row)}
            )

    def check_cell(self, length: int, row: int | None = None) -> None:
        if length > self.budget.max_cell_chars:
            raise self.cell_too_long(row)

    def cell_too_long(self, row: int | None = None) -> TableError:
        said = {"count": number(self.budget.max_cell_chars), "row": number(row or 0)}
        if row:
            return TableError(
                _(
                    "A cell on row %(row)s holds more than %(count)s characters, more than a "
                    'spreadsheet cell can: a quotation mark (") may be left open, or this is '
                    "not a list of people."
                )
                % said
            )
        return TableError(
            _(
                "A cell holds more than %(count)s characters, more than a spreadsheet cell "
                'can: a quotation mark (") may be left open, or this is not a list of people.'
            )
            % said
        )

    def count_row(self, cells: int) -> None:
        """One row with content: the rows and cells so far must stay within the budget."""
        self.rows += 1
        self.cells += cells
        if self.rows > self.budget.max_rows + 1:  # + a header row
            raise TableError(
                _("The file has more than %(count)s rows: split it and retry.")
                % {"count": number(self.budget.max_rows)}
            )
        if self.cells > self.budget.max_cells:
            raise TableError(
                _(
                    "The file has more than %(count)s cells: keep only the columns you need "
                    "(the email, the names), or split it, and retry."
                )
                % {"count": number(self.budget.max_cells)}
            )


def too_large_unzipped(budget: UploadBudget) -> TableError:
    return TableError(
        _(
            "This file is too large once unzipped (over %(size)s MB): save the sheet with the "
            "people alone, or as CSV, and retry."
        )
        % {"size": number(budget.max_unzipped_bytes // MB)}
    )
