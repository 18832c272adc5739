"""The bulk-invite wizard through its pages, against the sandbox: sources, preview, one click.

Each test drives the pages as an organiser would, then runs the job the click started
(in this process: the real worker process has its own tests) and checks what
MeltingSpot received and what the organiser reads afterwards.
"""

import csv
import io
import json
import re
from html import unescape
from itertools import pairwise

import pytest
from openpyxl import Workbook

from lives_admin.invites.runner import JobRunner
from lives_admin.meltingspot import ParticipantFilters
from lives_admin.models import InviteDraft, InviteJob, ItemState, JobKind, JobStatus
from lives_admin.upstream import get_client
from tests.html import exists, one, select, text_of, texts

pytestmark = pytest.mark.django_db(transaction=True)
LIVE = "live003"  # an ended live with participants of every status


def metrics(html: str) -> dict[str, int]:
    """The preview's cards as {label: number}."""
    numbers = {
        text_of(card, ".metric-label"): int(text_of(card, ".metric-value").replace(",", ""))
        for card in select(html, ".metric")
    }
    # One label reads in the singular for 1: give it one key whatever the count.
    numbers["new invitations"] = numbers.pop("new invitation", numbers.get("new invitations"))
    return numbers


def parts(html: str) -> dict[str, int]:
    """The parts of the new invitations' card as {label: number}."""
    labels = {"Spot member, invited by member id": "Spot members, invited by member id"}
    found = {}
    for value in select(html, ".part-value"):
        label = text_of(value.parent).removeprefix(value.get_text()).strip()
        found[labels.get(label, label)] = int(value.get_text().replace(",", ""))
    return found


def side_by_side_cells(html) -> set[tuple[str, str]]:
    """The texts of each two neighbouring cells of a table row: (line number, entry)."""
    pairs = set()
    for row in select(html, "tr"):
        cells = [text_of(cell) for cell in row.select("td")]
        pairs.update(pairwise(cells))
    return pairs


def start(client, live_id=LIVE, **data):
    form = {"role": "participants", "source": "paste", "with_email_notification": "on"}
    form.update(data)
    return client.post(f"/lives/{live_id}/invite/", form)


def preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def run_started_job() -> InviteJob:
    job = InviteJob.objects.latest("id")
    JobRunner(job, sleep=lambda seconds: None).run()
    job.refresh_from_db()
    return job


def participants(live_id=LIVE) -> dict:
    return {p.email.lower(): p for p in get_client().participants.iter_all(live_id)}


@pytest.fixture
def current(sandbox):
    """Two people already in the live: one accepted, one invited."""
    people = list(get_client().participants.iter_all(LIVE))
    accepted = next(p for p in people if p.status == "Accepted")
    invited = next(p for p in people if p.status == "Invited")
    return accepted, invited


@pytest.fixture
def outsider_member(sandbox):
    """A Spot member who is not in the live yet."""
    emails = set(participants())
    return next(m for m in get_client().spot_members.iter_all() if m.email.lower() not in emails)


# -- pasted list: the preview's numbers on crafted input --------------------------------------
def test_the_preview_counts_every_kind_of_entry_before_anything_is_sent(
    organiser_client, sandbox, current, outsider_member
):
    accepted, invited = current
    pasted = "\n".join(
        [
            "new.one@example.org",
            "  NEW.one@Example.org ",  # duplicate: other case, spaces
            "Ada Lovelace <ada.new@example.org>; new.one@example.org",  # + duplicate
            "not-an-email",
            "bob@@example.org",
            f"  {accepted.email.upper()}  ",  # already accepted
            invited.email,  # already invited
            outsider_member.email,  # a Spot member: invited by id
            "",
        ]
    )
    sandbox.clear_requests()
    html = organiser_client.get(preview_url(start(organiser_client, pasted=pasted))).content
    html = html.decode()
    assert not [r for r in sandbox.requests() if r["method"] != "GET"], "nothing written yet"
    numbers = metrics(html)
    assert numbers["new invitations"] == 3
    assert numbers["already invited or registered"] == 2
    assert numbers["duplicates in the input"] == 2
    assert numbers["invalid addresses"] == 2
    assert "each gets an invitation email: 3 emails" in html
    # Each invalid line says where it is and why.
    assert ("4", "not-an-email") in side_by_side_cells(html)
    assert "missing @" in html and "more than one @" in html
    assert "Line 2: new.one@example.org (already on line 1)" in html
    assert "Ada Lovelace &lt;ada.new@example.org&gt;" in html
    assert "Invite 3 people" in html
    # The current participants were read in full pages, not one call per person.
    reads = [r for r in sandbox.requests() if r["path"].endswith(f"/{LIVE}/participants")]
    assert reads and all(["limit", "100"] in r["query"] for r in reads)


