"""Each kind of write made through the pages lands in the audit log: who, which live,
what (with an edit's changed fields), the outcome and MeltingSpot's message."""

import pytest

from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client
from tests.integration.audit.helpers import HTMX, live_form, log_text, only_entry
from tests.integration.lives.helpers import a_host, api_requests, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_hall(sandbox, organiser_client):
    """A live created through the page (its own entry is the first of the log)."""
    response = organiser_client.post("/lives/new/", live_form(q=a_host().email))
    assert response.status_code == 302
    return response["Location"].strip("/").split("/")[-1]


def test_creating_a_live_is_recorded_under_the_organiser(town_hall, organiser, organiser_client):
    entry = only_entry(operation="lives.create")
    assert (entry.actor, entry.live_id, entry.ok, entry.status_code) == (
        organiser,
        town_hall,
        True,
        201,
    )
    assert entry.live_title == "Quarterly town hall"
    page = log_text(organiser_client)
    assert "Created live" in page and "Quarterly town hall" in page
    assert organiser.username in page and "Done" in page and "Details POST · 201 ·" in page
    assert "Succeeded" not in page


def test_an_edit_records_each_changed_field_before_and_after(
    town_hall, organiser_client, viewer_client
):
    organiser_client.cookies["tz"] = "Europe/Paris"
    changed = live_form(title="Town hall (moved)", start="2030-03-02T10:00", end="2030-03-02T11:30")
    assert organiser_client.post(f"/lives/{town_hall}/edit/", changed).status_code == 302

    entry = only_entry(operation="lives.update")
    # The description came back with CRLF from the textarea: not a change.
    assert [c["field"] for c in entry.changes] == ["title", "startDate", "endDate"]
    assert entry.changes[0] == {
        "field": "title",
        "before": "Quarterly town hall",
        "after": "Town hall (moved)",
    }
    # Paris 10:00 on 1 March 2030 is 04:00 in New York: the reader's timezone.
    viewer_client.cookies["tz"] = "America/New_York"
    page = log_text(viewer_client, "?action=edited")
    assert "Edited live" in page
    assert "Title: “Quarterly town hall” → “Town hall (moved)”" in page
    assert "Starts: 1 Mar 2030, 04:00 → 2 Mar 2030, 04:00" in page
    assert "Description:" not in page


def test_an_edit_that_changes_nothing_is_not_recorded(town_hall, organiser_client):
    organiser_client.cookies["tz"] = "Europe/Paris"
    organiser_client.post(f"/lives/{town_hall}/edit/", live_form())
    assert not AuditEntry.objects.filter(operation="lives.update").exists()  # nothing sent


def test_a_refused_edit_keeps_meltingspots_message(town_hall, organiser_client):
    organiser_client.cookies["tz"] = "Europe/Paris"
    far = live_form(start="9999-01-01T10:00", end="9999-01-01T11:00")
    response = organiser_client.post(f"/lives/{town_hall}/edit/", far)
    assert "MeltingSpot refused the live" in response.content.decode()

    entry = only_entry(operation="lives.update")
    assert (entry.ok, entry.status_code) == (False, 400)
    assert "startDate must be a Unix timestamp in seconds" in entry.error_message
    failed = log_text(organiser_client, "?outcome=failed")
    assert "Refused by MeltingSpot" in failed
    assert "MeltingSpot said: startDate must be a Unix timestamp in seconds" in failed
    assert "Created live" not in failed  # the successful create is filtered out


def test_deleting_a_live_is_recorded_with_its_title(sandbox, admin_user_client, admin):
    live = get_client().lives.retrieve("live003")
    admin_user_client.post(f"/lives/{live.id}/delete/", {"title": live.title})
    entry = only_entry(operation="lives.delete")
    assert (entry.actor, entry.live_id, entry.live_title, entry.ok) == (
        admin,
        live.id,
        live.title,
        True,
    )
    page = log_text(admin_user_client)
    assert "Deleted live" in page and live.title in page


