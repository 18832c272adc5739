import pytest

from lives_admin import audit
from lives_admin.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entry(**overrides):
    values = {
        "actor_label": "alice",
        "live_id": "L1",
        "operation": "lives.update",
        "method": "PUT",
        "path": "/v1/lives/L1",
        "ok": True,
        "status_code": 200,
    }
    values.update(overrides)
    return AuditEntry.objects.create(**values)


def test_the_log_lists_who_did_what_and_filters_by_outcome(viewer_client):
    _entry()
    _entry(
        actor_label="bob",
        operation="participants.bulk_invite",
        ok=False,
        status_code=400,
        error_message="Invalid email",
    )
    html = viewer_client.get("/audit/").content.decode()
    assert "alice" in html and "bob" in html
    assert "Invalid email" in html

    failed_only = viewer_client.get(
        "/audit/?outcome=failed", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="audit-results"
    ).content.decode()
    assert "Invited participant(s)" in failed_only
    assert "Edited live" not in failed_only


def test_a_bad_filter_value_is_reported_and_the_log_still_shows(viewer_client):
    _entry()
    response = viewer_client.get("/audit/?job=abc&outcome=maybe")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number" in html
    assert "Select a valid choice" in html


def test_writes_from_a_page_are_recorded_under_the_organiser(organiser, sandbox):
    """The service client's observer is wired to the audit trail: no view needs to log."""
    from lives_admin.upstream import get_client

    live = get_client().lives.list(limit=1).items[0]
    with audit.acting_as(audit.actor_for_user(organiser)):
        get_client().lives.delete(live.id)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.live_id, entry.method, entry.ok) == (
        organiser,
        live.id,
        "DELETE",
        True,
    )
