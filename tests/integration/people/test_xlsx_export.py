"""The participants' Excel export is a spreadsheet, not a text dump: read back with openpyxl.

Dates are real dates in the exporter's timezone (named in the header), counts are
numbers, the header row is frozen and filtered, the columns have readable widths. The
CSV export of the same people stays as it was.
"""

import csv
import io
import zoneinfo
from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from lives_admin.upstream import get_client

pytestmark = pytest.mark.django_db
ZONE = "America/New_York"  # not the site's (UTC) nor the Spot's: the exporter's own


@pytest.fixture
def live(sandbox):
    return get_client().lives.retrieve("live003")


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def header_index(header, start):
    return next(i for i, name in enumerate(header) if name and name.startswith(start))


def test_the_xlsx_has_dates_numbers_a_frozen_filtered_header_and_widths(viewer_client, live):
    viewer_client.cookies["tz"] = ZONE
    body = download(viewer_client, f"/lives/{live.id}/participants/export.xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    people = {p.email: p for p in get_client().participants.iter_all(live.id)}
    assert len(rows) - 1 == len(people)

    invited = header_index(header, "Invited")
    registered = header_index(header, "Registered")
    view_time = header_index(header, "View time")
    assert header[invited] == f"Invited at ({ZONE})"
    assert header[registered] == f"Registered at ({ZONE})"
    email = header.index("Email")
    zone = zoneinfo.ZoneInfo(ZONE)
    dated = 0
    for row in rows[1:]:
        person = people[row[email].value]
        for column, moment in ((invited, person.invited_at), (registered, person.registered_at)):
            cell = row[column]
            if moment is None:
                assert cell.value is None
                continue
            dated += 1
            assert isinstance(cell.value, datetime), (header[column], cell.value)
            assert cell.is_date and "yy" in cell.number_format
            expected = moment.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
            assert cell.value.replace(second=0, microsecond=0) == expected
        if person.view_time is not None:
            assert isinstance(row[view_time].value, int | float)
            assert row[view_time].value == int(person.view_time)
    assert dated > len(people)  # most people have both dates in the demo data

    assert sheet.freeze_panes == "A2"
    last = get_column_letter(len(header))
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows)}"
    for index, name in enumerate(header, start=1):
        width = sheet.column_dimensions[get_column_letter(index)].width
        assert width and width >= len(name) * 0.9, (name, width)
    assert sheet.column_dimensions[get_column_letter(email + 1)].width >= 24


def test_a_formula_stays_text_in_the_xlsx_without_a_visible_apostrophe(viewer_client, sandbox):
    """A text cell with Excel's quote-prefix style: never run, shown as typed."""
    live_id = get_client().lives.list(limit=1).items[0].id
    get_client().speakers.invite(
        live_id, email="x@example.org", first_name='=HYPERLINK("http://x","y")', last_name="+1+2"
    )
    body = download(viewer_client, f"/lives/{live_id}/participants/export.xlsx?email=x@example.org")
    sheet = load_workbook(io.BytesIO(body)).active
    first, last, email = sheet["A2"], sheet["B2"], sheet["C2"]
    assert (first.data_type, last.data_type) == ("s", "s")
    assert (first.value, last.value) == ('=HYPERLINK("http://x","y")', "+1+2")
    assert (first.quotePrefix, last.quotePrefix) == (True, True)
    assert (email.value, email.quotePrefix) == ("x@example.org", False)  # plain text: plain


def test_the_csv_still_escapes_a_formula(viewer_client, sandbox):
    live_id = get_client().lives.list(limit=1).items[0].id
    get_client().speakers.invite(
        live_id, email="x@example.org", first_name="=HYPERLINK(1)", last_name="+1+2"
    )
    body = download(viewer_client, f"/lives/{live_id}/participants/export.csv?email=x@example.org")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1][:2] == ["'=HYPERLINK(1)", "'+1+2"]


def test_the_csv_export_keeps_its_text_dates_and_names_the_zone_in_its_header(viewer_client, live):
    viewer_client.cookies["tz"] = ZONE
    body = download(viewer_client, f"/lives/{live.id}/participants/export.csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    # The times' zone is named as in the spreadsheet's column titles.
    assert rows[0][5:8] == [f"Invited at ({ZONE})", f"Registered at ({ZONE})", "View time (s)"]
    person = next(p for p in get_client().participants.iter_all(live.id) if p.registered_at)
    row = next(r for r in rows[1:] if r[2] == person.email)
    expected = person.registered_at.astimezone(zoneinfo.ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M")
    assert row[6] == expected
