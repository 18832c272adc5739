"""Every download is safe to open in a spreadsheet: no cell starts a formula.

The hostile world's names and titles start with = + - @; each export that carries
them is downloaded through its page and read back: the text is all there, behind a
leading apostrophe, so Excel or LibreOffice shows it instead of running it.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from lives_admin.people.exports import FORMULA_STARTS
from tests.integration.security.conftest import HOSTILE_FIRST, HOSTILE_LAST, HOSTILE_TITLE

pytestmark = pytest.mark.django_db


def csv_cells(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def assert_formula_safe(rows, *expected_texts):
    cells = [cell for row in rows for cell in row]
    assert len(rows) > 1, "the export has no rows"
    formulas = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert formulas == []
    for expected in expected_texts:
        assert "'" + expected in cells, expected


def test_the_participants_exports_escape_formulas(hostile):
    url = "/lives/live003/participants/export"
    rows = csv_cells(hostile.client.get(f"{url}.csv", {"email": "hostile"}))
    assert_formula_safe(rows, HOSTILE_FIRST, HOSTILE_LAST)
    workbook = hostile.client.get(f"{url}.xlsx", {"email": "hostile"})
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells), "a cell is stored as a formula"
    # Excel keeps them as typed text: a text cell with its quote-prefix style, nothing added.
    risky = [cell for cell in cells if str(cell.value or "").startswith(FORMULA_STARTS)]
    assert {cell.value for cell in risky} >= {HOSTILE_FIRST, HOSTILE_LAST}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky)


def test_the_audit_export_escapes_formulas(hostile):
    rows = csv_cells(hostile.client.get("/audit/export.csv"))
    cells = [cell for row in rows for cell in row]
    assert_formula_safe(rows)
    assert any(cell.startswith("'" + HOSTILE_TITLE[:40]) for cell in cells)


def test_the_insights_segment_export_escapes_formulas(hostile):
    rows = csv_cells(hostile.client.get(f"/insights/{hostile.snapshot_id}/everyone.csv"))
    assert_formula_safe(rows, HOSTILE_FIRST, HOSTILE_LAST)


def test_the_job_report_escapes_formulas(hostile):
    rows = csv_cells(hostile.client.get(f"/jobs/{hostile.job_id}/report.csv"))
    assert_formula_safe(rows, HOSTILE_TITLE, HOSTILE_FIRST, HOSTILE_LAST)


def test_the_invitation_previews_escape_formulas(hostile):
    pasted = "\n".join(("+SUM(1,2)", "=1+2@example.org", "-cmd|' /C calc'!A0", "@SUM(A1)"))
    started = hostile.client.post(
        "/lives/live003/invite/",
        {"role": "participants", "source": "paste", "pasted": pasted},
    )
    assert started.status_code == 302, started.content.decode()[:1000]
    preview = started["Location"]
    rows = csv_cells(hostile.client.get(preview.replace("preview/", "preview.csv")))
    assert_formula_safe(rows, "=1+2@example.org")  # a valid address, to be invited
    invalid = csv_cells(hostile.client.get(preview.replace("preview/", "invalid-rows.csv")))
    assert_formula_safe(invalid, "+SUM(1", "-cmd|' /C calc'!A0", "@SUM(A1)")
