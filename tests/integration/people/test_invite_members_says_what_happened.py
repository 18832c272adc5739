"""Inviting members by id: only well-formed member ids are sent, and the message and the
log count whom MeltingSpot's answer names as invited, not whom the form asked for
(finding 5 of the outside attacker: `..` was sent, MeltingSpot answered `[]`, and the
page said "3 members invited as speakers")."""

import pytest

from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import api_requests

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live002"


@pytest.mark.parametrize("odd", ["..", "a/b", "a b", "\u202eexe", "."])
def test_a_malformed_member_id_is_refused_and_nothing_is_sent(organiser_client, sandbox, odd):
    sandbox.clear_requests()
    html = organiser_client.post(
        f"/lives/{LIVE}/speakers/invite-members/",
        {"spot_member_ids": ["member001", odd]},
        **HTMX,
    ).content.decode()
    assert "is not a member id" in html
    assert "invited as speaker" not in html
    assert not api_requests(sandbox, "POST")
    assert not AuditEntry.objects.exists()


def test_members_unknown_to_meltingspot_are_not_counted_as_invited(organiser_client, sandbox):
    html = organiser_client.post(
        f"/lives/{LIVE}/speakers/invite-members/",
        {"spot_member_ids": ["nosuchmember1", "nosuchmember2", "nosuchmember3"]},
        **HTMX,
    ).content.decode()
    assert "3 members invited" not in html
    assert "Nobody was invited as a speaker" in html


def test_the_count_is_whom_the_answer_names(organiser_client, sandbox):
    real = get_client().spot_members.list(limit=2, page=4).items
    html = organiser_client.post(
        f"/lives/{LIVE}/speakers/invite-members/",
        {"spot_member_ids": [real[0].id, real[1].id, "nosuchmember1"]},
        **HTMX,
    ).content.decode()
    assert "2 members invited as speakers" in html
    assert "MeltingSpot’s answer does not name 1 of the members sent" in html


@pytest.mark.parametrize("odd", ["..", "a/b", "\u202eexe"])
def test_a_participant_by_a_malformed_member_id_is_refused(organiser_client, sandbox, odd):
    sandbox.clear_requests()
    html = organiser_client.post(
        f"/lives/{LIVE}/participants/invite/",
        {"member": "Someone", "spot_member_id": odd},
        **HTMX,
    ).content.decode()
    assert "is not a member id" in html
    assert not api_requests(sandbox, "POST")
