"""Outside review: a group id that is not one of the Spot's (forged, deleted since the
search, a live's id) was sent to MeltingSpot, which answered 404, and the page said "This
live no longer exists" about a live that was fine. Now the ids are checked against the
Spot's groups before anything is sent, and a 404 from the link is said to be the live's
only when the live is gone."""

import pytest

from lives_admin.upstream import get_client, reset_client
from tests.html import one, text_of, value_of

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live003"
GROUP_GONE = "A group you ticked no longer exists on MeltingSpot: nothing was linked."


def writes(sandbox):
    return [r for r in sandbox.requests() if r["method"] != "GET"]


def linked(live_id):
    return {group.id for group in get_client().live_groups.iter_all(live_id)}


@pytest.mark.parametrize("forged", ["zzz-not-a-group", "live001", "..", ""])
def test_a_group_the_spot_does_not_have_is_refused_on_the_form_and_nothing_is_sent(
    organiser_client, sandbox, forged
):
    real = get_client().groups.list(limit=1).items[0]
    before = linked(LIVE)
    sandbox.clear_requests()

    response = organiser_client.post(
        f"/lives/{LIVE}/groups/link/",
        {"group_ids": [real.id, forged], "q": "Alum"},
        **HTMX,
    )

    html = response.content.decode()
    assert GROUP_GONE in text_of(html, f"#link-errors-{LIVE}")  # said beside the search
    assert "This live no longer exists" not in html
    assert one(html, "details.link-groups").has_attr("open")  # the link form stays open
    assert value_of(html, f"#group-search-{LIVE}") == "Alum"  # with the search typed
    assert writes(sandbox) == []
    assert linked(LIVE) == before


def test_a_404_from_the_link_is_not_said_to_be_the_live_gone_when_the_live_is_there(
    organiser_client, sandbox, settings
):
    # The group existed when checked, and was deleted before the write: MeltingSpot's 404.
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    group = get_client().groups.list(limit=1).items[0]
    sandbox.configure(error_rate=1.0, error_status=404, fault_methods="POST")

    response = organiser_client.post(
        f"/lives/{LIVE}/groups/link/", {"group_ids": [group.id]}, **HTMX
    )

    html = response.content.decode()
    assert "This live no longer exists" not in html
    assert "A group you ticked no longer exists on MeltingSpot" in html
    assert "Nothing was linked." in html


def test_a_404_from_the_link_for_a_live_really_gone_says_so(organiser_client, sandbox):
    group = get_client().groups.list(limit=1).items[0]
    get_client().lives.delete(LIVE)

    response = organiser_client.post(
        f"/lives/{LIVE}/groups/link/", {"group_ids": [group.id]}, **HTMX
    )

    assert "This live no longer exists" in response.content.decode()
    assert "A group you ticked" not in response.content.decode()
