"""The first worksheet of an XLSX as rows of text, streamed within the upload budget.

Not openpyxl: its read-only mode pads every row to the width the sheet declares (a 2 KB
file declaring `A1:XFD1048576` made 16,384 cells a row until memory ran out) and it
parses the shared strings and styles whole. Here each part streams through
`safe_xml.stream_xml`, each cell is checked as it is read, and nothing is padded past
the last cell a row really has. Formulas are not evaluated: a cell gives its cached value.
"""

from __future__ import annotations

import posixpath
import re
from datetime import datetime

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from lives_admin.i18n.formats import number
from lives_admin.invites.safe_xml import DAMAGED, local, stream_xml, tag_in
from lives_admin.invites.safe_zip import member_chunks, open_archive
from lives_admin.invites.upload_budget import BudgetMeter, TableError

SHEET_TAGS = frozenset({"row", "c", "v", "is", "t", "rPh", "dimension"})
STRING_TAGS = frozenset({"si", "t", "rPh"})
CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
MAX_STYLES = 65_000  # Excel allows 64,000 cell formats


def read_xlsx(data: bytes, meter: BudgetMeter) -> list[list[str]]:
    """The rows with content of the workbook's first worksheet, cells as text."""
    with open_archive(data, meter) as archive:
        names = set(archive.namelist())
        workbook = _office_document(archive, names, meter)
        parts = _relationships(archive, _rels_path(workbook), names, meter)
        sheets, date1904 = _workbook(archive, workbook, meter)
        worksheets = [parts[rid][1] for rid in sheets if parts.get(rid, ("",))[0] == "worksheet"]
        if not worksheets or worksheets[0] not in names:
            raise TableError(DAMAGED)
        by_type = {kind: path for kind, path in parts.values() if path in names}
        strings = (
            _shared_strings(archive, by_type["sharedStrings"], meter)
            if "sharedStrings" in by_type
            else []
        )
        dates = _date_styles(archive, by_type["styles"], meter) if "styles" in by_type else set()
        sheet = _SheetReader(
            meter, strings, dates, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        )
        stream_xml(
            member_chunks(archive, worksheets[0], meter),
            meter,
            start=sheet.start,
            end=sheet.end,
            text=sheet.text,
        )
        return sheet.rows


# -- the workbook's parts ------------------------------------------------------------------
def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _office_document(archive, names: set[str], meter: BudgetMeter) -> str:
    if "_rels/.rels" in names:
        for kind, path in _relationships(archive, "_rels/.rels", names, meter).values():
            if kind == "officeDocument" and path in names:
                return path
    return "xl/workbook.xml"


def _relationships(
    archive, path: str, names: set[str], meter: BudgetMeter
) -> dict[str, tuple[str, str]]:
    """Relationship id → (type's last word, part path inside the zip)."""
    if path not in names:
        raise TableError(DAMAGED)
    folder = posixpath.dirname(posixpath.dirname(path))  # "xl/_rels/x.rels" → "xl"
    found: dict[str, tuple[str, str]] = {}

    def start(name, attributes):
        if local(name) != "Relationship" or attributes.get("TargetMode") == "External":
            return
        target = attributes.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        kind = attributes.get("Type", "").rpartition("/")[2]
        found[attributes.get("Id", "")] = (kind, posixpath.normpath(resolved))

    stream_xml(member_chunks(archive, path, meter), meter, start=start)
    return found


def _workbook(archive, path: str, meter: BudgetMeter) -> tuple[list[str], bool]:
    """The sheets' relationship ids in the workbook's order, and the 1904 date system."""
    sheets: list[str] = []
    date1904 = [False]

    def start(name, attributes):
        tag = local(name)
        if tag == "sheet":
            # r:id, whatever the producer named the relationships' prefix
            rid = next((v for k, v in attributes.items() if k.endswith(":id")), None)
            if rid:
                sheets.append(rid)
        elif tag == "workbookPr":
            date1904[0] = attributes.get("date1904", "").lower() in ("1", "true")

    stream_xml(member_chunks(archive, path, meter), meter, start=start)
    return sheets, date1904[0]