def test_one_click_invites_the_new_people_once_and_reports_each_person(
    organiser_client, sandbox, current, outsider_member
):
    accepted, _ = current
    pasted = f"fresh1@example.org\nGrace Hopper <fresh2@example.org>\n{accepted.email}\n"
    pasted += f"{outsider_member.email}\nbroken@\n"
    url = preview_url(start(organiser_client, pasted=pasted))
    response = organiser_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"/lives/{LIVE}/#jobs-panel"
    # A second click on the same preview starts nothing: it shows the job already started.
    again = organiser_client.post(url)
    assert again["Location"] == f"/lives/{LIVE}/#jobs-panel"
    assert InviteJob.objects.count() == 1
    assert organiser_client.get(url)["Location"] == f"/lives/{LIVE}/#jobs-panel"

    job = run_started_job()
    assert job.status == JobStatus.COMPLETED
    assert job.created_by.username == "organiser-user"
    assert list(job.items.values_list("email", "state")) == [
        ("fresh1@example.org", ItemState.INVITED),
        ("fresh2@example.org", ItemState.INVITED),
        (accepted.email.lower(), ItemState.ALREADY_THERE),
        (outsider_member.email.lower(), ItemState.INVITED),
        ("", ItemState.INVALID),  # "broken@", line 5: in the report too
    ]
    now = participants()
    assert {"fresh1@example.org", "fresh2@example.org", outsider_member.email.lower()} <= set(now)
    assert now[outsider_member.email.lower()].spot_member_id == outsider_member.id
    emails = sandbox.emails(LIVE)
    assert emails.get("fresh1@example.org") == 1
    assert accepted.email.lower() not in emails, "nobody already there gets an email"

    # The organiser follows it on the live's page and reads the per-person result.
    panel = organiser_client.get(f"/lives/{LIVE}/jobs/", HTTP_HX_REQUEST="true").content.decode()
    assert f"Invite participants #{job.pk}" in panel and "Finished" in panel
    # Finished, it takes one line: 3 invited, 1 already there, and its report.
    assert "3 invited · 1 already there · 0 failed" in panel
    assert f"/jobs/{job.pk}/report.csv" in panel
    detail = organiser_client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Grace Hopper &lt;fresh2@example.org&gt;" in detail
    assert "Already there" in detail
    report = organiser_client.get(f"/jobs/{job.pk}/report.csv")
    assert report["Content-Disposition"].startswith(f'attachment; filename="job-{job.pk}-report-')
    rows = b"".join(report.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("line,live,live title,email")
    assert any("fresh2@example.org,Grace,Hopper,,Invited" in row for row in rows)
    assert any(accepted.email.lower() in row and "Already there" in row for row in rows)


def report_rows(client, job) -> list[dict]:
    report = client.get(f"/jobs/{job.pk}/report.csv")
    return list(csv.DictReader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))


