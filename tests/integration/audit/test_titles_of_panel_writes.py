"""Invitations and group links sent from a live's page are logged with the live's title,
as creating or editing a live is, even for a live the log has never named."""

import pytest

from lives_admin.meltingspot import GroupFilters
from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client
from tests.integration.audit.helpers import log_text

pytestmark = pytest.mark.django_db
LIVE_ID = "live003"


def test_panel_writes_are_logged_with_the_lives_title(organiser_client, sandbox):
    live = get_client().lives.retrieve(LIVE_ID)
    assert not AuditEntry.objects.exists()  # nothing the log could take the title from
    group = get_client().groups.list(GroupFilters(name_contains="alum")).items[0]
    writes = [
        (f"/lives/{LIVE_ID}/participants/invite/", {"q": "ann@example.org"}),
        (f"/lives/{LIVE_ID}/groups/link/", {"group_ids": [group.id]}),
        (f"/lives/{LIVE_ID}/groups/unlink/", {"group_ids": [group.id]}),
        (
            f"/lives/{LIVE_ID}/speakers/invite/",
            {"mode": "new", "email": "sam@example.org", "first_name": "Sam"},
        ),
    ]
    for url, data in writes:
        assert organiser_client.post(url, data).status_code in (200, 302)
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.operation for e in entries] == [
        "participants.invite",
        "groups.bulk_link",
        "groups.unlink",
        "speakers.invite",
    ]
    assert {e.live_title for e in entries} == {live.title}
    page = log_text(organiser_client)
    assert page.count(live.title) >= len(entries)
