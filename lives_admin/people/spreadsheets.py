"""Any XLSX download: typed cells, a frozen and filtered header row, readable widths.

Written in openpyxl's streaming (write-only) mode into a temporary file, so memory
stays flat whatever the number of rows. Dates are real dates (Excel has no timezone:
they are written in the exporter's, which the column's title names), numbers are
numbers, and text that a spreadsheet would run as a formula ("=…", "+1+2") is a text
cell with Excel's quote-prefix style: never run, shown as typed (the CSV, which has no
styles, adds a visible apostrophe instead).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from lives_admin.people.exports import FORMULA_STARTS

DATE_FORMAT = "yyyy-mm-dd hh:mm"
# Room for the autofilter's drop-down arrow beside a column's title.
FILTER_ARROW = 4


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # in characters of the default font, before the title's own length
    kind: str = "text"  # "text" | "date" | "number"

    @property
    def shown_width(self) -> float:
        return max(self.width, len(self.title) + FILTER_ARROW)


def zone_name(zone) -> str:
    """The IANA name of a timezone ("Europe/Paris"), for a date column's title."""
    return getattr(zone, "key", None) or str(zone or timezone.get_current_timezone())


def local_naive(moment: datetime | None, zone) -> datetime | None:
    """`moment` on the wall clock of `zone`, without tzinfo (Excel stores none)."""
    if moment is None:
        return None
    return timezone.localtime(moment, zone).replace(tzinfo=None)


def xlsx_file(sheet_title: str, columns: Sequence[Column], rows: Iterable[Sequence]):
    """An XLSX of `rows` (values already typed per `columns`) in a temporary file, at 0."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    # Views and widths are written before the first row: set them first.
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.shown_width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = _text_cell(sheet, column.title, WriteOnlyCell)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    kinds = [column.kind for column in columns]
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 (count sizes the filter)
        sheet.append(
            [
                _cell(sheet, kind, value, WriteOnlyCell)
                for kind, value in zip(kinds, row, strict=True)
            ]
        )
    # The filter is written after the rows, so it can cover exactly them.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle


def _cell(sheet, kind: str, value, cell_class):
    if value is None or value == "":
        return None
    if kind == "date" and isinstance(value, datetime):
        cell = cell_class(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return _text_cell(sheet, value, cell_class)


def _text_cell(sheet, value, cell_class):
    """`value` as a text cell; one that looks like a formula gets the quote prefix."""
    text = str(value)
    cell = cell_class(sheet, value=text)
    cell.data_type = "s"  # openpyxl would type "=…" as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell
