"""“Name <email>” pasted into "Invite one person": the email is invited, the name kept."""

import pytest

from lives_admin.meltingspot import ParticipantFilters
from lives_admin.upstream import get_client

pytestmark = pytest.mark.django_db
LIVE_ID = "live003"


def test_a_named_address_invites_the_email_and_names_the_person(organiser_client, sandbox):
    sandbox.clear_requests()
    response = organiser_client.post(
        f"/lives/{LIVE_ID}/participants/invite/",
        {"q": "Ada Lovelace <Ada.Lovelace@Example.org>", "with_email_notification": "on"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="participants-panel",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace (ada.lovelace@example.org) is invited." in html
    sent = [r for r in sandbox.requests() if r["method"] == "POST" and "/participants" in r["path"]]
    assert [r["body"]["member"] for r in sent] == ["ada.lovelace@example.org"]
    found = get_client().participants.list(
        LIVE_ID, ParticipantFilters(email_eq="ada.lovelace@example.org")
    )
    assert [p.status for p in found.items] == ["Invited"]
