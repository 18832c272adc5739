"""Open an uploaded zip (an XLSX) within the budget, and read its members counting bytes.

Before `zipfile` parses anything, the end-of-directory record says how big the central
directory is (`zipfile` reads exactly that much and builds one object per entry: 100,000
empty entries fit in 9 MB and cost 50 MB and seconds). Then each member's declared size
and ratio are checked, and reading counts the bytes really inflated, since headers lie.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lives_admin.i18n.formats import number
from lives_admin.invites.upload_budget import BudgetMeter, TableError, too_large_unzipped

CHUNK = 64 * 1024
# A central directory entry is 46 bytes plus its name; XLSX names are short.
DIRECTORY_BYTES_PER_MEMBER = 46 + 210
END_RECORD = struct.Struct("<4s4H2LH")
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted workbook

DAMAGED = gettext_lazy("This Excel file cannot be opened: it may be damaged.")


def _directory_size(data: bytes) -> tuple[int, int]:
    """(entries, bytes) of the central directory, as the end records declare them."""
    start = data.rfind(b"PK\x05\x06", max(0, len(data) - END_RECORD.size - 0xFFFF))
    if start < 0 or len(data) - start < END_RECORD.size:
        raise TableError(DAMAGED)
    fields = END_RECORD.unpack_from(data, start)
    entries, size = fields[4], fields[5]
    locator = start - ZIP64_LOCATOR.size
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        # Where zipfile itself reads it (right before the locator), and as leniently.
        offset = locator - ZIP64_END_RECORD.size
        record = ZIP64_END_RECORD.unpack_from(data, offset) if offset >= 0 else None
        if record and record[0] == b"PK\x06\x06":
            entries, size = record[7], record[8]
    return entries, size


def open_archive(data: bytes, meter: BudgetMeter) -> zipfile.ZipFile:
    budget = meter.budget
    if data.startswith(OLE_SIGNATURE):
        raise TableError(
            _(
                "This is an old-format (.xls) or password-protected Excel file: "
                "save it as .xlsx without a password, or as CSV, and retry."
            )
        )
    entries, directory = _directory_size(data)
    if entries > budget.max_members or directory > budget.max_members * (
        DIRECTORY_BYTES_PER_MEMBER
    ):
        raise too_many_members(budget.max_members)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise TableError(DAMAGED) from error  # NotImplementedError: "zip file version 9.7"
    members = archive.infolist()
    if len(members) > budget.max_members:
        raise too_many_members(budget.max_members)
    if sum(info.file_size for info in members) > budget.max_unzipped_bytes:
        raise too_large_unzipped(budget)
    for info in members:
        check_member(info, meter)
    return archive


def too_many_members(count: int) -> TableError:
    return TableError(
        _(
            "This file holds more than %(count)s parts, which a workbook never does: "
            "save it again from your spreadsheet, or as CSV, and retry."
        )
        % {"count": number(count)}
    )


def check_member(info: zipfile.ZipInfo, meter: BudgetMeter) -> None:
    budget = meter.budget
    # XLSX is deflated (or stored); bzip2 and lzma inflate without a bound per call.
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise TableError(DAMAGED)
    if info.flag_bits & 0x1:
        raise TableError(
            _("This file is password-protected: save it without a password and retry.")
        )
    if info.file_size > budget.max_unzipped_bytes:
        raise too_large_unzipped(budget)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > budget.ratio_from_bytes and ratio > budget.max_ratio:
        raise TableError(
            _(
                "This file unzips to more than %(ratio)s times its size, which a "
                "spreadsheet never does (it looks like a zip bomb): it is refused."
            )
            % {"ratio": number(budget.max_ratio)}
        )


def member_chunks(archive: zipfile.ZipFile, name: str, meter: BudgetMeter) -> Iterator[bytes]:
    """A member's bytes as they inflate, each chunk counted and the deadline checked."""
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(CHUNK):
                meter.count_unzipped(len(chunk))
                meter.check_time()
                yield chunk
    except TableError:
        raise
    # Offsets, versions and data that do not hold together ("negative seek value -439").
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as error:
        raise TableError(DAMAGED) from error
