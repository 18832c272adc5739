"""A live's History panel, and entries nobody can edit or delete: not from the dashboard,
not from the Django admin (superusers included)."""

import pytest
from django.test import Client
from django.urls import reverse

from lives_admin.models import AuditEntry
from tests.integration.audit.helpers import HTMX
from tests.integration.foundation.test_every_url_checks_its_role import (
    dashboard_patterns,
    url_of,
)
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
PANEL = {**HTMX, "HTTP_HX_TARGET": "history-panel"}


def entry(**values):
    defaults = {
        "actor_label": "alice",
        "live_id": "live003",
        "operation": "participants.invite",
        "method": "POST",
        "path": "/v1/lives/live003/participants",
        "request_body": {"member": "ann@example.org"},
        "ok": True,
        "status_code": 201,
    }
    return AuditEntry.objects.create(**{**defaults, **values})


def test_the_live_page_shows_its_history_panel_at_once(sandbox, viewer_client):
    html = viewer_client.get("/lives/live003/").content.decode()
    assert 'hx-get="/lives/live003/history/"' in html  # asked again after a write
    assert "Nothing changed on this live from the dashboard yet." in html


def test_the_history_panel_lists_this_lives_entries_without_asking_meltingspot(
    sandbox, viewer_client
):
    entry(error_message="", live_title="Spring webinar")
    entry(
        operation="lives.update",
        method="PUT",
        changes=[{"field": "title", "before": "Spring", "after": "Spring webinar"}],
    )
    entry(ok=False, status_code=400, error_message="member must be an email")
    entry(live_id="other", operation="lives.delete")
    sandbox.clear_requests()
    response = viewer_client.get("/lives/live003/history/", **PANEL)
    page = text(response)
    assert response.status_code == 200
    assert page.count("Invited participant(s)") == 2
    assert "Edited live" in page and "Title: “Spring” → “Spring webinar”" in page
    assert "Refused by MeltingSpot" in page and "MeltingSpot said: member must be an email" in page
    assert "Details POST · 400 · 0 ms" in page  # the HTTP detail, for whoever opens it
    assert "Deleted live" not in page  # another live's
    assert 'href="/audit/?live=live003"' in response.content.decode()
    assert [r for r in sandbox.requests() if r["path"].startswith("/v1/")] == []


def test_a_long_history_links_to_the_full_log(sandbox, viewer_client):
    for _ in range(12):
        entry()
    page = text(viewer_client.get("/lives/live003/history/", **PANEL))
    assert page.count("Invited participant(s)") == 8
    assert "See all 12 entries in the audit log" in page


def test_an_empty_history_says_what_will_appear(sandbox, viewer_client):
    page = text(viewer_client.get("/lives/live003/history/", **PANEL))
    assert "Nothing changed on this live from the dashboard yet" in page


# -- nobody edits or deletes an entry --------------------------------------------------------
@pytest.fixture
def superuser_client(django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_the_django_admin_lists_entries_read_only(superuser_client):
    kept = entry(live_title="Spring webinar")
    entry(actor_label="bob", live_id="L2")
    changelist = reverse("admin:lives_admin_auditentry_changelist")
    listing = superuser_client.get(changelist)
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Spring webinar" in html
    assert "Add audit entry" not in html and "delete_selected" not in html
    assert 'id="changelist-filter"' in html and "?operation=lives.update" not in html
    assert "?operation=participants.invite" in html  # a filter per operation recorded
    assert "Spring webinar" not in superuser_client.get(changelist, {"q": "bob"}).content.decode()

    detail = superuser_client.get(reverse("admin:lives_admin_auditentry_change", args=[kept.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()  # shown, not editable


def test_the_django_admin_refuses_add_change_and_delete(superuser_client):
    kept = entry()
    before = AuditEntry.objects.values().get(pk=kept.pk)
    add = superuser_client.post(
        reverse("admin:lives_admin_auditentry_add"), {"actor_label": "forged", "ok": "on"}
    )
    change = superuser_client.post(
        reverse("admin:lives_admin_auditentry_change", args=[kept.pk]), {"actor_label": "forged"}
    )
    delete = superuser_client.post(
        reverse("admin:lives_admin_auditentry_delete", args=[kept.pk]), {"post": "yes"}
    )
    bulk = superuser_client.post(
        reverse("admin:lives_admin_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [kept.pk], "post": "yes"},
    )
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert bulk.status_code in (200, 302)
    assert list(AuditEntry.objects.values()) == [before]


def test_no_dashboard_url_edits_or_deletes_an_entry(sandbox, superuser_client):
    """Every URL of the dashboard, GET and POST, plain and htmx, as a superuser: the
    entries already recorded are left exactly as they were (new writes add new ones)."""
    entries = [entry(), entry(live_id="live001", operation="lives.update", method="PUT")]
    before = list(AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).values())
    superuser_client.raise_request_exception = False  # other areas' answers are not the point
    patterns = dashboard_patterns()
    for name, pattern in patterns.items():
        url = url_of(name, pattern)
        for send in (superuser_client.get, superuser_client.post):
            send(url, {"id": entries[0].pk, "entry_id": entries[0].pk})
            send(url, {"id": entries[0].pk}, **HTMX)
        superuser_client.delete(url)
    after = list(AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).values())
    assert after == before
    assert {"audit_list", "audit_export", "live_history_panel"} <= set(patterns)


@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv", "/lives/live003/history/"])
def test_the_audit_urls_only_read(sandbox, admin_user_client, url):
    kept = entry()
    for send in (admin_user_client.post, admin_user_client.put, admin_user_client.delete):
        assert send(url).status_code == 405
    assert AuditEntry.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_database_failure_is_the_panels_own_error_with_a_retry(sandbox, viewer_client):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE lives_admin_auditentry RENAME TO audit_away")
    try:
        response = viewer_client.get("/lives/live003/history/", **PANEL)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_away RENAME TO lives_admin_auditentry")
    html = response.content.decode()
    assert response.status_code == 503
    assert "The history cannot be read right now" in html
    assert 'hx-get="/lives/live003/history/"' in html and "Retry</button>" in html
