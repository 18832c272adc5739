"""Reading uploads within the budget: what the limits refuse, and what is still read right.

The hostile files themselves are posted through the form in
tests/integration/invites/test_hostile_uploads.py; here, the parts the form cannot reach
(a clock that runs out, bytes counted whatever the headers say) and the fidelity of the
streaming XLSX reader against what openpyxl reads.
"""

import datetime as dt
import io
import itertools
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from lives_admin.invites.parse import read_table
from lives_admin.invites.safe_zip import member_chunks
from lives_admin.invites.upload_budget import TableError, UploadBudget
from lives_admin.invites.xlsx_reader import _dimension
from tests.hostile_files import MAIN_NS, PEOPLE_ROWS, sheet, strings, xlsx


def ticking_clock(step: float = 1.0):
    """A clock that moves `step` seconds each time it is read: no sleeping."""
    ticks = itertools.count()
    return lambda: next(ticks) * step


def csv_of(rows: int) -> bytes:
    return ("email\n" + "".join(f"p{n}@example.org\n" for n in range(rows))).encode()


# -- the deadline ---------------------------------------------------------------------------
def test_a_csv_read_past_the_deadline_is_stopped_while_reading():
    with pytest.raises(TableError, match="took longer than 5 seconds, so it was stopped"):
        read_table(csv_of(100), "people.csv", budget=UploadBudget(seconds=5), clock=ticking_clock())


def test_a_workbook_read_past_the_deadline_is_stopped_while_reading():
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>p{n}@example.org</t></is></c></row>'
        for n in range(1, 101)
    )
    with pytest.raises(TableError, match="took longer than 5 seconds"):
        read_table(
            xlsx(sheet(rows)), "people.xlsx", budget=UploadBudget(seconds=5), clock=ticking_clock()
        )


def test_within_the_deadline_the_same_file_is_read():
    table = read_table(
        csv_of(100), "people.csv", budget=UploadBudget(seconds=1e9), clock=ticking_clock()
    )
    assert len(table.rows) == 100


# -- bytes, whatever the headers say ----------------------------------------------------------
def test_bytes_are_counted_as_they_inflate_not_taken_from_the_headers():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 300_000)
    meter = UploadBudget(max_unzipped_bytes=200_000).meter()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:  # no header checked here
        chunks = member_chunks(archive, "xl/worksheets/sheet1.xml", meter)
        with pytest.raises(TableError, match="too large once unzipped"):
            for _ in chunks:
                pass
    assert 200_000 < meter.unzipped <= 200_000 + 64 * 1024


def test_a_part_that_inflates_more_than_100_to_1_is_refused_before_reading():
    data = xlsx(sheet(PEOPLE_ROWS + " " * 2_000_000))
    with pytest.raises(TableError, match="unzips to more than 100 times its size"):
        read_table(data, "people.xlsx")


def test_the_declared_dimension_is_read_as_rows_and_columns():
    assert _dimension("A1:XFD1048576") == (1_048_576, 16_384)
    assert _dimension("B2") == (1, 1)
    assert _dimension("$A$1:$C$50001") == (50_001, 3)
    assert _dimension("nonsense") is None


def test_a_dimension_within_the_budget_is_read():
    table = read_table(xlsx(sheet(before='<dimension ref="A1:B2"/>')), "people.xlsx")
    assert table.rows == (("ada@example.org", "Ada"),)


# -- what a workbook says, read as openpyxl reads it ------------------------------------------
def test_a_workbook_saved_by_openpyxl_reads_as_openpyxl_reads_it():
    book = Workbook()
    people = book.active
    people.append(["Email", "First name", "Joined", "Active", "Score", "Phone"])
    people.append(["ada@example.org", "Ada", dt.datetime(2023, 7, 15), True, 1.5, 612345678])
    people.append(["bob@example.org", "Bob", dt.datetime(2023, 7, 15, 10, 30), False, 3.0, "0612"])
    people["H5"] = "far away"
    book.create_sheet("Other").append(["not read"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "people.xlsx")
    assert table.headers == ("Email", "First name", "Joined", "Active", "Score", "Phone")
    assert table.rows == (
        ("ada@example.org", "Ada", "2023-07-15", "True", "1.5", "612345678"),
        ("bob@example.org", "Bob", "2023-07-15 10:30:00", "False", "3", "0612"),
        ("", "", "", "", "", "", "", "far away"),
    )
    reference = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True, data_only=True)
    openpyxl_rows = list(reference.worksheets[0].iter_rows(values_only=True))
    assert [str(value) for value in openpyxl_rows[1][:2]] == list(table.rows[0][:2])