def test_the_report_accounts_for_every_input_line_and_progress_starts_at_zero(
    organiser_client, sandbox, current
):
    accepted, _ = current
    pasted = "\n".join(
        [
            "first@example.org",  # 1
            "not-an-email",  # 2: invalid
            "FIRST@example.org",  # 3: duplicate of 1
            accepted.email,  # 4: already there
            "Grace Hopper <second@example.org>",  # 5
            "bob@@example.org",  # 6: invalid
            "second@example.org",  # 7: duplicate of 5
        ]
    )
    organiser_client.post(preview_url(start(organiser_client, pasted=pasted)))
    job = InviteJob.objects.latest("id")
    # Nothing sent yet: the person already there and the skipped lines are not progress.
    progress = organiser_client.get(f"/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert one(progress, "progress").get("value") == "0"
    assert "0 %" in texts(progress, "strong")

    job = run_started_job()
    expected = {
        "1": ("Invited", "", "first@example.org"),
        "2": ("Invalid", "Invalid: ", "not-an-email"),
        "3": ("Duplicate", "Duplicate of line 1: skipped", "FIRST@example.org"),
        "4": ("Already there", "", accepted.email.lower()),
        "5": ("Invited", "", "second@example.org"),
        "6": ("Invalid", "Invalid: ", "bob@@example.org"),
        "7": ("Duplicate", "Duplicate of line 5: skipped", "second@example.org"),
    }
    rows = report_rows(organiser_client, job)
    assert [row["line"] for row in rows] == list(expected), "one row per line, in order"
    for row in rows:
        result, why, entry = expected[row["line"]]
        assert row["result"] == result
        assert row["why"].startswith(why)
        assert entry in (row["email"], row["entry"])
    assert "missing @" in rows[1]["why"] and "more than one @" in rows[5]["why"]

    page = organiser_client.get(f"/jobs/{job.pk}/")
    assert "All 7" in texts(page, "nav a")
    shown = {}  # line: (who, result, why) as the job's table shows them
    for row in select(page, ".table-wrap tbody tr"):
        who, result, why = row.select("td")
        line = text_of(who, ".muted").removeprefix("line ")
        shown[line] = (text_of(who), text_of(result), text_of(why))
    assert list(shown) == list(expected)
    for line, (result, why, entry) in expected.items():
        who, shown_result, shown_why = (part.lower() for part in shown[line])
        assert entry.lower() in who and shown_result == result.lower(), f"line {line}"
        assert shown_why.startswith(why.lower()), f"line {line}"
    whys = [why for _, _, why in shown.values()]
    assert sum("Duplicate of line" in why for why in whys) == 2
    assert sum(why.startswith("Invalid: ") for why in whys) == 2
    progress = organiser_client.get(f"/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "100 %" in texts(progress, "strong")
    assert "4 lines skipped (invalid or duplicate)" in texts(progress, "span")


def test_the_job_page_shows_a_skipped_line_as_typed_like_the_report(organiser_client, sandbox):
    pasted = "zoe.dupont@studio.example.fr\nZoe.Dupont@Studio.Example.fr\nBob <bob@@x.org>"
    organiser_client.post(preview_url(start(organiser_client, pasted=pasted)))
    job = run_started_job()
    by_line = {row["line"]: row for row in report_rows(organiser_client, job)}
    assert by_line["2"]["entry"] == "Zoe.Dupont@Studio.Example.fr"
    cells = texts(organiser_client.get(f"/jobs/{job.pk}/"), "td")
    assert "Zoe.Dupont@Studio.Example.fr line 2" in cells
    assert "Bob <bob@@x.org> line 3" in cells


def test_the_form_as_served_leads_to_the_preview(organiser_client, sandbox):
    page = organiser_client.get(f"/lives/{LIVE}/invite/").content.decode()
    hidden = {tag["name"]: tag.get("value", "") for tag in select(page, "input[type=hidden]")}
    hidden.pop("csrfmiddlewaretoken", None)
    response = start(organiser_client, pasted="served@example.org", **hidden)
    assert "/preview/" in preview_url(response)
    assert InviteDraft.objects.count() == 1


def test_an_empty_paste_or_nobody_new_says_what_to_do(organiser_client, current):
    response = start(organiser_client, pasted="  \n ")
    assert response.status_code == 200
    assert "Paste at least one email address." in response.content.decode()

    accepted, invited = current
    html = organiser_client.get(
        preview_url(start(organiser_client, pasted=f"{accepted.email}\n{invited.email}"))
    ).content.decode()
    assert "Nobody new to invite" in html
    assert "Invite 0" not in html


def test_invalid_rows_download_to_fix_and_upload_again(organiser_client, sandbox):
    url = preview_url(start(organiser_client, pasted="ok@example.org\n=HYPERLINK(x)\nann@ex"))
    download = organiser_client.get(url.replace("preview/", "invalid-rows.csv"))
    assert download["Content-Disposition"] == 'attachment; filename="invalid-rows-to-fix.csv"'
    lines = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "line,entry,why"
    assert lines[1].startswith("2,'=HYPERLINK(x),")
    assert lines[2].startswith("3,ann@ex,")


# -- files ----------------------------------------------------------------------------------
def upload(client, name, data: bytes, **extra):
    file = io.BytesIO(data)
    file.name = name
    return start(client, source="upload", upload=file, **extra)


def test_a_csv_with_headers_and_bom_guesses_the_columns(organiser_client, sandbox):
    data = "\ufeffPrénom;Nom;E-mail\nZoé;Durand;zoe@example.fr\nLéo;Martin;leo@example.fr\n"
    response = upload(organiser_client, "guests.csv", data.encode("utf-8"))
    columns_url = response["Location"]
    assert columns_url.endswith("/columns/")
    page = organiser_client.get(columns_url).content.decode()
    assert "2 rows read, with a header row" in page
    chosen = one(page, "select[name=email] option[selected]")
    assert (chosen["value"], chosen.get_text()) == ("2", "E-mail")
    response = organiser_client.post(columns_url, {"email": 2, "first_name": 0, "last_name": 1})
    html = organiser_client.get(preview_url(response)).content.decode()
    assert metrics(html)["new invitations"] == 2
    assert "Zoé Durand &lt;zoe@example.fr&gt;" in html
    assert "guests.csv (2 rows)" in html


def test_a_latin1_csv_without_headers_keeps_its_accents_and_line_numbers(organiser_client, sandbox):
    data = "hélène@example.fr,Hélène\nbad address,Bob\nmarc@example.fr,Marc\n"
    response = upload(organiser_client, "old-export.csv", data.encode("latin-1"))
    columns_url = response["Location"]
    page = organiser_client.get(columns_url).content.decode()
    assert "no header row" in page and "Hélène" in page
    response = organiser_client.post(columns_url, {"email": 0, "first_name": 1, "last_name": ""})
    html = organiser_client.get(preview_url(response)).content.decode()
    numbers = metrics(html)
    assert numbers["new invitations"] == 1
    assert numbers["invalid addresses"] == 2  # the accented address and "bad address"
    assert ("2", "bad address, Bob") in side_by_side_cells(html)


def test_an_excel_file_is_read(organiser_client, sandbox):
    book = Workbook()
    sheet = book.active
    sheet.append(["Email", "First name", "Last name"])
    sheet.append(["xl1@example.org", "Excel", "One"])
    sheet.append(["xl2@example.org", "Excel", "Two"])
    data = io.BytesIO()
    book.save(data)
    response = upload(organiser_client, "guests.xlsx", data.getvalue())
    response = organiser_client.post(
        response["Location"], {"email": 0, "first_name": 1, "last_name": 2}
    )
    html = organiser_client.get(preview_url(response)).content.decode()
    assert metrics(html)["new invitations"] == 2
    assert "Excel Two &lt;xl2@example.org&gt;" in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "The submitted file is empty."),
        ("photo.png", b"\x89PNG\r\n", "Upload a CSV or an Excel (.xlsx) file."),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "This Excel file cannot be opened"),
        ("binary.csv", b"a\x00b\x00c", "This file is not a CSV text file."),
    ],
)
def test_a_broken_file_gets_a_message_and_the_form_back(
    organiser_client, sandbox, name, data, message
):
    response = upload(organiser_client, name, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in unescape(html)
    assert exists(html, 'input[value="upload"]')
    assert not InviteJob.objects.exists()


def test_the_preview_cards_add_up_to_the_entries_read(
    organiser_client, sandbox, current, outsider_member
):
    """Issue 15, item 9: the cards partition the entries; members and emails are parts of
    the new invitations, not siblings that add up to something else."""
    accepted, invited = current
    pasted = "\n".join(
        [
            "new.one@example.org",
            "new.one@example.org",  # duplicate
            "not-an-email",  # invalid
            accepted.email,  # already there: a Spot member, but no new invitation
            invited.email,
            outsider_member.email,  # new, a Spot member
            "fresh.two@example.org",
        ]
    )
    html = organiser_client.get(preview_url(start(organiser_client, pasted=pasted))).content
    html = unescape(html.decode())
    numbers, of_new = metrics(html), parts(html)
    entries = 7
    assert (
        numbers["new invitations"]
        + numbers["already invited or registered"]
        + numbers["duplicate in the input"]
        + numbers["invalid address"]
        == entries
    )
    assert numbers["new invitations"] == 3
    assert of_new == {"Spot members, invited by member id": 1, "by email only (not members yet)": 2}
    assert re.search(
        r"7\s*</strong>\s*entries read =\s*3 new \+ 2 already there \+ 1 duplicate \+ 1 invalid",
        html,
    )


# -- other sources --------------------------------------------------------------------------
def test_a_groups_members_are_previewed_and_invited_by_member_id(organiser_client, sandbox):
    client = get_client()
    group = next(g for g in client.groups.iter_all() if client.groups.members(g.id).total)
    members = list(client.groups.iter_members(group.id))
    html = organiser_client.get(
        preview_url(start(organiser_client, source="group", group_id=group.id))
    ).content.decode()
    assert f"Members of the group “{group.name}”" in unescape(html)
    numbers = metrics(html)
    assert numbers["new invitations"] + numbers["already invited or registered"] == len(members)
    assert parts(html).get("by email only (not members yet)", 0) == 0
    organiser_client.post(preview_url(start(organiser_client, source="group", group_id=group.id)))
    job = run_started_job()
    assert job.items.filter(spot_member_id="").count() == 0
    assert set(participants()) >= {m.email.lower() for m in members}


def test_spot_members_picked_by_hand(organiser_client, sandbox, outsider_member):
    html = organiser_client.get(
        preview_url(start(organiser_client, source="members", spot_member_ids=[outsider_member.id]))
    ).content.decode()
    assert "1 Spot members picked by hand" in html
    assert metrics(html)["new invitations"] == 1


@pytest.mark.parametrize(
    ("audience", "filters", "label"),
    [
        ("no_shows", {"statuses": ("Accepted",), "has_participated": False}, "The no-shows"),
        ("replayed", {"has_replayed": True}, "Everyone who watched the replay"),
        ("no_answer", {"statuses": ("Invited",)}, "The people who never answered"),
        ("attendees", {"has_participated": True}, "The attendees"),
    ],
)
def test_another_lives_audience_by_filter(organiser_client, sandbox, audience, filters, label):
    client = get_client()
    target = client.lives.list(limit=100).items[-1]
    wanted = {
        p.email.lower() for p in client.participants.iter_all(LIVE, ParticipantFilters(**filters))
    }
    assert wanted, f"the demo live has people for {audience}"
    html = organiser_client.get(
        preview_url(
            start(organiser_client, target.id, source="live", other_live_id=LIVE, audience=audience)
        )
    ).content.decode()
    numbers = metrics(html)
    assert numbers["new invitations"] + numbers["already invited or registered"] == len(wanted)
    assert f"{label}" in unescape(html)


def test_speakers_from_a_paste_are_invited_with_their_switches(
    organiser_client, sandbox, outsider_member
):
    url = preview_url(
        start(
            organiser_client,
            role="speakers",
            pasted=f"{outsider_member.email}\nTalk Er <talker@example.org>",
            highlighted="on",
        )
    )
    assert "as speakers" in organiser_client.get(url).content.decode()
    organiser_client.post(url)
    job = run_started_job()
    assert job.kind == JobKind.INVITE_SPEAKERS
    assert set(job.items.values_list("state", flat=True)) == {ItemState.INVITED}
    speakers = {s.email.lower(): s for s in get_client().speakers.iter_all(LIVE)}
    assert {outsider_member.email.lower(), "talker@example.org"} <= set(speakers)
    assert speakers["talker@example.org"].is_highlighted


# -- roles and unknown ids --------------------------------------------------------------------
def test_a_viewer_cannot_open_the_wizard_and_a_draft_is_its_authors_only(
    viewer_client, organiser_client, make_user, sandbox
):
    assert viewer_client.get(f"/lives/{LIVE}/invite/").status_code == 403
    url = preview_url(start(organiser_client, pasted="x@example.org"))
    from django.test import Client

    from lives_admin.team.roles import Role

    other = Client()
    other.force_login(make_user(Role.ORGANISER, username="other-organiser"))
    assert other.get(url).status_code == 404
    assert other.post(url).status_code == 404
    assert not InviteJob.objects.exists()


def test_a_tampered_draft_id_is_a_404(organiser_client, sandbox):
    assert organiser_client.get(f"/lives/{LIVE}/invite/?draft=garbage").status_code == 404
    response = organiser_client.post(f"/lives/{LIVE}/invite/", {"draft": "x", "pasted": "a@b.org"})
    assert response.status_code == 404


def test_an_unknown_live_gets_a_page_that_says_so(organiser_client, sandbox):
    response = organiser_client.get("/lives/no-such-live/invite/")
    assert response.status_code == 404
    assert "no longer exists" in response.content.decode() or "not found" in (
        response.content.decode().lower()
    )


# -- MeltingSpot trouble: a message, a retry, and nothing the organiser typed is lost ------
@pytest.mark.parametrize(
    ("config", "status", "text"),
    [
        ({"error_rate": 1.0}, 503, "MeltingSpot is having trouble"),
        ({"rate_limit": True, "rate_limit_requests": 0}, 429, "Too many requests"),
    ],
)
def test_trouble_during_the_preview_keeps_the_list_for_a_retry(
    organiser_client, sandbox, settings, config, status, text
):
    from lives_admin.upstream import reset_client

    url = preview_url(start(organiser_client, pasted="keep.me@example.org"))
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    sandbox.configure(**config)
    response = organiser_client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert text in text_of(html) and "Try again" in texts(html, f'a[href="{url}"]')
    assert organiser_client.post(url).status_code == status
    assert not InviteJob.objects.exists()

    sandbox.configure(error_rate=0.0, rate_limit=False)
    html = organiser_client.get(url).content.decode()
    assert metrics(html)["new invitations"] == 1  # the pasted list was kept


def test_a_group_source_with_meltingspot_down_keeps_the_form(organiser_client, sandbox, settings):
    from lives_admin.upstream import reset_client

    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    sandbox.configure(error_rate=1.0)
    response = start(organiser_client, source="group", group_id="grp001")
    assert response.status_code == 503
    html = response.content.decode()
    assert "MeltingSpot is having trouble" in html
    assert exists(html, 'input[value="group"]')


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"source": "group", "group_id": "no-such-group"}, "This group no longer exists"),
        (
            {"source": "live", "other_live_id": "no-such-live", "audience": "no_shows"},
            "This live no longer exists on MeltingSpot: pick another one.",
        ),
    ],
)
def test_a_source_that_no_longer_exists_is_named_on_the_form(
    organiser_client, sandbox, data, message
):
    response = start(organiser_client, **data)
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert not InviteJob.objects.exists()


