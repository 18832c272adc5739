"""Issue 15, item 8: linking groups invited 85 people without a word beforehand. The link
form now says, as groups are ticked, how many people the click invites (and emails)."""

import pytest

from lives_admin.upstream import get_client
from tests.html import exists, one
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live003"


def said(response) -> str:
    """The count as read (the tags' spaces before punctuation folded)."""
    return text(response).replace(" ,", ",").replace(" .", ".")


def members_of(group_id) -> set[str]:
    return {member.id for member in get_client().groups.iter_members(group_id)}


def test_the_link_form_asks_for_the_count_as_groups_are_ticked(organiser_client, sandbox):
    panel = organiser_client.get(f"/lives/{LIVE}/groups/", **HTMX)
    count = one(panel, f"#link-form-{LIVE} #link-count-{LIVE}")  # the form's place for it
    assert count["hx-get"] == f"/lives/{LIVE}/groups/link/count/"
    assert "change from:closest form" in count["hx-trigger"]
    # What it counts is what the form would send: the ticked groups and the switch.
    included = [part.strip() for part in count["hx-include"].split(",")]
    assert included == [
        f"#link-form-{LIVE} [name=group_ids]",
        f"#link-form-{LIVE} [name=with_email_notification]",
    ]
    assert exists(panel, f"#link-form-{LIVE} input[name=with_email_notification]")


def test_the_count_says_how_many_are_invited_and_emailed_before_the_click(
    organiser_client, sandbox
):
    groups = [g for g in get_client().groups.list(limit=10).items if members_of(g.id)][:2]
    assert len(groups) == 2, "the demo data needs two groups with members"
    sizes = [len(members_of(g.id)) for g in groups]
    sandbox.clear_requests()

    url = f"/lives/{LIVE}/groups/link/count/"
    query = {"group_ids": [g.id for g in groups], "with_email_notification": "on"}
    both = said(organiser_client.get(url, query, **HTMX))
    total = sum(sizes)
    assert f"Linking 2 groups invites up to {total} people ({sizes[0]} + {sizes[1]};" in both
    assert both.endswith("and emails each of them.")
    # One bounded call per group: only the list's total is read, nothing is written.
    reads = sandbox.requests()
    assert len(reads) == 2 and all(r["method"] == "GET" for r in reads)
    assert all(["limit", "1"] in r["query"] for r in reads)

    quiet = said(organiser_client.get(url, {"group_ids": [groups[0].id]}, **HTMX))
    person = "person" if sizes[0] == 1 else "people"
    assert f"Linking 1 group invites up to {sizes[0]} {person}, without an email." in quiet

    # What was said is what the click does, at most: nobody beyond the groups' members.
    before = {p.spot_member_id for p in get_client().participants.iter_all(LIVE)}
    organiser_client.post(f"/lives/{LIVE}/groups/link/", query, **HTMX)
    after = {p.spot_member_id for p in get_client().participants.iter_all(LIVE)}
    assert 0 < len(after - before) <= total
    assert after - before <= members_of(groups[0].id) | members_of(groups[1].id)


def test_nothing_ticked_or_a_forged_id_asks_nothing(organiser_client, sandbox):
    sandbox.clear_requests()
    url = f"/lives/{LIVE}/groups/link/count/"
    assert "Tick groups to see" in text(organiser_client.get(url, **HTMX))
    assert "Tick groups to see" in text(organiser_client.get(url, {"group_ids": ".."}, **HTMX))
    assert sandbox.requests() == []


def test_meltingspot_down_says_the_count_is_unknown(organiser_client, sandbox):
    group = get_client().groups.list(limit=1).items[0]
    sandbox.configure(error_rate=1, error_status=503)
    url = f"/lives/{LIVE}/groups/link/count/"
    unknown = said(organiser_client.get(url, {"group_ids": group.id}, **HTMX))
    sandbox.configure(error_rate=0)
    assert "could not be read" in unknown and "invites every member" in unknown


def test_a_viewer_gets_no_count(viewer_client, sandbox):
    response = viewer_client.get(f"/lives/{LIVE}/groups/link/count/", {"group_ids": "g1"})
    assert response.status_code in (302, 403)
