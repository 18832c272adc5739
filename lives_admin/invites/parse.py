"""People from what organisers paste or upload: every entry ends up valid, duplicate or invalid.

Nothing is dropped silently: each non-empty entry is accounted for, with its line
number, so the preview can say what will happen to it and why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lives_admin.invites.csv_reader import read_csv
from lives_admin.invites.emails import normalise_email, why_invalid
from lives_admin.invites.upload_budget import MAX_ROWS, TableError, UploadBudget
from lives_admin.invites.xlsx_reader import read_xlsx

# "Ada Lovelace <ada@example.org>" or "<ada@example.org>"
NAMED_ADDRESS = re.compile(r"^\s*(?P<name>.*?)\s*<\s*(?P<email>[^<>]*?)\s*>\s*$")


@dataclass(frozen=True)
class Candidate:
    line: int
    raw: str
    email: str
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class Rejected:
    line: int
    raw: str
    reason: str  # English (an emails.py msgid): `shown_reason` in the reader's language

    @property
    def shown_reason(self) -> str:
        return _(self.reason)


@dataclass(frozen=True)
class Duplicate:
    line: int
    raw: str
    email: str
    first_line: int


@dataclass(frozen=True)
class ParsedInput:
    valid: tuple[Candidate, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    invalid: tuple[Rejected, ...] = ()

    @property
    def total_lines(self) -> int:
        return len(self.valid) + len(self.duplicates) + len(self.invalid)


@dataclass
class _Collector:
    """Sorts entries into valid / duplicate / invalid, first occurrence wins."""

    valid: list[Candidate] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    invalid: list[Rejected] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)

    def add(self, line: int, raw: str, email: str, first: str = "", last: str = "") -> None:
        with translation.override("en"):  # kept as the msgid: shown in the reader's language
            reason = why_invalid(email)
        if reason:
            self.invalid.append(Rejected(line, raw, reason))
            return
        key = normalise_email(email)
        if key in self.seen:
            self.duplicates.append(Duplicate(line, raw, key, self.seen[key]))
            return
        self.seen[key] = line
        self.valid.append(Candidate(line, raw, key, first.strip(), last.strip()))

    def result(self) -> ParsedInput:
        return ParsedInput(tuple(self.valid), tuple(self.duplicates), tuple(self.invalid))


def split_name(name: str) -> tuple[str, str]:
    """First word as the first name, the rest as the last name."""
    words = name.replace('"', " ").replace("'", " ").split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def _entry(text: str) -> tuple[str, str, str]:
    """(email, first name, last name) from one pasted entry."""
    text = text.strip().strip('"').strip("'").strip()
    match = NAMED_ADDRESS.match(text)
    if match:
        first, last = split_name(match.group("name").strip().strip('"'))
        return match.group("email"), first, last
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text, "", ""


def _split_entries(line: str) -> list[str]:
    """Split on commas, semicolons and tabs outside <…> (a comma inside the brackets stays).

    Every character but a separator lands in some part: nothing can be lost here.
    """
    parts, current, depth = [], [], 0
    for char in line:
        if char == "<":
            depth += 1
        elif char == ">" and depth:
            depth -= 1
        if depth == 0 and char in ",;\t":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _pasted_entries(text: str) -> Iterable[tuple[int, str]]:
    """(line number, entry) for every non-empty entry, several per line if separated."""
    for number, line in enumerate(text.splitlines(), start=1):
        for part in _split_entries(line):
            if part.strip().strip('"').strip("'").strip():
                yield number, part.strip()


def count_pasted(text: str) -> int:
    """How many entries a pasted list holds (its cap is checked before reading it)."""
    return sum(1 for _ in _pasted_entries(text))


def parse_pasted(text: str) -> ParsedInput:
    collector = _Collector()
    for line, raw in _pasted_entries(text or ""):
        email, first, last = _entry(raw)
        collector.add(line, raw, email, first, last)
    return collector.result()


def parse_people(people: Iterable[tuple[str, str, str]]) -> ParsedInput:
    """People from other sources (a group, members, another live): same checks and dedupe."""
    collector = _Collector()
    for line, (email, first, last) in enumerate(people, start=1):
        collector.add(line, email, email or "", first or "", last or "")
    return collector.result()


# -- tables (CSV and XLSX) -----------------------------------------------------------------
@dataclass(frozen=True)
class ColumnChoice:
    email: int
    first_name: int | None = None
    last_name: int | None = None


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...] | None
    rows: tuple[tuple[str, ...], ...]
    guess: ColumnChoice
    encoding: str = "utf-8"
    first_row_number: int = 1  # the file's line number of rows[0]

    @property
    def width(self) -> int:
        # Rows are not padded to the widest: a header may be wider than the rows under it.
        return max([len(self.headers or ()), *(len(row) for row in self.rows)])

    @property
    def column_names(self) -> list[str]:
        names = list(self.headers or ())
        return [
            names[i] if i < len(names) and names[i] else _("Column %(number)s") % {"number": i + 1}
            for i in range(self.width)
        ]


# Both languages' names (the organiser's file may be in either): compared lower-cased,
# "_" and "-" read as spaces ("e-mail" is "e mail").
EMAIL_HEADERS = (
    "email",
    "e mail",
    "mail",
    "courriel",
    "mél",
    "adresse email",
    "adresse e mail",
    "adresse mail",
    "email address",
    "e mail address",
)
FIRST_HEADERS = ("first name", "firstname", "first", "prénom", "prenom", "given name")
LAST_HEADERS = ("last name", "lastname", "last", "nom", "surname", "family name", "nom de famille")


def _norm_header(text: str) -> str:
    return re.sub(r"[_\-]+", " ", text.strip().lower()).strip()


def _guess(headers: tuple[str, ...] | None, rows) -> ColumnChoice:
    def find(names):
        if not headers:
            return None
        normalised = [_norm_header(h) for h in headers]
        return next((i for i, h in enumerate(normalised) if h in names), None)

    email = find(EMAIL_HEADERS)
    if email is None:
        width = max((len(r) for r in rows[:50]), default=0)
        scores = [sum(1 for r in rows[:50] if i < len(r) and "@" in r[i]) for i in range(width)]
        email = max(range(width), key=lambda i: scores[i]) if width else 0
    return ColumnChoice(email=email, first_name=find(FIRST_HEADERS), last_name=find(LAST_HEADERS))


def read_table(
    data: bytes,
    filename: str,
    *,
    max_rows: int = MAX_ROWS,
    budget: UploadBudget | None = None,
    clock: Callable[[], float] | None = None,  # the budget's own clock when None
) -> Table:
    """An uploaded CSV or XLSX as a table, read within `budget` (TableError otherwise)."""
    if not data:
        raise TableError(_("The file is empty."))
    meter = (budget or UploadBudget(max_rows=max_rows)).meter(clock)
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        rows, encoding = read_xlsx(data, meter), "xlsx"
    elif name.endswith((".csv", ".txt", ".tsv")) or not name.rpartition(".")[1]:
        rows, encoding = read_csv(data, meter)
    else:
        raise TableError(_("Upload a CSV or an Excel (.xlsx) file."))
    if not rows:  # the readers keep only the rows with content, within the budget's count
        raise TableError(_("The file has no rows."))
    first = rows[0]
    # A header row names its columns; an "@" means the first row is already data
    # (even one whose address is invalid: it must be reported, not taken as a header).
    has_header = not any("@" in cell for cell in first)
    headers = tuple(first) if has_header else None
    body = [tuple(row) for row in (rows[1:] if has_header else rows)]
    return Table(
        headers=headers,
        rows=tuple(body),
        guess=_guess(headers, body),
        encoding=encoding,
        first_row_number=2 if has_header else 1,
    )


def parse_table(table: Table, columns: ColumnChoice) -> ParsedInput:
    def cell(row, index):
        return row[index].strip() if index is not None and index < len(row) else ""

    collector = _Collector()
    for offset, row in enumerate(table.rows):
        raw = ", ".join(row)
        if not raw.replace(",", "").strip():
            continue
        email, first, last = _entry(cell(row, columns.email))
        collector.add(
            table.first_row_number + offset,
            raw,
            email,
            cell(row, columns.first_name) or first,
            cell(row, columns.last_name) or last,
        )
    return collector.result()


def invalid_rows(parsed: ParsedInput) -> Iterator[tuple]:
    """The invalid entries with the line and the reason, to fix and upload again."""
    yield (
        pgettext("report column", "line"),
        pgettext("report column", "entry"),
        pgettext("report column", "why"),
    )
    for rejected in parsed.invalid:
        yield (rejected.line, rejected.raw, rejected.shown_reason)
