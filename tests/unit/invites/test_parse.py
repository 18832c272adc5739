"""The input parser: pasted lists, CSV and XLSX, and the never-drop invariant."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lives_admin.invites.emails import why_invalid
from lives_admin.invites.parse import (
    ColumnChoice,
    TableError,
    invalid_rows,
    parse_pasted,
    parse_people,
    parse_table,
    read_table,
)


def test_pasted_list_with_names_separators_and_problems():
    text = (
        "ada@example.org\n"
        "Grace Hopper <grace@navy.example.mil>; alan@example.org, \n"
        "\n"
        '"Hélène Dupont" <helene@example.fr>\n'
        "  ADA@Example.org  \n"
        "not an email\n"
        "mailto:bob@example.com\ttim@ example.com\n"
    )
    parsed = parse_pasted(text)
    assert [(c.line, c.email, c.first_name, c.last_name) for c in parsed.valid] == [
        (1, "ada@example.org", "", ""),
        (2, "grace@navy.example.mil", "Grace", "Hopper"),
        (2, "alan@example.org", "", ""),
        (4, "helene@example.fr", "Hélène", "Dupont"),
        (7, "bob@example.com", "", ""),
    ]
    assert [(d.line, d.email, d.first_line) for d in parsed.duplicates] == [
        (5, "ada@example.org", 1)
    ]
    assert [(r.line, r.reason) for r in parsed.invalid] == [
        (6, "contains a space"),
        (7, "contains a space"),
    ]
    assert parsed.total_lines == 8


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        ("", "empty address"),
        ("ada.example.org", "missing @"),
        ("a@b@c.org", "more than one @"),
        ("@example.org", "nothing before the @"),
        ("ada@", "nothing after the @"),
        ("ada@localhost", "the domain has no dot"),
        ("ada@example.c", "the domain's ending is not valid"),
        ("ad..a@example.org", "characters not allowed before the @"),
        ("ada@-example.org", "the domain is not a valid name"),
        ("a" * 65 + "@example.org", "too long"),
        ("ada@" + "a" * 250 + ".org", "too long"),
        (".ada@example.org", "characters not allowed before the @"),
        ("ada(x)@example.org", "characters not allowed before the @"),
        ('"ada"@example.org', "characters not allowed before the @"),
        ("a<b@example.org", "characters not allowed before the @"),
        ("ada@example..org", "the domain is not a valid name"),
        ("ada@exam!ple.org", "the domain is not a valid name"),
        ("ada@[192.0.2.1]", "the domain is not a valid name"),
        ("ada@example.123", "the domain's ending is not valid"),
        ("ada@printer.local", "the domain is reserved: it cannot receive email"),
        ("ada lovelace@example.org", "contains a space"),
    ],
)
def test_each_invalid_address_says_why(email, reason):
    assert why_invalid(email) == reason


def test_international_domains_are_accepted():
    assert why_invalid("zoé@exemple.fr") is not None  # accents are not allowed before the @
    assert why_invalid("zoe@exémple.fr") is None
    assert why_invalid("ada@xn--bcher-kva.ch") is None


def test_usual_addresses_are_accepted():
    for email in ("Ada@Example.ORG", "o'brien+news@example.co.uk", "a.b-c_d@sub.example.io"):
        assert why_invalid(email) is None, email


def _csv(rows, encoding="utf-8", delimiter=","):
    text = "\n".join(delimiter.join(row) for row in rows)
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_with_header_in_each_encoding_and_delimiter(encoding, delimiter):
    data = _csv(
        [
            ["Prénom", "Nom", "Courriel"],
            ["Hélène", "Dupont", "helene@example.fr"],
            ["Zoé", "Roux", "zoe@example.fr"],
        ],
        encoding,
        delimiter,
    )
    table = read_table(data, "contacts.csv")
    assert table.headers == ("Prénom", "Nom", "Courriel")
    assert table.guess == ColumnChoice(email=2, first_name=0, last_name=1)
    parsed = parse_table(table, table.guess)
    assert [(c.line, c.first_name, c.last_name, c.email) for c in parsed.valid] == [
        (2, "Hélène", "Dupont", "helene@example.fr"),
        (3, "Zoé", "Roux", "zoe@example.fr"),
    ]


def test_csv_without_header_guesses_the_email_column():
    table = read_table(_csv([["Ada", "ada@example.org"], ["Bob", "bob@example.org"]]), "x.csv")
    assert table.headers is None and table.guess.email == 1
    parsed = parse_table(table, ColumnChoice(email=1, first_name=0))
    assert [(c.line, c.first_name) for c in parsed.valid] == [(1, "Ada"), (2, "Bob")]


def test_xlsx_first_sheet_with_numbers_as_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "First name", "Member number"])
    sheet.append(["ada@example.org", "Ada", 42])
    sheet.append([None, None, None])
    sheet.append(["broken", "Bob", 7.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "people.xlsx")
    assert table.rows[0] == ("ada@example.org", "Ada", "42")
    parsed = parse_table(table, table.guess)
    assert [c.email for c in parsed.valid] == ["ada@example.org"]
    assert [(r.line, r.reason) for r in parsed.invalid] == [(3, "missing @")]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "The file is empty."),
        (b"\x00\x01\x02binary", "x.csv", "not a CSV text file"),
        (b"PK\x03\x04truncated", "x.xlsx", "cannot be opened"),
        (b"%PDF-1.4", "x.pdf", "Upload a CSV or an Excel"),
        (b"\n\n ,, \n", "x.csv", "no rows"),
    ],
)
def test_broken_files_give_a_clear_message(data, name, message):
    with pytest.raises(TableError, match=message):
        read_table(data, name)


def test_too_many_rows_is_refused():
    data = _csv([[f"p{i}@example.org"] for i in range(30)])
    with pytest.raises(TableError, match="more than 10 rows"):
        read_table(data, "x.csv", max_rows=10)


def test_people_from_other_sources_are_checked_and_deduped():
    parsed = parse_people([("A@x.org", "A", ""), ("a@x.org ", "", ""), ("", "No", "Email")])
    assert len(parsed.valid) == 1 and len(parsed.duplicates) == 1 and len(parsed.invalid) == 1


def test_invalid_rows_download_is_formula_safe():
    from lives_admin.people.exports import csv_stream

    parsed = parse_pasted("=cmd|calc\nok@example.org")
    text = b"".join(csv_stream(invalid_rows(parsed))).decode("utf-8-sig")
    assert text.splitlines() == ["line,entry,why", "1,'=cmd|calc,missing @"]


# -- the invariant: every non-empty entry is valid, duplicate or invalid, never dropped -------
def _accounted(parsed):
    return sorted(
        [(c.line, c.raw) for c in parsed.valid]
        + [(d.line, d.raw) for d in parsed.duplicates]
        + [(r.line, r.raw) for r in parsed.invalid]
    )


entry_text = st.text(alphabet=st.sampled_from("abcAB.@-_ <>\"',;éx0\t"), min_size=0, max_size=30)


MEANINGLESS = set(" \t,;\"'")


@settings(max_examples=300, deadline=None)
@given(st.lists(entry_text, max_size=25))
def test_no_pasted_line_is_ever_dropped(lines):
    text = "\n".join(lines)
    parsed = parse_pasted(text)
    with_content = {
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if any(ch not in MEANINGLESS for ch in line)
    }
    assert {line for line, _ in _accounted(parsed)} == with_content
    emails = [c.email for c in parsed.valid]
    assert len(emails) == len(set(emails))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(entry_text, min_size=1, max_size=3), min_size=1, max_size=20))
def test_no_table_row_is_ever_dropped(rows):
    rows = [[cell.replace("\n", " ") for cell in row] for row in rows]
    from lives_admin.invites.parse import Table

    table = Table(headers=None, rows=tuple(tuple(r) for r in rows), guess=ColumnChoice(0))
    parsed = parse_table(table, ColumnChoice(email=0, first_name=1, last_name=2))
    non_empty = [i + 1 for i, row in enumerate(rows) if ", ".join(row).replace(",", "").strip()]
    assert sorted(line for line, _ in _accounted(parsed)) == non_empty


valid_emails = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.from_regex(r"[a-z0-9]([a-z0-9._+-]{0,20}[a-z0-9])?", fullmatch=True).filter(
        lambda s: ".." not in s
    ),
    # "--" in a label's third and fourth places is reserved (IDNA: "xn--"), so not valid.
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True).filter(
        lambda s: s[2:4] != "--"
    ),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(valid_emails, min_size=1, max_size=30))
def test_valid_emails_are_always_accepted_and_deduplicated(emails):
    parsed = parse_pasted("\n".join(emails))
    assert not parsed.invalid
    assert len(parsed.valid) == len({e.lower() for e in emails})
    assert len(parsed.valid) + len(parsed.duplicates) == len(emails)


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=400).map(lambda tail: b"PK\x03\x04" + tail),  # a "zip"
        st.text(alphabet=st.sampled_from("a@b.,;\t\n\"'é\x00\r"), max_size=200).map(
            lambda text: text.encode("utf-8")
        ),
    ),
    name=st.sampled_from(["people.csv", "people.xlsx", "people.txt", "people", "people.pdf"]),
)
def test_any_upload_is_read_or_refused_with_a_message(data, name):
    """Whatever the bytes, the organiser gets a table or a sentence: never a crash."""
    try:
        table = read_table(data, name)
    except TableError as error:
        assert str(error).strip()
        return
    parsed = parse_table(table, table.guess)
    assert parsed.total_lines <= len(table.rows)
