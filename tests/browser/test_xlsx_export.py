"""The participants' "Export Excel" link in a real browser gives a spreadsheet: dates in the
browser's timezone (named in the header), numbers, a frozen filtered header, widths."""

import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from lives_admin.upstream import get_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE_ID = "live003"  # a past live with participants of every status


def test_export_excel_downloads_a_real_spreadsheet(browser_page, screenshot):
    page = browser_page
    live = get_client().lives.retrieve(LIVE_ID)
    total = get_client().participants.list(live.id, limit=1).total
    page.goto(f"/lives/{live.id}/")
    participants = page.locator("#participants-panel")
    link = participants.get_by_role("link", name="Export Excel")
    link.wait_for()
    page.locator("#participants-panel h2").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -80)")  # below the sticky top bar
    screenshot(page, "xlsx-export-link", full_page=False)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active

    header = [cell.value for cell in sheet[1]]
    assert "Registered at (Europe/Paris)" in header  # the browser's timezone
    assert "Invited at (Europe/Paris)" in header
    registered = header.index("Registered at (Europe/Paris)") + 1
    view_time = header.index("View time (s)") + 1
    dates = [sheet.cell(row, registered).value for row in range(2, total + 2)]
    assert any(dates) and all(isinstance(d, datetime) for d in dates if d is not None)
    seconds = [sheet.cell(row, view_time).value for row in range(2, total + 2)]
    assert all(isinstance(s, int) for s in seconds if s is not None)
    assert any(s is not None for s in seconds)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}{total + 1}"
    widths = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, 12)]
    assert all(width and width >= 10 for width in widths), widths