def test_a_picked_member_who_left_is_reported_not_dropped(
    organiser_client, sandbox, outsider_member
):
    response = start(
        organiser_client, source="members", spot_member_ids=[outsider_member.id, "gone-member"]
    )
    html = organiser_client.get(preview_url(response)).content.decode()
    numbers = metrics(html)
    assert numbers["new invitations"] == 1
    assert numbers["invalid address"] == 1
    assert "gone-member" in html and "no longer a member of the Spot" in html


def test_the_full_preview_downloads_with_each_entrys_fate(organiser_client, sandbox, current):
    accepted, _ = current
    pasted = f"Ann Lee <ann@example.org>\n{accepted.email}\nANN@example.org\nnope\n"
    url = preview_url(start(organiser_client, pasted=pasted))
    html = organiser_client.get(url).content.decode()
    assert "Download the full preview (CSV)" in html
    download = organiser_client.get(url.replace("preview/", "preview.csv"))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["line", "entry", "email", "first name", "last name", "live", "what happens"]
    fates = {(row[0], row[6]) for row in rows[1:]}
    assert ("1", "invited, with an email (by email)") in fates
    assert ("2", f"already there ({accepted.status}): nothing sent") in fates
    assert ("3", "duplicate of line 1: skipped") in fates
    assert ("4", "invalid: missing @") in fates
    assert len(rows) == 5
    assert not InviteJob.objects.exists()