def test_linking_then_unlinking_groups(sandbox, organiser_client, organiser):
    groups = get_client().groups.list(limit=2).items
    url = "/lives/live003/groups/"
    organiser_client.post(url + "link/", {"group_ids": [g.id for g in groups]}, **HTMX)
    organiser_client.post(url + "unlink/", {"group_ids": groups[0].id}, **HTMX)

    linked = only_entry(operation="groups.bulk_link")
    assert linked.request_body["groupIds"] == [g.id for g in groups]
    unlinked = only_entry(operation="groups.unlink")
    assert (unlinked.live_id, unlinked.actor, unlinked.method) == ("live003", organiser, "DELETE")
    page = log_text(organiser_client, "?live=live003")
    # The live by its title, each group by its name (not "2 groups").
    title = get_client().lives.retrieve("live003").title
    assert f"Linked group(s) {title} live003 {groups[0].name} and {groups[1].name}" in page
    assert f"Unlinked group(s) {title} live003 {groups[0].name} " in page
    assert "2 groups" not in page and "1 group" not in page


def test_inviting_one_participant(sandbox, organiser_client, organiser):
    organiser_client.post(
        "/lives/live003/participants/invite/",
        {"member": "ann@example.org", "with_email_notification": "on"},
        **HTMX,
    )
    entry = only_entry(operation="participants.invite")
    assert (entry.actor, entry.live_id, entry.ok) == (organiser, "live003", True)
    page = log_text(organiser_client, "?action=invited_participants")
    assert "Invited participant(s)" in page
    assert "ann@example.org · with an email" in page


def test_inviting_speakers_new_and_member(sandbox, organiser_client):
    member = get_client().spot_members.list(limit=100).items[-2]
    url = "/lives/live003/speakers/invite/"
    organiser_client.post(url, {"mode": "new", "email": "ada@example.org"}, **HTMX)
    organiser_client.post(url, {"mode": "member", "spot_member_id": member.id}, **HTMX)

    assert only_entry(operation="speakers.invite").request_body["member"]["email"] == (
        "ada@example.org"
    )
    assert only_entry(operation="speakers.invite_member").ok
    page = log_text(organiser_client, "?action=invited_speakers")
    assert page.count("Invited speaker(s)") == 2
    assert "ada@example.org" in page and member.display_name in page
    assert "1 person" not in page


def test_an_injected_400_on_an_invite_is_recorded_as_failed(sandbox, organiser_client):
    sandbox.configure(error_rate=1, error_status=400)
    organiser_client.post(
        "/lives/live003/participants/invite/", {"member": "bo@example.org"}, **HTMX
    )
    sandbox.configure(error_rate=0)
    entry = only_entry(operation="participants.invite")
    assert (entry.ok, entry.status_code, entry.error_message) == (False, 400, "Injected fault")
    page = log_text(organiser_client)
    assert "Refused by MeltingSpot" in page and "MeltingSpot said: Injected fault" in page


def test_reads_are_not_recorded(sandbox, viewer_client):
    viewer_client.get("/lives/live003/")
    viewer_client.get("/lives/live003/participants/", **HTMX)
    assert not AuditEntry.objects.exists()


def test_a_write_on_an_overlong_live_id_is_recorded_cut_to_the_columns(
    sandbox, organiser_client, organiser
):
    """A live id typed in the address bar is sent upstream as is; its audit row must not
    be lost to a too-long value (Postgres refuses it; the DATABASE_URL pass runs this)."""
    long_id = "x" * 80
    organiser_client.post(
        f"/lives/{long_id}/participants/invite/", {"member": "ann@example.org"}, **HTMX
    )

    entry = only_entry(operation="participants.invite")
    live_id_length = AuditEntry._meta.get_field("live_id").max_length
    assert entry.live_id == long_id[:live_id_length]
    assert entry.path.startswith(f"/v1/lives/{long_id[:20]}") and entry.actor == organiser
    # The request's transaction is still usable after the write.
    assert AuditEntry.objects.count() == 1


def test_a_forged_title_in_the_delete_form_is_not_what_the_log_records(sandbox, admin_user_client):
    real = get_client().lives.retrieve("live003").title
    admin_user_client.post("/lives/live003/delete/", {"title": "Someone else's live"})
    assert only_entry(operation="lives.delete").live_title == real


def test_a_title_the_log_already_holds_costs_no_api_call(town_hall, sandbox, admin_user_client):
    sandbox.clear_requests()
    response = admin_user_client.post(
        f"/lives/{town_hall}/delete/", {"title": "Forged"}, follow=True
    )
    assert only_entry(operation="lives.delete").live_title == "Quarterly town hall"
    assert "“Quarterly town hall” was deleted." in text(response)
    assert [r["method"] for r in api_requests(sandbox) if town_hall in r["path"]] == ["DELETE"]
