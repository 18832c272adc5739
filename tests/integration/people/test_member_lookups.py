"""Member look-ups cost a bounded number of API calls, however big the Spot (issue 14, 5).

On a Spot of ~48,000 members a one-email invite preview walked the whole directory
(~480 calls, 80 s). Here the sandbox's Spot gets a few thousand more members, so that a
walk would be dozens of pages, and each look-up is counted from the sandbox's request log.
"""

import csv
import io
import math
import re

import pytest

from lives_admin.meltingspot.resources import EMAIL_IN_BATCH
from lives_admin.people import members
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
LIVE = "live003"
EXTRA = 3000  # members added to the demo's 1,200: a walk would be 42 pages
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def big_spot(sandbox):
    sandbox.add_fake_members(EXTRA)
    total = sandbox.get("/v1/spotMembers", limit=1).json()["total"]
    assert total > (members.SEARCH_PAGES + 5) * members.PAGE_SIZE
    sandbox.clear_requests()
    return sandbox


def member_calls(sandbox) -> list[dict]:
    return [r for r in sandbox.requests() if r["path"].startswith("/v1/spotMembers")]


def participant_pages(live_id: str = LIVE) -> int:
    total = get_client().participants.list(live_id, limit=1).total
    return max(1, math.ceil(total / 100))


def preview_of(organiser_client, pasted: str) -> str:
    started = organiser_client.post(
        f"/lives/{LIVE}/invite/", {"role": "participants", "source": "paste", "pasted": pasted}
    )
    assert started.status_code == 302, text(started)[:500]
    return started["Location"]


def fates(organiser_client, url: str) -> dict[str, str]:
    """email → what the full preview (its CSV) says will happen to it."""
    response = organiser_client.get(url.replace("/preview/", "/preview.csv"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["email"]: row["what happens"] for row in csv.DictReader(io.StringIO(content))}


@pytest.mark.parametrize(
    "email",
    ["nobody.here@example.org", f"extra{EXTRA:07d}@big-spot.example"],
    ids=["not a member", "the last member"],
)
def test_a_one_email_preview_costs_one_member_call(big_spot, organiser_client, email):
    url = preview_of(organiser_client, email)
    pages = participant_pages()
    big_spot.clear_requests()

    assert organiser_client.get(url).status_code == 200

    calls = member_calls(big_spot)
    assert len(calls) == 1, [(c["path"], c["query"]) for c in calls]
    assert ["email[in]", email] in calls[0]["query"]
    # The rest is the live's own participants, in full pages: nothing else.
    others = [r for r in big_spot.requests() if r not in calls]
    assert {r["path"] for r in others} <= {f"/v1/lives/{LIVE}/participants"}
    assert len(big_spot.requests()) <= 1 + pages
    how = "as a Spot member" if "big-spot" in email else "by email"
    assert how in fates(organiser_client, url)[email]


def test_a_long_list_costs_one_member_call_per_hundred_emails(big_spot, organiser_client):
    wanted = [f"extra{n:07d}@big-spot.example" for n in range(1, 251)]
    strangers = [f"stranger{n}@example.org" for n in range(50)]
    url = preview_of(organiser_client, "\n".join(wanted + strangers))
    big_spot.clear_requests()

    organiser_client.get(url)

    calls = member_calls(big_spot)
    assert len(calls) == math.ceil(300 / EMAIL_IN_BATCH) == 3
    assert all(dict(c["query"]).keys() == {"page", "limit", "email[in]"} for c in calls)
    said = fates(organiser_client, url)
    assert all("as a Spot member" in said[email] for email in wanted)
    assert all("(by email)" in said[email] for email in strangers)


def test_the_member_picker_reads_a_bounded_part_of_the_directory_and_says_so(
    big_spot, organiser_client
):
    response = organiser_client.get("/members/search/", {"q": "zzz-nobody"}, **HTMX)

    assert len(member_calls(big_spot)) <= members.SEARCH_PAGES
    total = big_spot.get("/v1/spotMembers", limit=1).json()["total"]
    said = text(response)
    assert f"among the first 1,000 of the Spot’s {total:,} members" in said
    assert "type their full email address" in said
    # The next search reads the cached part: no call.
    big_spot.clear_requests()
    organiser_client.get("/members/search/", {"q": "still-nobody"}, **HTMX)
    assert member_calls(big_spot) == []


def test_the_picker_finds_anyone_by_exact_email_in_one_more_call(big_spot, organiser_client):
    email = f"extra{EXTRA:07d}@big-spot.example"
    response = organiser_client.get("/members/search/", {"q": email}, **HTMX)

    assert f'value="extra{EXTRA:07d}"' in response.content.decode()
    calls = member_calls(big_spot)
    assert len(calls) <= members.SEARCH_PAGES + 1
    assert sum(1 for c in calls if ["email[in]", email] in c["query"]) == 1


def test_the_picker_says_when_it_found_names_in_part_of_the_spot(big_spot, organiser_client):
    response = organiser_client.get("/members/search/", {"q": "a"}, **HTMX)  # too short
    assert "at least two letters" in text(response)
    response = organiser_client.get("/members/search/", {"q": "an"}, **HTMX)
    assert re.search(
        r"Names were searched among the first 1,000 of the Spot’s [\d,]+ members", text(response)
    )


def test_a_host_name_that_matches_nobody_says_where_it_looked(big_spot, organiser_client):
    response = organiser_client.post("/lives/new/", {"title": "Any", "q": "Zebulon Nobody"})
    said = text(response)
    assert "No member matches this name among the first 1,000 of the Spot’s" in said
    assert "type the host’s email address instead" in said
    assert len(member_calls(big_spot)) <= members.SEARCH_PAGES


def test_picked_members_cost_at_most_one_call_each(big_spot, organiser_client):
    picked = [f"extra{n:07d}" for n in (1, 1500, EXTRA)]
    response = organiser_client.post(
        f"/lives/{LIVE}/invite/",
        {"role": "participants", "source": "members", "spot_member_ids": picked},
    )
    assert response.status_code == 302
    calls = member_calls(big_spot)
    assert sorted(c["path"] for c in calls) == sorted(f"/v1/spotMembers/{i}" for i in picked)


def test_too_many_picked_members_is_a_form_error(big_spot, organiser_client):
    picked = [f"extra{n:07d}" for n in range(1, 102)]
    response = organiser_client.post(
        f"/lives/{LIVE}/invite/",
        {"role": "participants", "source": "members", "spot_member_ids": picked},
    )
    assert response.status_code == 200
    assert "Pick at most 100 members at a time, or paste their emails." in text(response)
    assert member_calls(big_spot) == []