def test_change_the_list_comes_back_with_what_was_sent(organiser_client, sandbox):
    url = preview_url(start(organiser_client, pasted="again@example.org\nbroken@", role="speakers"))
    html = organiser_client.get(url).content.decode()
    [change] = [a["href"] for a in select(html, "a[href]") if text_of(a) == "Change the list"]
    page = organiser_client.get(change).content.decode()
    assert one(page, "textarea[name=pasted]").get_text().endswith("again@example.org\nbroken@")
    assert exists(page, 'input[value="speakers"][checked]')
    response = organiser_client.post(
        change,
        {
            "draft": one(page, "input[name=draft]")["value"],
            "role": "participants",
            "source": "paste",
            "pasted": "again@example.org",
        },
    )
    html = organiser_client.get(preview_url(response)).content.decode()
    assert metrics(html)["invalid addresses"] == 0
    assert metrics(html)["new invitations"] == 1
    assert InviteDraft.objects.count() == 1  # the same draft, changed


def test_the_live_jobs_panel_poll_answers_only_for_a_job_started_elsewhere(
    organiser_client, sandbox
):
    page = organiser_client.get(f"/lives/{LIVE}/").content.decode()
    poll = unescape(re.search(r'id="jobs-panel"[^>]*hx-get="([^"]+)"', page).group(1))
    assert poll == f"/lives/{LIVE}/jobs/?known=&running=" and 'hx-trigger="every 10s' in page
    sandbox.clear_requests()
    nothing_new = organiser_client.get(poll, HTTP_HX_REQUEST="true")
    assert nothing_new.status_code == 204  # the page keeps what it shows
    assert sandbox.requests() == []  # our database only
    # Started in another tab and already over by the next poll: the panel, and the
    # events that refresh the figures and the other panels.
    organiser_client.post(preview_url(start(organiser_client, pasted="elsewhere@example.org")))
    job = run_started_job()
    answer = organiser_client.get(poll, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert f"Invite participants #{job.pk}" in answer.content.decode()
    assert {"peopleChanged", "jobFinished"} <= set(json.loads(answer["HX-Trigger"]))
    assert f'?known={job.pk}&amp;running="' in answer.content.decode()
    # Once shown, the job is known: nothing again, and no MeltingSpot call for any of it.
    sandbox.clear_requests()
    again = organiser_client.get(f"/lives/{LIVE}/jobs/?known={job.pk}", HTTP_HX_REQUEST="true")
    assert again.status_code == 204
    assert sandbox.requests() == []
    # A job the page shows running ends as another starts: the events again, the new
    # job still running (its own progress bar sends them when it ends).
    organiser_client.post(preview_url(start(organiser_client, pasted="later@example.org")))
    second = InviteJob.objects.latest("id")
    assert second.is_active
    shown_running = f"/lives/{LIVE}/jobs/?known={job.pk}&running={job.pk}"
    answer = organiser_client.get(shown_running, HTTP_HX_REQUEST="true")
    assert f"#{second.pk}" in answer.content.decode()
    assert {"peopleChanged", "jobFinished"} <= set(json.loads(answer["HX-Trigger"]))
    quiet = organiser_client.get(
        f"/lives/{LIVE}/jobs/?known={job.pk}&running=", HTTP_HX_REQUEST="true"
    )
    assert quiet.status_code == 200 and "HX-Trigger" not in quiet
