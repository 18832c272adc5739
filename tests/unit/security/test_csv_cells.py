"""One helper makes every exported cell formula-safe, and every CSV download uses it."""

import csv
import io
from pathlib import Path

import pytest

from lives_admin.people.exports import csv_stream, safe_cell

LIVES_ADMIN = Path(__file__).resolve().parents[3] / "lives_admin"


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("https://evil.example")'],
)
def test_a_cell_that_starts_a_formula_gets_a_leading_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Ada", "ada@example.org", "1", "", "a=b", "'=1", "é"])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_none_and_numbers_become_text():
    assert safe_cell(None) == "" and safe_cell(12) == "12" and safe_cell(-3) == "'-3"


def test_csv_stream_escapes_every_cell_whatever_the_caller_passes():
    body = b"".join(csv_stream([("name", "note"), ("=cmd", "@x"), ("ok", "+1")])).decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows == [["name", "note"], ["'=cmd", "'@x"], ["ok", "'+1"]]


def test_every_csv_download_goes_through_csv_stream():
    writers = []
    for path in LIVES_ADMIN.rglob("*.py"):
        source = path.read_text()
        if path.name == "exports.py":
            continue
        if "text/csv" in source:
            assert "csv_stream(" in source, f"{path} sends CSV without csv_stream"
        if "csv.writer" in source or "DictWriter" in source:
            writers.append(path.name)
    assert writers == [], "CSV written outside lives_admin/people/exports.py"
