"""An edit sends what the organiser changed on top of the live as it is: a description
too long for the form, or a secret live MeltingSpot lets anyone join, does not stop a
title change, and is not changed by a save that did not touch it (outside review, B-D)."""

import pytest

from lives_admin.meltingspot import LiveUpdate
from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import api_requests, text
from tests.integration.lives.test_edit_conflicts import form_of, opened
from tests.integration.lives.test_forms import body_of

pytestmark = pytest.mark.django_db
LIVE = "live003"


def paragraphs(*texts) -> list:
    return [{"type": "p", "children": [{"text": t}]} for t in texts]


def last_put(sandbox) -> dict:
    [put] = api_requests(sandbox, "PUT")
    return body_of(put)


def with_privacy(visibility: str, participation: str) -> None:
    live = get_client().lives.retrieve(LIVE)
    get_client().lives.update(
        LIVE, LiveUpdate.from_live(live, visibility=visibility, participation=participation)
    )


@pytest.fixture
def long_description(sandbox):
    """A description written on MeltingSpot, longer than the form takes: 23,071 characters."""
    sandbox.store_description_nodes(LIVE, paragraphs("Agenda", "x" * 23_063))
    markdown = get_client().lives.retrieve(LIVE).description_markdown
    assert len(markdown) == 23_071
    return markdown


def test_a_title_change_saves_on_a_live_with_a_description_too_long_for_the_form(
    sandbox, organiser_client, long_description
):
    form = opened(organiser_client, LIVE)
    form["title"] = "Renamed live"
    sandbox.clear_requests()

    response = organiser_client.post(f"/lives/{LIVE}/edit/", form, follow=True)

    assert "“Renamed live” was saved." in text(response)
    body = last_put(sandbox)
    assert body["title"] == "Renamed live"
    assert body["description"] == long_description  # kept as MeltingSpot has it
    entry = AuditEntry.objects.filter(operation="lives.update").latest("pk")
    assert [c["field"] for c in entry.changes] == ["title"]


def test_a_changed_description_still_has_its_length_limit(
    sandbox, organiser_client, long_description
):
    form = opened(organiser_client, LIVE)
    form["description"] += " and more"
    sandbox.clear_requests()

    response = organiser_client.post(f"/lives/{LIVE}/edit/", form)

    assert response.status_code == 200
    assert "Ensure this value has at most 20000 characters" in text(response)
    assert api_requests(sandbox, "PUT") == []


def test_an_untouched_save_keeps_who_can_take_part(sandbox, organiser_client):
    with_privacy("InvitedMembersOnly", "AnySpotMembers")
    form = opened(organiser_client, LIVE)
    sandbox.clear_requests()

    response = organiser_client.post(f"/lives/{LIVE}/edit/", form, follow=True)

    assert response.status_code == 200
    assert api_requests(sandbox, "PUT") == []  # nothing changed: nothing sent
    assert get_client().lives.retrieve(LIVE).participation == "AnySpotMembers"


def test_a_title_change_keeps_who_can_take_part(sandbox, organiser_client):
    with_privacy("InvitedMembersOnly", "AnySpotMembers")
    form = opened(organiser_client, LIVE)
    form["title"] = "Secret, open to all"
    sandbox.clear_requests()

    organiser_client.post(f"/lives/{LIVE}/edit/", form)

    body = last_put(sandbox)
    assert (body["title"], body["participation"]) == ("Secret, open to all", "AnySpotMembers")


def test_making_a_live_secret_says_it_is_now_on_invitation_only(sandbox, organiser_client):
    with_privacy("OnlySpotMembers", "AnySpotMembers")
    form = opened(organiser_client, LIVE)
    form["visibility"] = "InvitedMembersOnly"
    sandbox.clear_requests()

    response = organiser_client.post(f"/lives/{LIVE}/edit/", form, follow=True)

    body = last_put(sandbox)
    assert (body["visibility"], body["participation"]) == (
        "InvitedMembersOnly",
        "InvitedMembersOnly",
    )
    assert (
        "Who can take part is now “On invitation only”: a secret live is always on "
        "invitation only." in text(response)
    )


def test_opening_a_secret_live_to_all_says_the_rule_kept_it_on_invitation(
    sandbox, organiser_client
):
    with_privacy("InvitedMembersOnly", "InvitedMembersOnly")
    form = opened(organiser_client, LIVE)
    form["participation"] = "AnySpotMembers"
    sandbox.clear_requests()

    response = organiser_client.post(f"/lives/{LIVE}/edit/", form, follow=True)

    # The rule put it back as it was: nothing to send, and the organiser is told why.
    assert api_requests(sandbox, "PUT") == []
    assert "Nothing changed: nothing was sent." in text(response)
    assert (
        "Who can take part is now “On invitation only”: a secret live is always on "
        "invitation only." in text(response)
    )


@pytest.mark.parametrize("snapshot", ["not-a-signed-snapshot", ""], ids=["forged", "empty"])
def test_an_unreadable_snapshot_is_not_called_someone_elses_save(
    sandbox, organiser_client, snapshot
):
    form = opened(organiser_client, LIVE)
    form.update(title="Renamed live", opened_as=snapshot)
    sandbox.clear_requests()

    response = organiser_client.post(f"/lives/{LIVE}/edit/", form)

    assert response.status_code == 409
    page = text(response)
    assert "Someone saved this live" not in page and "changed by both of you" not in page
    assert (
        "This form’s record of the live as you opened it could not be read, so each field "
        "that differs from the live now needs your choice." in page
    )
    assert "Yours: Renamed live" in page
    assert api_requests(sandbox, "PUT") == []
    # Answered, it saves.
    again = form_of(response)
    again["choose_title"] = "mine"
    assert organiser_client.post(f"/lives/{LIVE}/edit/", again).status_code == 302
