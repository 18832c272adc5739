"""Every write form with MeltingSpot failing the write: a clear failure, the form back
with every typed value, and the failed attempt in the audit log with MeltingSpot's error.

The sandbox fails writes only (`fault_methods`), so the reads around a form still work
and the failure met is the write's own. A last test takes MeltingSpot down entirely
while an edit is saved: the typed values come back all the same.
"""

from html import escape

import pytest

from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client
from tests.integration.audit.helpers import log_text
from tests.integration.faults.conftest import (
    FAULT_TITLES,
    FAULTS,
    HELD_WRITES_TIMEOUT,
    HOLD_WRITES,
    TIMEOUT,
    each_fault,
    inject,
)
from tests.integration.lives.helpers import live_form_data, text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
WRITES = "POST,PUT,DELETE"
LIVE = "live003"
# The faults of the pages' sweep, aimed at writes; a 429 here comes with its Retry-After.
WRITE_FAULTS = {
    "503": FAULTS["503"],
    "500": FAULTS["500"],
    "429": {"error_rate": 1.0, "error_status": 429, "rate_limit_window": 30},
    # Only the writes are held: the reads around each form answer within the timeout.
    "timeout": HOLD_WRITES,
}
# What the audit log keeps of MeltingSpot's answer (the sandbox says "Injected fault").
AUDITED = {
    "503": (503, "Injected fault"),
    "500": (500, "Injected fault"),
    "429": (429, "Injected fault"),
    "timeout": (None, "MeltingSpot did not answer in time: the write may still have happened"),
}


def live_fields(**changes) -> dict:
    return live_form_data(
        **{
            "title": "Faulty town hall",
            "description": "Agenda, typed with care:\r\n\r\n- news\r\n- questions",
            "start": "2031-04-02T09:15",
            "end": "2031-04-02T10:45",
            "timezone": "America/Montreal",
            "video_url": "https://www.youtube.com/watch?v=faulty",
            "chat_visibility": "Hidden",
            **changes,
        }
    )


def kept_live_fields(html: str, data: dict) -> list[str]:
    """The typed values missing from the re-rendered form."""
    expected = [
        f'value="{escape(data["title"])}"',
        escape(data["description"].replace("\r\n", "\n")),
        f'value="{data["start"]}"',
        f'value="{data["end"]}"',
        f'<option value="{data["timezone"]}" selected>',
        f'value="{escape(data["video_url"])}"',
    ]
    html = html.replace("\r\n", "\n")
    return [value for value in expected if value not in html]


def a_host_id() -> str:
    return get_client().spot_members.list(page=1, limit=1).items[0].id