def _shared_strings(archive, path: str, meter: BudgetMeter) -> list[str]:
    """The workbook's table of texts; a phonetic guide (rPh) is not part of the text."""
    strings: list[str] = []
    pieces: list[str] = []
    state = {"in_text": False, "phonetic": 0, "length": 0}

    def start(name, attributes):
        tag = tag_in(STRING_TAGS, name)
        if tag == "si":
            pieces.clear()
            state["length"] = 0
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["in_text"] = True

    def end(name):
        tag = tag_in(STRING_TAGS, name)
        if tag == "t":
            state["in_text"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append("".join(pieces))
            if len(strings) > meter.budget.max_cells:
                raise TableError(
                    _(
                        "This workbook holds more than %(count)s different texts: save the "
                        "sheet with the people alone, or as CSV, and retry."
                    )
                    % {"count": number(meter.budget.max_cells)}
                )

    def text(content):
        if state["in_text"]:
            state["length"] += len(content)
            meter.check_cell(state["length"])
            pieces.append(content)

    stream_xml(member_chunks(archive, path, meter), meter, start=start, end=end, text=text)
    return strings


def _date_styles(archive, path: str, meter: BudgetMeter) -> set[int]:
    """Indexes of the cell formats that show a number as a date."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"in_cell_formats": False}

    def start(name, attributes):
        tag = local(name)
        if tag == "numFmt":
            number = _number(attributes.get("numFmtId"))
            if number is not None:
                custom[number] = attributes.get("formatCode", "")
        elif tag == "cellXfs":
            state["in_cell_formats"] = True
        elif tag == "xf" and state["in_cell_formats"]:
            if len(formats) >= MAX_STYLES:
                raise TableError(DAMAGED)
            formats.append(_number(attributes.get("numFmtId")) or 0)

    def end(name):
        if local(name) == "cellXfs":
            state["in_cell_formats"] = False

    stream_xml(member_chunks(archive, path, meter), meter, start=start, end=end)
    return {
        index
        for index, number in enumerate(formats)
        if is_date_format(custom.get(number) or BUILTIN_FORMATS.get(number) or "")
    }


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 10 else None


def column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def _dimension(reference: str) -> tuple[int, int] | None:
    """(rows, columns) a sheet declares with `<dimension ref="A1:XFD1048576"/>`."""
    corners = [CELL_REFERENCE.match(part) for part in reference.split(":")]
    if not corners or len(corners) > 2 or not all(corners):
        return None
    first, last = corners[0], corners[-1]
    rows = abs(int(last.group(2)) - int(first.group(2))) + 1
    columns = abs(column_index(last.group(1)) - column_index(first.group(1))) + 1
    return rows, columns


# -- the worksheet --------------------------------------------------------------------------
class _SheetReader:
    """Expat callbacks that build the rows with content, one cell at a time.

    They run for every element of the sheet, so they do the least they can: an empty
    cell (styled, by the thousand) is counted and skipped, unparsed."""

    def __init__(self, meter: BudgetMeter, strings: list[str], dates: set[int], epoch):
        self.meter = meter
        self.budget = meter.budget
        self.strings = strings
        self.dates = dates
        self.epoch = epoch
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.row_attributes: dict = {}
        self.rows_seen = 0
        self.next_column = 0  # for cells without a reference
        self.cell: dict | None = None  # the attributes of the cell being read
        self.pieces: list[str] = []
        self.length = 0
        self.capturing = False
        self.in_inline = False
        self.phonetic = 0

    @property
    def row_number(self) -> int:
        return _number(self.row_attributes.get("r")) or self.rows_seen

    def start(self, name, attributes):
        # Inline, not tag_in(): this runs for every element of the sheet.
        if name in SHEET_TAGS:
            tag = name
        elif ":" in name and (tag := name.rpartition(":")[2]) in SHEET_TAGS:
            pass
        else:
            return
        if tag == "c":
            if self.row is not None:
                self.meter.count_sheet_cell()
                self.cell = attributes
                self.pieces = []
                self.length = 0
        elif tag == "v":
            self.capturing = self.cell is not None
        elif tag == "t":
            self.capturing = self.in_inline and not self.phonetic
        elif tag == "is":
            self.in_inline = self.cell is not None
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            self.meter.count_sheet_row()
            self.rows_seen += 1
            self.row_attributes = attributes
            self.row = []
            self.next_column = 0
        elif tag == "dimension":
            self._check_dimension(attributes.get("ref", ""))

    def end(self, name):
        # Inline, not tag_in(): this runs for every element of the sheet.
        if name in SHEET_TAGS:
            tag = name
        elif ":" in name and (tag := name.rpartition(":")[2]) in SHEET_TAGS:
            pass
        else:
            return
        if tag == "c":
            if self.cell is not None:
                if self.pieces:
                    self._place()
                elif "r" not in self.cell:
                    self.next_column += 1
                self.cell = None
        elif tag in ("v", "t"):
            self.capturing = False
        elif tag == "is":
            self.in_inline = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row" and self.row is not None:
            if any(self.row):
                self.meter.count_row(len(self.row))
                self.rows.append(self.row)
            self.row = None
            self.meter.check_time()

    def text(self, content):
        if self.capturing:
            self.length += len(content)
            self.meter.check_cell(self.length, self.row_number)
            self.pieces.append(content)

    def _check_dimension(self, reference: str) -> None:
        declared = _dimension(reference)
        if declared is None:
            return
        rows, columns = declared
        if columns > self.budget.max_columns or rows * columns > self.budget.max_cells:
            raise TableError(
                _(
                    "The sheet declares a size of %(reference)s (%(rows)s rows × %(columns)s "
                    "columns), more than this form reads (%(max_columns)s columns, "
                    "%(max_cells)s cells): copy the people to a new sheet and retry."
                )
                % {
                    "reference": reference,
                    "rows": number(rows),
                    "columns": number(columns),
                    "max_columns": number(self.budget.max_columns),
                    "max_cells": number(self.budget.max_cells),
                }
            )

    def _place(self) -> None:
        reference = CELL_REFERENCE.match(self.cell.get("r", ""))
        column = column_index(reference.group(1)) if reference else self.next_column
        self.meter.check_columns(column + 1, self.row_number)
        self.next_column = column + 1
        value = self._value()
        if column < len(self.row):
            self.row[column] = value
        else:
            self.row.extend([""] * (column - len(self.row)))
            self.row.append(value)

    def _value(self) -> str:
        kind = self.cell.get("t", "n")
        raw = "".join(self.pieces).strip()
        if kind == "s":
            index = _number(raw)
            if index is None or index >= len(self.strings):
                raise TableError(DAMAGED)
            return self.strings[index].strip()
        if kind == "b":
            return "True" if raw == "1" else "False" if raw else ""
        if kind in ("n", "") and raw:
            return self._number_text(raw, _number(self.cell.get("s")))
        return raw  # inline strings, formula strings, errors, ISO dates

    def _number_text(self, raw: str, style: int | None) -> str:
        try:
            number = float(raw)
        except ValueError:
            return raw
        if style in self.dates:
            try:
                moment = from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return raw
            if isinstance(moment, datetime) and moment.time() == datetime.min.time():
                return moment.date().isoformat()
            return str(moment)
        if number.is_integer() and abs(number) < 1e16:
            return str(int(number))
        return str(number)
