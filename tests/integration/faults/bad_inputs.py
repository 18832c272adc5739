"""The bad-input table: what an organiser (or a tampered request) may send, and the answer.

Each row is run against the real app and the sandbox by test_bad_inputs.py, and the
README's "Bad input" table is generated from these rows (so the two cannot drift):

    python -m tests.integration.faults.bad_inputs --markdown
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.hostile_files import HOSTILE_UPLOADS
from tests.integration.lives.helpers import live_form_data

LIVE = "live003"
# The hostile files the README's table names (all of them are tested through the form).
IN_THE_TABLE = (
    "huge-dimension.xlsx",
    "bomb.xlsx",
    "wide-row.xlsx",
    "wide.csv",
    "many-cells.csv",
    "laughs.xlsx",
    "xxe.xlsx",
    "nul.xlsx",
)
MAX_PASTED = 50_000  # lives_admin.invites.parse.MAX_ROWS


@dataclass(frozen=True)
class BadInput:
    where: str  # what the organiser is using
    input: str  # what is wrong with what was sent
    status: int  # the answer's status (after redirects when `follow`)
    says: str  # what the organiser reads in the answer
    method: str = "GET"
    url: str = ""  # {live}, {other_view} are filled in by the test
    data: dict | None = None
    upload: Callable[[], tuple[str, bytes]] | None = None  # (file name, content)
    body: Callable[[], bytes] | None = None  # a raw body, with `content_type`
    content_type: str | None = None
    htmx: bool = False
    follow: bool = False
    # "nothing": no API request at all; "no write": reads (the page's own data) only.
    sends: str = "no write"
    # (name, value) pairs the first API request must carry: the bad value never reached it.
    asks: tuple[tuple[str, str], ...] = ()
    as_admin: bool = False  # sent by an admin (the team page), else by an organiser
    notes: dict = field(default_factory=dict)

    @property
    def answer(self) -> str:
        answer = f"{self.status}: {self.says}"
        if self.asks:
            answer += "; MeltingSpot is asked " + "&".join(f"{k}={v}" for k, v in self.asks)
        return answer


def live_form(**changes) -> dict:
    return live_form_data(
        **{
            "title": "Input check",
            "description": "",
            "start": "2031-05-01T10:00",
            "end": "2031-05-01T11:00",
            "video_url": "https://www.youtube.com/watch?v=check",
            "participants_visibility": "Display",
            "host_id": "member-of-the-test",  # a picked host: no member search needed
            **changes,
        }
    )


def upload_form(**changes) -> dict:
    return {"role": "participants", "source": "upload"} | changes


def paste_form(pasted: str) -> dict:
    return {"role": "participants", "source": "paste", "pasted": pasted}


def teammate_form(**changes) -> dict:
    data = {"first_name": "Ada", "last_name": "Lovelace", "username": "ada", "role": "viewer"}
    return data | {"email": "ada@example.org"} | changes


def _csv_rows(count: int) -> bytes:
    lines = ["email,first name"] + [f"person{i}@example.org,P{i}" for i in range(count)]
    return "\n".join(lines).encode()


def _not_a_zip() -> tuple[str, bytes]:
    return "people.xlsx", b"email\nada@example.org\n"


def _png_as_csv() -> tuple[str, bytes]:
    return "people.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _broken_zip() -> tuple[str, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return "people.xlsx", buffer.getvalue()


ROWS: tuple[BadInput, ...] = (
    # -- forms ----------------------------------------------------------------------------
    BadInput(
        "Create a live",
        "empty title",
        200,
        "This field is required.",
        method="POST",
        url="/lives/new/",
        data=live_form(title=""),
    ),
    BadInput(
        "Create a live",
        "end before start",
        200,
        "The live must end after it starts.",
        method="POST",
        url="/lives/new/",
        data=live_form(end="2031-05-01T09:00"),
    ),
    BadInput(
        "Create a live",
        "a timezone that does not exist (Mars/Olympus_Mons)",
        200,
        "Select a valid choice. Mars/Olympus_Mons is not one of the available choices.",
        method="POST",
        url="/lives/new/",
        data=live_form(timezone="Mars/Olympus_Mons"),
    ),
    BadInput(
        "Create a live",
        "a 201-character title",
        200,
        "Ensure this value has at most 200 characters (it has 201).",
        method="POST",
        url="/lives/new/",
        data=live_form(title="T" * 201),
    ),
    BadInput(
        "Create a live",
        "a forged one-time form token (not one the page gave)",
        400,
        "This form cannot be sent as it is",
        method="POST",
        url="/lives/new/",
        data=live_form(submit_token="<script>alert(1)</script>"),
        sends="nothing",
    ),
    BadInput(
        "Edit a live",
        "an end date that is not a date (2026-13-45T10:00)",
        200,
        "Enter a valid date/time.",
        method="POST",
        url="/lives/{live}/edit/",
        data=live_form(end="2026-13-45T10:00"),
    ),
    BadInput(
        "Invite one participant",
        "a bad email (ann@@example)",
        200,
        "“ann@@example” is not a valid email address.",
        method="POST",
        url="/lives/{live}/participants/invite/",
        data={"q": "ann@@example"},
        htmx=True,
    ),
    BadInput(
        "Invite a speaker",
        "someone new without an email",
        200,
        "An email address is needed to invite someone new.",
        method="POST",
        url="/lives/{live}/speakers/invite/",
        data={"mode": "new"},
        htmx=True,
    ),
    # -- query strings ----------------------------------------------------------------------
    BadInput(
        "Lives list",
        "page=-1",
        200,
        "Page “-1” is not a page number: showing the first page.",
        asks=(("page", "1"), ("limit", "25")),
        url="/lives/?page=-1",
    ),
    BadInput(
        "Lives list",
        "page=abc",
        200,
        "Page “abc” is not a page number: showing the first page.",
        asks=(("page", "1"), ("limit", "25")),
        url="/lives/?page=abc",
    ),
    BadInput(
        "Lives list",
        "per_page=10000",
        200,
        "Rows per page: Select a valid choice.",
        asks=(("page", "1"), ("limit", "25")),
        url="/lives/?per_page=10000",
    ),
    BadInput(
        "Lives list",
        "limit=10000 (not a parameter of the list)",
        200,
        "showing 1–25",
        asks=(("page", "1"), ("limit", "25")),
        url="/lives/?limit=10000",
    ),
    BadInput(
        "Lives list",
        "status=Unknown",
        200,
        "Status: Select a valid choice.",
        url="/lives/?status=Unknown",
    ),
    BadInput(
        "Lives list",
        "start_from=2026-13-45",
        200,
        "Enter a valid date. This filter was ignored.",
        url="/lives/?start_from=2026-13-45",
    ),
    BadInput(
        "Lives list",
        "attendees_min=50&attendees_max=5",
        200,
        "The maximum is below the minimum.",
        url="/lives/?attendees_min=50&attendees_max=5",
    ),
    BadInput(
        "Lives list",
        "sort=unknown (the list has no sort parameter)",
        200,
        "showing 1–25",
        asks=(("page", "1"), ("limit", "25")),
        url="/lives/?sort=unknown",
    ),
    BadInput(
        "Participants panel",
        "page=abc&per_page=10000",
        200,
        "Rows per page",
        asks=(("page", "1"), ("limit", "25")),
        url="/lives/{live}/participants/?page=abc&per_page=10000",
    ),
    BadInput(
        "Audit log",
        "date_from=2026-13-45&outcome=maybe",
        200,
        "Some filters were not understood and are not applied",
        url="/audit/?date_from=2026-13-45&outcome=maybe",
        sends="nothing",
    ),
    # -- uploads ---------------------------------------------------------------------------
    BadInput(
        "Invite from a file",
        "a quote never closed (one 200,000-character cell)",
        200,
        "A cell on row 2 holds more than 32,767 characters",
        method="POST",
        url="/lives/{live}/invite/",
        data=upload_form(),
        upload=lambda: ("people.csv", b'email,name\nada@example.org,"Ada' + b"x" * 200_000),
    ),
    BadInput(
        "Invite from a file",
        "a PNG image named people.csv",
        200,
        "This file is not a CSV text file. Save it as CSV (or XLSX) and retry.",
        method="POST",
        url="/lives/{live}/invite/",
        data=upload_form(),
        upload=_png_as_csv,
    ),
    BadInput(
        "Invite from a file",
        "an empty file",
        200,
        "The submitted file is empty.",
        method="POST",
        url="/lives/{live}/invite/",
        data=upload_form(),
        upload=lambda: ("people.csv", b""),
    ),
    BadInput(
        "Invite from a file",
        "an .xlsx that is not a zip",
        200,
        "This Excel file cannot be opened: it may be damaged.",
        method="POST",
        url="/lives/{live}/invite/",
        data=upload_form(),
        upload=_not_a_zip,
    ),
    BadInput(
        "Invite from a file",
        "a zip that holds no workbook, named .xlsx",
        200,
        "This Excel file cannot be opened: it may be damaged.",
        method="POST",
        url="/lives/{live}/invite/",
        data=upload_form(),
        upload=_broken_zip,
    ),
    BadInput(
        "Invite from a file",
        "a 20 MB file",
        200,
        "The file is larger than 10 MB: split it and retry.",
        method="POST",
        url="/lives/{live}/invite/",
        data=upload_form(),
        upload=lambda: ("big.csv", b"email\n" + b"someone@example.org\n" * 1_100_000),
    ),
    BadInput(
        "Invite from a file",
        "a CSV of 100,000 rows (the cap is 50,000)",
        200,
        "The file has more than 50,000 rows: split it and retry.",
        method="POST",
        url="/lives/{live}/invite/",
        data=upload_form(),
        upload=lambda: ("many.csv", _csv_rows(100_000)),
    ),
    BadInput(
        "Invite from a file",
        "a Latin-1 CSV (Hélène, Zoë)",
        200,
        "Hélène",
        method="POST",
        url="/lives/{live}/invite/",
        data=upload_form(),
        follow=True,
        upload=lambda: (
            "latin1.csv",
            "email;first name\nhelene@example.org;Hélène\nzoe@example.org;Zoë\n".encode("latin-1"),
        ),
    ),
    # Hostile files (tests/hostile_files.py; every one is in test_hostile_uploads.py)
    *(
        BadInput(
            "Invite from a file",
            upload.name,
            200,
            upload.says,
            method="POST",
            url="/lives/{live}/invite/",
            data=upload_form(),
            upload=lambda upload=upload: (upload.filename, upload.build()),
        )
        for upload in HOSTILE_UPLOADS
        if upload.filename in IN_THE_TABLE
    ),
    # -- the description's Markdown ----------------------------------------------------------
    BadInput(
        "Description preview",
        "10,000 “[” (took 19 s; now shown as typed, at once)",
        200,
        "[[[[[[[[[[",
        method="POST",
        url="/lives/preview/",
        data={"description": "[" * 10_000},
        htmx=True,
        sends="nothing",
    ),
    BadInput(
        "Description preview",
        "“1. ” 6,666 times: lists nested 6,666 deep (was a RecursionError)",
        200,
        "The preview stops here: lists or quotes are nested more than 10 deep.",
        method="POST",
        url="/lives/preview/",
        data={"description": "1. " * 6666},
        htmx=True,
        sends="nothing",
    ),
    BadInput(
        "Description preview",
        "20,001 characters",
        200,
        "No preview: the description is longer than 20,000 characters (it has 20,001).",
        method="POST",
        url="/lives/preview/",
        data={"description": "x" * 20_001},
        htmx=True,
        sends="nothing",
    ),
    BadInput(
        "Create a live",
        "a description of 20,001 characters",
        200,
        "Ensure this value has at most 20000 characters (it has 20001).",
        method="POST",
        url="/lives/new/",
        data=live_form(description="x" * 20_001),
    ),
    # -- ids -------------------------------------------------------------------------------
    BadInput(
        "A live's page",
        "an unknown live id",
        404,
        "This live no longer exists",
        url="/lives/no-such-live/",
    ),
    BadInput(
        "A live's page",
        "an id with ../ in it (..%2F..%2Fv1%2Fgroups)",
        404,
        "This page does not exist",
        url="/lives/..%2F..%2Fv1%2Fgroups/",
        sends="nothing",
    ),
    BadInput(
        "A live's page",
        "a dot-segment id (%2E%2E)",
        404,
        "This page does not exist",
        url="/lives/%2E%2E/",
        sends="nothing",
    ),
    BadInput(
        "A live's history panel",
        "an id with a line break (live001%0D%0AX:1)",
        404,
        "This page does not exist",
        url="/lives/live001%0D%0AX:1/history/",
        sends="nothing",
    ),
    BadInput(
        "Link groups",
        "a group id the Spot does not have",
        200,
        "A group you ticked no longer exists on MeltingSpot: nothing was linked.",
        method="POST",
        url="/lives/{live}/groups/link/",
        data={"group_ids": "zzz-not-a-group"},
        htmx=True,
    ),
    BadInput(
        "Unlink groups",
        "the group id .. (no group linked to the live)",
        200,
        "A group you ticked is not linked to this live (any more): nothing was unlinked.",
        method="POST",
        url="/lives/{live}/groups/unlink/",
        data={"group_ids": ".."},
        htmx=True,
    ),
    BadInput(
        "Invite wizard",
        "the group .. as the source",
        200,
        "This group no longer exists on MeltingSpot: pick another one.",
        method="POST",
        url="/lives/{live}/invite/",
        data={"role": "participants", "source": "group", "group_id": ".."},
    ),
    BadInput(
        "Invite wizard",
        "101 Spot members picked by hand",
        200,
        "Pick at most 100 members at a time, or paste their emails.",
        method="POST",
        url="/lives/{live}/invite/",
        data={
            "role": "participants",
            "source": "members",
            "spot_member_ids": [f"mem{n:04d}" for n in range(101)],
        },
    ),
    BadInput(
        "A live's page",
        "a 5,000-character id",
        404,
        "This page does not exist",
        url="/lives/" + "x" * 5000 + "/",
        sends="nothing",
    ),
    BadInput(
        "A job's page",
        "an unknown job id",
        404,
        "This page does not exist",
        url="/jobs/987654/",
        sends="nothing",
    ),
    BadInput(
        "A job's page",
        "a job id that is not a number",
        404,
        "This page does not exist",
        url="/jobs/abc/",
        sends="nothing",
    ),
    BadInput(
        "Saved views",
        "deleting another person's view",
        200,
        "Only its owner can remove this view.",
        method="POST",
        url="/lives/views/{other_view}/delete/",
        follow=True,
    ),
    BadInput(
        "Invite wizard",
        "a tampered draft id (?draft=../../etc)",
        404,
        "This page does not exist",
        url="/lives/{live}/invite/?draft=../../etc",
        sends="nothing",
    ),
    # -- the team and one's own account -----------------------------------------------------
    BadInput(
        "Invite a teammate",
        "a web address as first name (Claim your prize at https://evil.example)",
        200,
        "A name cannot hold a web address: “https://evil.example” looks like one.",
        method="POST",
        url="/team/invite/",
        data=teammate_form(first_name="Claim your prize at https://evil.example"),
        sends="nothing",
        as_admin=True,
    ),
    BadInput(
        "Invite a teammate",
        "an HTML tag in the last name",
        200,
        "A name holds letters, spaces, hyphens, apostrophes and dots only: “<” is not allowed.",
        method="POST",
        url="/team/invite/",
        data=teammate_form(last_name="<b>Lovelace</b>"),
        sends="nothing",
        as_admin=True,
    ),
    BadInput(
        "Invite a teammate",
        "a 500-character first name",
        200,
        "A name is at most 80 characters (this one has 500).",
        method="POST",
        url="/team/invite/",
        data=teammate_form(first_name="A" * 500),
        sends="nothing",
        as_admin=True,
    ),
    BadInput(
        "Reset a teammate's password",
        "an unknown teammate",
        404,
        "This page does not exist",
        method="POST",
        url="/team/999999/reset/",
        sends="nothing",
        as_admin=True,
    ),
    BadInput(
        "Change my password",
        "a wrong current password",
        200,
        "Your old password was entered incorrectly. Please enter it again.",
        method="POST",
        url="/me/password/",
        data={
            "old_password": "not-it",
            "new_password1": "a-long-pass-phrase",
            "new_password2": "a-long-pass-phrase",
        },
        sends="nothing",
    ),
    # -- oversized payloads -------------------------------------------------------------------
    BadInput(
        "Invite from a pasted list",
        "a 3 MB body (beyond DATA_UPLOAD_MAX_MEMORY_SIZE)",
        400,
        "The dashboard could not read this request",
        method="POST",
        url="/lives/{live}/invite/",
        data=paste_form("someone@example.org\n" * 160_000),
        sends="nothing",
    ),
    BadInput(
        "Invite from a pasted list",
        f"{MAX_PASTED + 1:,} emails (the cap is {MAX_PASTED:,})",
        200,
        f"The list has more than {MAX_PASTED:,} entries: split it, or upload a file.",
        method="POST",
        url="/lives/{live}/invite/",
        data=paste_form("\n".join(f"p{i}@example.org" for i in range(MAX_PASTED + 1))),
    ),
    # -- wrong content types and methods ------------------------------------------------------
    BadInput(
        "Create a live",
        "a JSON body instead of the form",
        200,
        "This field is required.",
        method="POST",
        url="/lives/new/",
        body=lambda: json.dumps(live_form()).encode(),
        content_type="application/json",
    ),
    BadInput(
        "Link groups",
        "GET on a POST-only address",
        405,
        "This address only takes a form sent from its page",
        url="/lives/{live}/groups/link/",
        sends="nothing",
    ),
    BadInput(
        "A live's page",
        "PUT",
        405,
        "This address only takes a form sent from its page",
        method="PUT",
        url="/lives/{live}/",
        sends="nothing",
    ),
    BadInput(
        "Create a live",
        "DELETE",
        405,
        "This address only takes a form sent from its page",
        method="DELETE",
        url="/lives/new/",
        sends="nothing",
    ),
)


def markdown_table(rows=ROWS) -> str:
    lines = ["| where | input | expected answer |", "| --- | --- | --- |"]
    for row in rows:
        cells = (row.where, row.input, row.answer)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    if "--markdown" not in sys.argv[1:]:
        sys.exit("usage: python -m tests.integration.faults.bad_inputs --markdown")
    print(markdown_table())
