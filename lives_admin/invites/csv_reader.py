"""A CSV upload as rows of text, read a row at a time within the upload budget.

The text is decoded as it is read (a 10 MB upload is never held twice over as text),
and each row is checked for its columns, its cells' length and the deadline before the
next is read: a single line of 200,000 columns is refused, not carried to the page.
"""

from __future__ import annotations

import codecs
import csv
import io

from django.utils.translation import gettext_lazy as _

from lives_admin.invites.upload_budget import BudgetMeter, TableError

SAMPLE_CHARS = 5000
NOT_TEXT = _("This file is not a CSV text file. Save it as CSV (or XLSX) and retry.")


def _encoding(data: bytes) -> tuple[str, str]:
    """(codec, label): a byte-order mark says it; otherwise UTF-8, or Windows' Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "utf-16"  # Excel's "Unicode text"
    if b"\x00" in data:
        raise TableError(NOT_TEXT)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1024 * 1024):
            decoder.decode(data[start : start + 1024 * 1024])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252", "latin-1"
    return "utf-8", "utf-8"


def _dialect(data: bytes, codec: str):
    sample = data[: SAMPLE_CHARS * 4].decode(codec, errors="ignore")[:SAMPLE_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_csv(data: bytes, meter: BudgetMeter) -> tuple[list[list[str]], str]:
    codec, label = _encoding(data)
    dialect = _dialect(data, codec)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors="replace", newline="")
    reader = csv.reader(text, dialect)
    rows: list[list[str]] = []
    try:
        for row in reader:
            meter.check_time()
            meter.check_lines(reader.line_num)  # before a blank row is skipped
            meter.check_columns(len(row), reader.line_num)
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            meter.check_cell(max(map(len, cells)), reader.line_num)
            if any("\x00" in cell for cell in cells):  # UTF-16 that hides binary
                raise TableError(NOT_TEXT)
            meter.count_row(len(cells))
            rows.append(cells)
    except csv.Error as error:
        # The csv module's own cap on a cell (131,072 characters) is above ours: a cell it
        # refuses (one unbroken 9 MB line, a quote never closed) is one too long for us.
        if "field larger than field limit" in str(error):
            raise meter.cell_too_long(reader.line_num or None) from error
        raise TableError(_("This CSV file is broken: %(error)s.") % {"error": error}) from error
    return rows, label