def write_forms():
    """(name, operation, url, data, htmx, values that must come back, who sends it).

    Values None: the live form's typed values. Deleting a live is an admin's write.
    Each form acts on people and groups of its own: a write that timed out may still be
    carried out a moment later, and must not change what the next form finds (an unlink of
    a group that a timed-out unlink just removed is refused before anything is sent)."""
    client = get_client()
    group_ids = [g.id for g in client.groups.list(limit=2).items]
    linked = [g.id for g in client.groups.list(page=2, limit=3).items]
    client.live_groups.bulk_link(LIVE, linked)  # while MeltingSpot is well: some to unlink
    create = live_fields(host_id=a_host_id(), q="")
    edit = live_fields(title="Renamed in a storm")
    duplicate = live_fields(
        title="Copied in a storm", host_id=a_host_id(), repeat="once", occurrences="1"
    )
    taken = {p.spot_member_id for p in client.participants.iter_all(LIVE)}
    taken |= {p.spot_member_id for p in client.speakers.iter_all(LIVE)}
    fresh = [m for m in client.spot_members.list(limit=100).items if m.id not in taken]
    new_speakers = [m.id for m in fresh[:2]]
    title = client.lives.retrieve(LIVE).title
    speaker = {
        "mode": "new",
        "email": "storm.speaker@example.org",
        "first_name": "Stormy",
        "last_name": "Speaker",
        "title": "Weather lead",
        "biography": "Has seen a few outages.",
        "highlighted": "on",
    }

    def picked(member) -> dict:
        return {"q": member.email.split("@")[0], "spot_member_id": member.id}  # what was typed

    as_speaker, as_participant = picked(fresh[2]), picked(fresh[3])
    return [
        ("create live", "lives.create", "/lives/new/", create, False, None),
        ("edit live", "lives.update", f"/lives/{LIVE}/edit/", edit, False, None),
        ("duplicate live", "lives.create", f"/lives/{LIVE}/duplicate/", duplicate, False, None),
        (
            "unlink group",
            "groups.unlink",
            f"/lives/{LIVE}/groups/unlink/",
            {"group_ids": linked[:1]},
            True,
            [f'name="selected" value="{linked[0]}" checked'],
        ),
        (
            "unlink groups",
            "groups.bulk_unlink",
            f"/lives/{LIVE}/groups/unlink/",
            {"selected": linked[1:]},
            True,
            [f'name="selected" value="{gid}" checked' for gid in linked[1:]],
        ),
        (
            "invite members as speakers",
            "speakers.bulk_invite",
            f"/lives/{LIVE}/speakers/invite-members/",
            {"spot_member_ids": new_speakers[:2]},
            True,
            ['<details class="invite-speaker" open>']
            + [f'name="spot_member_ids" value="{mid}" checked' for mid in new_speakers[:2]],
        ),
        (
            "link group",
            "groups.bulk_link",
            f"/lives/{LIVE}/groups/link/",
            {"group_ids": group_ids, "q": "a", "with_email_notification": "on"},
            True,
            ['<details class="link-groups" open>', 'value="a"', "checked> Email the groups"]
            + [f"ticked={gid}" for gid in group_ids],
        ),
        (
            "invite speaker",
            "speakers.invite",
            f"/lives/{LIVE}/speakers/invite/",
            speaker,
            True,
            [
                'value="storm.speaker@example.org"',
                'value="Stormy"',
                'value="Speaker"',
                'value="Weather lead"',
                "Has seen a few outages.",
                '<details class="invite-speaker" open>',
            ],
        ),
        (
            "invite a member as speaker",
            "speakers.invite_member",
            f"/lives/{LIVE}/speakers/invite/",
            {"mode": "member", **as_speaker, "grant_host_rights": "on"},
            True,
            [
                f'value="{escape(as_speaker["q"])}"',
                f'value="{as_speaker["spot_member_id"]}" checked',
            ],
        ),
        (
            "invite a member as participant",
            "participants.invite",
            f"/lives/{LIVE}/participants/invite/",
            as_participant,
            True,
            [
                f'value="{escape(as_participant["q"])}"',
                f'value="{as_participant["spot_member_id"]}" checked',
            ],
        ),
        (
            "invite participant",
            "participants.invite",
            f"/lives/{LIVE}/participants/invite/",
            {"q": "storm.guest@example.org", "with_email_notification": "on"},
            True,
            ['value="storm.guest@example.org"', '<details class="invite-one" open>'],
        ),
        # Last: a timed-out delete may well happen after the answer is lost. The title may
        # have changed too (a timed-out edit): the confirmation is what must come back.
        (
            "delete live",
            "lives.delete",
            f"/lives/{LIVE}/delete/",
            {"title": title},
            False,
            ['<input type="hidden" name="title" value="', "Delete the live</button>"],
            "admin",
        ),
    ]


@pytest.mark.parametrize("fault", each_fault(WRITE_FAULTS))
def test_each_write_form_fails_clearly_and_keeps_what_was_typed(
    fault, quick_client, organiser_client, organiser, admin_user_client, admin, settings
):
    sandbox = quick_client
    forms = write_forms()
    senders = {"organiser": (organiser_client, organiser), "admin": (admin_user_client, admin)}
    config = {**WRITE_FAULTS[fault], "fault_methods": WRITES}
    inject(sandbox, settings, fault, config, timeout=HELD_WRITES_TIMEOUT)
    sandbox.clear_requests()
    problems = []
    for name, operation, url, data, htmx, kept, *who in forms:
        client, user = senders[who[0] if who else "organiser"]
        response = client.post(url, data, **(HTMX if htmx else {}))
        html, page = response.content.decode(), text(response)
        where = f"{fault} {name} ({response.status_code})"
        if response.status_code in (302, 500) or response.status_code >= 505:
            problems.append(f"{where}: not a clear failure")
            continue
        if FAULT_TITLES[fault] not in page:
            problems.append(f"{where}: does not say {FAULT_TITLES[fault]!r}: {page[:300]!r}")
        missing = (
            kept_live_fields(html, data) if kept is None else [k for k in kept if k not in html]
        )
        if missing:
            problems.append(f"{where}: lost {missing}")
        if sandbox.api_key in html:
            problems.append(f"{where}: the API key is in the answer")
        entry = AuditEntry.objects.filter(operation=operation).first()  # the newest
        if entry is None:
            problems.append(f"{where}: no audit entry")
        elif (entry.ok, entry.status_code, entry.error_message) != (False, *AUDITED[fault]):
            problems.append(
                f"{where}: audited as {entry.ok, entry.status_code, entry.error_message}"
            )
        elif entry.actor != user:
            problems.append(f"{where}: audited under {entry.actor}")
        if fault == "timeout" and "It may still have done it" not in page and "delete" in name:
            problems.append(f"{where}: does not warn that the delete may have happened")
    assert not problems, "\n".join(problems)
    # Nothing half-done: no write went through (a timed-out write may have, and says so).
    if fault != "timeout":
        assert not [r for r in sandbox.requests() if r["method"] != "GET" and r["status"] < 300]
    # The organiser reads the failures in the log, with MeltingSpot's words.
    log = log_text(organiser_client, "?outcome=failed")
    assert AUDITED[fault][1] in log


