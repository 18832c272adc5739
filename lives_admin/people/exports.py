"""Participants as CSV or XLSX, written row by row so memory stays flat (XLSX: spreadsheets.py).

Rows come from `iter_all`, one API page (100 people) at a time; the CSV response
starts before the second page is fetched. Cells that a spreadsheet would read as a
formula are escaped (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lives_admin.forms.people_filters import status_label, type_label
from lives_admin.i18n.formats import csv_delimiter, number
from lives_admin.i18n.phrases import NO, YES
from lives_admin.meltingspot import MeltingSpotError, Participant

HEADER = (
    _("First name"),
    _("Last name"),
    _("Email"),
    _("Role"),
    _("Status"),
    _("Invited at"),
    _("Registered at"),
    _("View time (s)"),
    _("Watched the replay"),
    pgettext_lazy("export column", "Attended"),
    _("Highlighted"),
)
TIME_COLUMNS = (5, 6)  # "Invited at", "Registered at"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class OwnText(str):
    """The dashboard's own words (a catalogue phrase, nothing typed by a person or sent by
    MeltingSpot in it): written as is, "@ manquant" not "'@ manquant"."""


def safe_cell(value) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, OwnText):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _when(moment, zone) -> str:
    return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def row_of(person: Participant, zone=None) -> tuple[str, ...]:
    """One person's cells; times in `zone` (the organiser's: a streamed body is written
    after the request's timezone is gone, so the view passes it along)."""
    return tuple(
        safe_cell(value)
        for value in (
            person.first_name or "",
            person.last_name or "",
            person.email,
            type_label(person.type),
            status_label(person.status),
            _when(person.invited_at, zone),
            _when(person.registered_at, zone),
            "" if person.view_time is None else int(person.view_time),
            _yes_no(person.has_replayed),
            _yes_no(person.has_participated),
            _yes_no(person.is_highlighted),
        )
    )


def _yes_no(value) -> str:
    return str(YES if value else NO)


def csv_stream(rows: Iterable[Iterable], *, rows_per_chunk: int = 100) -> Iterator[bytes]:
    """Any CSV download in chunks: a BOM and the first row at once (the header reaches
    the browser before more is fetched), then a chunk per `rows_per_chunk` rows. Every
    cell is made formula-safe, so no caller can forget it. The separator is the request's
    language's, chosen now: the body is written after the request has ended."""
    return _chunks(rows, rows_per_chunk, csv_delimiter())


def _chunks(rows, rows_per_chunk: int, delimiter: str) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    buffer.write("\ufeff")  # Excel opens UTF-8 with accents only with a BOM
    for count, row in enumerate(rows):
        writer.writerow([safe_cell(value) for value in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def participant_rows(people: Iterable[Participant], zone=None) -> Iterator[tuple]:
    """The header, then a row per person. If MeltingSpot stops answering midway, the
    last row says so: a streamed download can no longer become an error page, and must
    not pass for whole."""
    yield _header_with_zone(zone)
    count = 0
    try:
        for count, person in enumerate(people, start=1):  # noqa: B007 (count is reported)
            yield row_of(person, zone)
    except MeltingSpotError as error:
        reason = error.message or type(error).__name__
        yield (
            gettext(
                "EXPORT INCOMPLETE: MeltingSpot stopped answering after %(count)s rows "
                "(%(reason)s). Download it again."
            )
            % {"count": number(count), "reason": reason},
        )


def _header_with_zone(zone) -> list[str]:
    """The column titles, the times' zone named as in the spreadsheet: "Invited at (UTC)"."""
    from lives_admin.people.spreadsheets import zone_name

    named = zone_name(zone)
    columns = [str(column) for column in HEADER]
    for index in TIME_COLUMNS:
        columns[index] = f"{columns[index]} ({named})"
    return columns


def xlsx_file(people: Iterable[Participant], zone=None):
    """The participants as a spreadsheet: the CSV's columns with real dates (in `zone`,
    named in their titles) and numbers."""
    from lives_admin.people.spreadsheets import Column, local_naive, zone_name
    from lives_admin.people.spreadsheets import xlsx_file as write_xlsx

    named = zone_name(zone)
    first, last, email, role, status, invited, registered, *others = map(str, HEADER)
    view_time, replayed, attended, highlighted = others
    columns = (
        Column(first, 16),
        Column(last, 18),
        Column(email, 34),
        Column(role, 12),
        Column(status, 12),
        Column(f"{invited} ({named})", 18, "date"),
        Column(f"{registered} ({named})", 18, "date"),
        Column(view_time, 12, "number"),
        Column(replayed, 10),
        Column(attended, 10),
        Column(highlighted, 10),
    )
    rows = (
        (
            person.first_name or "",
            person.last_name or "",
            person.email,
            type_label(person.type),
            status_label(person.status),
            local_naive(person.invited_at, zone),
            local_naive(person.registered_at, zone),
            None if person.view_time is None else int(person.view_time),
            _yes_no(person.has_replayed),
            _yes_no(person.has_participated),
            _yes_no(person.is_highlighted),
        )
        for person in people
    )
    return write_xlsx(gettext("Participants"), columns, rows)


def export_filename(live_title: str, extension: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"participants-{slugify(live_title)[:60] or 'live'}-{stamp}.{extension}"
