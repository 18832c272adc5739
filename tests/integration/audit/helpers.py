"""Shared by the audit tests: a live to act on, and reading the log as an organiser does."""

import csv
import io

from lives_admin.models import AuditEntry
from tests.integration.lives.helpers import live_form_data, text

HTMX = {"HTTP_HX_REQUEST": "true"}


def live_form(**changes) -> dict:
    """The edit form of a YouTube live, as a browser posts it (CRLF in the textarea)."""
    return live_form_data(**changes)


def only_entry(**filters) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, [str(e) for e in entries]
    return entries[0]


def log_text(client, query: str = "") -> str:
    """The log's results as the filter form's htmx request gets them (no filter labels)."""
    response = client.get(f"/audit/{query}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="audit-results")
    assert response.status_code == 200
    return text(response)


def export(client, query=""):
    response = client.get(f"/audit/export.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))
