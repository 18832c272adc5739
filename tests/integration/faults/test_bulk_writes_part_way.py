"""Bulk writes that MeltingSpot stops part-way: the client sends them in batches, the
first batch goes through and the second fails. The organiser reads how many were done
and why the rest were not, the ones not done stay ticked, and the sandbox and the audit
log show exactly what was sent and what happened to it.
"""

import time

import pytest

from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client
from tests.integration.faults.conftest import HELD_WRITES_TIMEOUT, HOLD_WRITES, inject
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live003"
BATCH = 2  # five items: batches of 2, 2 and 1
# The first write goes through; every write after it fails (retries included).
SECOND_BATCH_FAILS = {
    "503": {"error_rate": 1.0, "error_status": 503},
    "timeout": HOLD_WRITES,
}


@pytest.fixture
def batches_of_two(quick_client, settings):
    from lives_admin.upstream import reset_client

    settings.MELTINGSPOT_BULK_BATCH_SIZE = BATCH
    reset_client()
    return quick_client


def fail_after_the_first_write(sandbox, settings, fault: str) -> None:
    sandbox.clear_requests()
    config = {**SECOND_BATCH_FAILS[fault], "fault_methods": "POST", "fault_after": 1}
    inject(sandbox, settings, fault, config, timeout=HELD_WRITES_TIMEOUT)


def posted(sandbox, path_end: str, *, at_least: int = 2) -> list[tuple[list[str], int]]:
    """(ids, status) of each bulk request the sandbox received. A slow answer enters the
    log once it is sent, after the client gave up on it: wait for it (as long as a busy
    machine may take; it returns as soon as they are there)."""
    deadline = time.monotonic() + 15
    while True:
        sent = [
            (r["body"].get("groupIds") or r["body"].get("spotMemberIds"), r["status"])
            for r in sandbox.requests()
            if r["method"] == "POST" and r["path"].endswith(path_end)
        ]
        if len(sent) >= at_least or time.monotonic() > deadline:
            return sent
        time.sleep(0.05)


def unlinked_groups(count: int) -> list[str]:
    client = get_client()
    linked = {g.id for g in client.live_groups.iter_all(LIVE)}
    ids = [g.id for g in client.groups.iter_all() if g.id not in linked]
    assert len(ids) >= count, "the demo data needs more groups"
    return ids[:count]


def members_not_speaking(count: int) -> list[str]:
    client = get_client()
    speaking = {p.spot_member_id for p in client.speakers.iter_all(LIVE)}
    ids = [m.id for m in client.spot_members.iter_all() if m.id not in speaking]
    return ids[:count]


@pytest.mark.parametrize("fault", SECOND_BATCH_FAILS)
def test_linking_groups_that_fails_part_way_says_how_far_it_got(
    fault, batches_of_two, organiser_client, settings
):
    sandbox = batches_of_two
    groups = unlinked_groups(5)
    fail_after_the_first_write(sandbox, settings, fault)
    response = organiser_client.post(
        f"/lives/{LIVE}/groups/link/", {"group_ids": groups, "q": "a"}, **HTMX
    )
    page, html = text(response), response.content.decode()
    if fault == "503":
        assert response.status_code == 503
        assert (
            "Linked 2 of 5 groups; the other 3 were not linked: MeltingSpot is having trouble."
            in page
        )
        assert "MeltingSpot said: “Injected fault”" in page
    else:
        assert response.status_code == 504
        assert (
            "Linked 2 of 5 groups; the other 3 were not confirmed: MeltingSpot took too long "
            "to answer. It may still have done it: check the live's groups before sending "
            "this again." in page
        )
    assert "Nothing was linked" not in page
    # The groups not linked stay ticked in the reopened form; the linked ones do not.
    assert '<details class="link-groups" open>' in html
    assert all(f"ticked={gid}" in html for gid in groups[2:])
    assert not any(f"ticked={gid}" in html for gid in groups[:2])
    # What the sandbox received: the first batch done, the second failed, the third never sent.
    sent = posted(sandbox, "groups~bulkAdd")
    assert sent[0] == (groups[:2], 204)
    assert {tuple(ids) for ids, _ in sent[1:]} == {tuple(groups[2:4])}
    if fault == "503":
        assert all(status == 503 for _, status in sent[1:])
    sandbox.configure(error_rate=0.0, slow_rate=0.0)
    linked = {g.id for g in get_client().live_groups.iter_all(LIVE)}
    # The third batch was never sent; after a timeout the second may well have happened.
    assert set(groups[:2]) <= linked and groups[4] not in linked
    # The audit log tells the batch that went through from the one that failed.
    outcomes = list(
        AuditEntry.objects.filter(operation="groups.bulk_link")
        .order_by("pk")
        .values_list("ok", "request_body__groupIds")
    )
    assert outcomes[0] == (True, groups[:2])
    assert outcomes[-1] == (False, groups[2:4])
    if fault == "timeout":
        last = AuditEntry.objects.filter(operation="groups.bulk_link").latest("pk")
        assert last.error_message.endswith("the write may still have happened")


def test_inviting_speakers_that_fails_part_way_keeps_the_rest_ticked(
    batches_of_two, organiser_client, settings
):
    sandbox = batches_of_two
    chosen = members_not_speaking(5)
    fail_after_the_first_write(sandbox, settings, "503")
    response = organiser_client.post(
        f"/lives/{LIVE}/speakers/invite-members/",
        {"spot_member_ids": chosen, "with_email_notification": "on"},
        **HTMX,
    )
    page, html = text(response), response.content.decode()
    assert response.status_code == 503
    assert (
        "Invited 2 of 5 members as speakers; the other 3 were not invited: "
        "MeltingSpot is having trouble." in page
    )
    assert "Nobody was invited" not in page
    assert '<details class="invite-speaker" open>' in html
    kept = [f'name="spot_member_ids" value="{mid}" checked' for mid in chosen]
    assert all(tick in html for tick in kept[2:]) and not any(tick in html for tick in kept[:2])
    sent = posted(sandbox, "speakers~bulkInvite")
    assert sent[0] == (chosen[:2], 201) or sent[0] == (chosen[:2], 200)
    assert {tuple(ids) for ids, _ in sent[1:]} == {tuple(chosen[2:4])}
    sandbox.configure(error_rate=0.0)
    speaking = {p.spot_member_id for p in get_client().speakers.iter_all(LIVE)}
    assert set(chosen[:2]) <= speaking and not set(chosen[2:]) & speaking