def test_shared_strings_leave_out_phonetic_guides_and_join_rich_runs():
    shared = (
        strings(
            "ada@example.org",
            "<r><t>Ada </t></r><r><rPr><b/></rPr><t>Lovelace</t></r>"
            "<rPh sb='0' eb='1'><t>ラ</t></rPh>",
        )
        .replace("<si><t><r>", "<si><r>")
        .replace("</rPh></t></si>", "</rPh></si>")
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    assert read_table(xlsx(sheet(rows), shared=shared), "p.xlsx").rows == (
        ("ada@example.org", "Ada Lovelace"),
    )


def test_a_shared_string_that_does_not_exist_is_a_damaged_file():
    rows = '<row r="1"><c r="A1" t="s"><v>7</v></c></row>'
    with pytest.raises(TableError, match="may be damaged"):
        read_table(xlsx(sheet(rows)), "p.xlsx")


def test_prefixed_elements_cells_without_references_and_gaps_between_rows():
    rows = (
        '<x:row r="1"><x:c t="inlineStr"><x:is><x:t>ada@example.org</x:t></x:is></x:c>'
        '<x:c s="3"/><x:c><x:v>42</x:v></x:c></x:row>'
        '<x:row r="10"><x:c r="C10" t="inlineStr"><x:is><x:t>grace@example.org</x:t></x:is>'
        "</x:c></x:row>"
    )
    prefixed = (
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{MAIN_NS}">'
        f"<x:sheetData>{rows}</x:sheetData></x:worksheet>"
    )
    table = read_table(xlsx(prefixed), "p.xlsx")
    assert table.rows == (("ada@example.org", "", "42"), ("", "", "grace@example.org"))


def test_the_1904_date_system():
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<workbook xmlns="{MAIN_NS}" xmlns:rel="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><workbookPr date1904="1"/>'
        '<sheets><sheet name="People" sheetId="1" rel:id="rId1"/></sheets></workbook>'
    )
    styles = (
        f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14"/></cellXfs></styleSheet>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId3" Target="/xl/styles.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/styles"/></Relationships>'
    )
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a@b.org</t></is></c>'
        '<c r="B1" s="1"><v>1</v></c></row>'
    )
    data = xlsx(
        sheet(rows),
        parts={
            "xl/workbook.xml": workbook,
            "xl/styles.xml": styles,
            "xl/_rels/workbook.xml.rels": rels,
        },
    )
    assert read_table(data, "p.xlsx").rows == (("a@b.org", "1904-01-02"),)


# -- CSV --------------------------------------------------------------------------------------
def test_a_csv_cell_longer_than_a_spreadsheet_cell_is_refused():
    data = b"email,notes\nada@example.org," + b"x" * 40_000 + b"\n"
    with pytest.raises(TableError, match="A cell on row 2 holds more than 32,767 characters"):
        read_table(data, "people.csv")


def test_a_csv_of_exactly_the_budget_is_read():
    budget = UploadBudget(max_rows=10, max_columns=3, max_cells=33)
    data = "\n".join(["a,b,c"] + [f"p{n}@example.org,x,y" for n in range(10)]).encode()
    assert len(read_table(data, "p.csv", budget=budget).rows) == 10
    with pytest.raises(TableError, match="more than 10 rows"):
        read_table(data + b"\nextra@example.org,x,y", "p.csv", budget=budget)
    with pytest.raises(TableError, match="more than 3 columns"):
        read_table(data + b",z", "p.csv", budget=budget)


@pytest.mark.parametrize("blank", [b"\n", b"\r", b"\r\n", b" \n", b",,\n"])
def test_blank_lines_count_against_the_budget_so_a_file_of_them_stops_early(blank):
    # A clock that passes the 1 s deadline after 200,000 reads: the lines budget (100,002
    # for 50,000 rows) must stop the file first, blank lines and all, well before it.
    clock = ticking_clock(step=1 / 200_000)
    with pytest.raises(TableError, match="more than 100,002 lines, empty ones included"):
        read_table(blank * 4_000_000, "p.csv", budget=UploadBudget(seconds=1), clock=clock)


def test_blank_lines_within_the_budget_do_not_hide_the_rows_after_them():
    data = b"email\n" + b"\n" * 1_000 + b"ada@example.org\n"
    table = read_table(data, "p.csv", budget=UploadBudget(max_rows=1_000))
    assert table.rows == (("ada@example.org",),)


@pytest.mark.parametrize("data", [b"a" * 200_000, b'email\n"' + b"x\n" * 100_000])
def test_a_cell_past_the_csv_modules_own_limit_gets_a_sentence_not_the_parser_text(data):
    with pytest.raises(TableError, match="holds more than 32,767 characters") as refused:
        read_table(data, "p.csv")
    assert "field limit" not in str(refused.value)


def test_a_header_wider_than_the_rows_under_it_keeps_its_columns():
    """Rows are not padded to the sheet's width (that is what exhausted memory)."""
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>First name</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Last name</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>ada@example.org</t></is></c>'
        '<c r="B2" s="1"/><c r="C2"><f>TODAY()</f></c></row>'
    )
    table = read_table(xlsx(sheet(rows)), "p.xlsx")
    assert table.rows == (("ada@example.org",),)
    assert table.column_names == ["Email", "First name", "Last name"]


def test_the_time_budget_counts_the_reading_threads_own_work_not_the_machines_load():
    """A busy machine (another process holding the CPU, here a sleep) must not stop an
    honest file: only the reader's own CPU time counts against the budget."""
    meter = UploadBudget(seconds=0.05).meter()
    time.sleep(0.2)  # the wall clock runs, the reading thread does nothing
    meter.check_time()  # within budget
    deadline = time.thread_time() + 0.2
    while time.thread_time() < deadline:  # the reader's own work
        pass
    with pytest.raises(TableError, match="took longer than"):
        meter.check_time()
