"""Outside finding: saving the edit form untouched still sent a PUT to MeltingSpot and
wrote "No field changed · Done" to the audit log. Nothing changed: nothing is sent, the
organiser is told so, and nothing is recorded."""

import pytest

from lives_admin.models import AuditEntry
from tests.integration.lives.helpers import api_requests, text
from tests.integration.lives.test_edit_conflicts import opened

pytestmark = pytest.mark.django_db
LIVE = "live003"


def test_an_unchanged_save_sends_nothing_and_records_nothing(sandbox, organiser_client):
    form = opened(organiser_client, LIVE)
    recorded = AuditEntry.objects.count()
    sandbox.clear_requests()

    response = organiser_client.post(f"/lives/{LIVE}/edit/", form, follow=True)

    assert response.status_code == 200
    assert "Nothing changed: nothing was sent." in text(response)
    assert "was saved" not in text(response)
    assert api_requests(sandbox, "PUT") == []
    assert AuditEntry.objects.count() == recorded