def test_a_timed_out_create_warns_that_it_may_have_happened(
    quick_client, organiser_client, settings
):
    data = live_fields(host_id=a_host_id())
    config = {**HOLD_WRITES, "fault_methods": WRITES}
    inject(quick_client, settings, "timeout", config, timeout=HELD_WRITES_TIMEOUT)
    response = organiser_client.post("/lives/new/", data)
    assert "It may still have done it: check the lives before sending this again." in text(response)
    assert TIMEOUT < 1 and HELD_WRITES_TIMEOUT < 2  # the sweeps stay quick


@pytest.mark.parametrize("fault", ["503", "timeout"])
def test_saving_an_edit_while_meltingspot_is_down_keeps_every_value(
    fault, quick_client, organiser_client, settings
):
    inject(quick_client, settings, fault, FAULTS[fault])
    data = live_fields(title="Renamed while down")
    response = organiser_client.post(f"/lives/{LIVE}/edit/", data)
    assert response.status_code in (503, 504)
    page = text(response)
    assert FAULT_TITLES[fault] in page and "Nothing was sent" in page
    assert kept_live_fields(response.content.decode(), data) == []
    assert 'aria-label="Main"' in response.content.decode()


PASTED = "Ann Storm <ann.storm@example.org>\nbob.storm@example.org\nnot-an-email"


@pytest.mark.parametrize("fault", FAULTS)
def test_a_pasted_list_is_kept_when_meltingspot_fails_before_the_preview(
    fault, quick_client, organiser_client, settings
):
    inject(quick_client, settings, fault, FAULTS[fault])
    quick_client.clear_requests()
    response = organiser_client.post(
        f"/lives/{LIVE}/invite/",
        {"role": "participants", "source": "paste", "pasted": PASTED},
        follow=True,
    )
    html, page = response.content.decode(), text(response)
    assert response.status_code in (429, 502, 503, 504)
    assert FAULT_TITLES[fault] in page and "Try again</a>" in html
    assert 'aria-label="Main"' in html
    # Nothing was sent to the live, no job started; "Change the list" has the paste as typed.
    # (Only this live's requests: an earlier test's create held by the timeout fault may
    # reach the sandbox's log after this test cleared it.)
    sent = [
        r
        for r in quick_client.requests()
        if r["method"] != "GET" and r["path"].startswith(f"/v1/lives/{LIVE}")
    ]
    assert not sent
    assert not AuditEntry.objects.exists()
    draft = response.redirect_chain[-1][0].split("/")[2]
    quick_client.configure(error_rate=0.0, slow_rate=0.0, rate_limit=False)
    again = organiser_client.get(f"/lives/{LIVE}/invite/?draft={draft}").content.decode()
    assert escape(PASTED) in again.replace("\r\n", "\n")


def test_a_bulk_invitation_whose_writes_fail_is_paused_with_everyone_kept_and_audited(
    quick_client, organiser_client, settings
):
    from lives_admin.invites.runner import JobRunner
    from lives_admin.models import InviteJob, ItemState, JobStatus
    from lives_admin.upstream import reset_client

    settings.MELTINGSPOT_JOB_RETRY_BUDGET = 0.1
    reset_client()
    preview = organiser_client.post(
        f"/lives/{LIVE}/invite/", {"role": "participants", "source": "paste", "pasted": PASTED}
    )["Location"]
    assert organiser_client.post(preview).status_code == 302  # the job starts
    quick_client.configure(**FAULTS["500"], fault_methods=WRITES)
    job = InviteJob.objects.get()
    JobRunner(job, sleep=lambda seconds: None).run()
    job.refresh_from_db()
    assert job.status == JobStatus.PAUSED and "Injected fault" in job.last_error
    # Both people kept to be sent; the invalid line is in the report, never sent.
    assert sorted(job.items.values_list("state", flat=True)) == [
        ItemState.INVALID,
        ItemState.PENDING,
        ItemState.PENDING,
    ]
    entry = AuditEntry.objects.filter(operation="participants.bulk_invite").first()
    assert (entry.ok, entry.status_code, entry.error_message, entry.job_id) == (
        False,
        500,
        "Injected fault",
        job.pk,
    )
    detail = text(organiser_client.get(f"/jobs/{job.pk}/"))
    assert "Injected fault" in detail and "resume the job" in detail
