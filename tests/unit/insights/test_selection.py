"""The set's lives from the lives list: a shifting list, picked ids, the cap."""

import httpx

from lives_admin.insights.selection import MAX_LIVES, RETRIEVE_ALONE_MAX, lives_of
from lives_admin.meltingspot import MeltingSpotClient, RetryPolicy


def live_json(number: int) -> dict:
    return {
        "id": f"l{number}",
        "title": f"Live {number}",
        "startDate": "2026-01-05T18:00:00Z",
        "endDate": "2026-01-05T19:00:00Z",
        "status": "Ended",
        "computedStatus": "Ended",
        "metrics": {"invited": 10},
    }


def client_over(
    pages: list[list[int]], total: int, *, unfiltered: list[list[int]] | None = None
) -> tuple[MeltingSpotClient, list]:
    """A lives list answering `pages` in turn (live numbers) when filtered, `unfiltered`
    (default: the same) without filters, and a live alone when it is in either; and what
    was asked: list pages as ("filtered" | "all", page), lives alone as their id."""
    asked: list = []
    unfiltered = pages if unfiltered is None else unfiltered
    every = {n for page in [*pages, *unfiltered] for n in page}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/v1/lives":
            live_id = request.url.path.rsplit("/", 1)[-1]
            asked.append(live_id)
            if live_id.startswith("l") and int(live_id[1:] or 0) in every:
                return httpx.Response(200, json=live_json(int(live_id[1:])))
            return httpx.Response(404, json={"message": "Live not found"})
        number = int(request.url.params["page"])
        filtered = any(key.startswith(("status", "title")) for key in request.url.params)
        asked.append(("filtered" if filtered else "all", number))
        source = pages if filtered else unfiltered
        items = [live_json(n) for n in source[number - 1]] if number <= len(source) else []
        return httpx.Response(200, json={"items": items, "total": total})

    client = MeltingSpotClient(
        base_url="https://openapi.example.test/",
        api_key="secret-key-123",
        transport=httpx.MockTransport(answer),
        sleep=lambda _: None,
        retry=RetryPolicy(budget=1, max_attempts=1, base_delay=0),
    )
    return client, asked


def test_a_live_given_twice_by_a_shifting_list_is_taken_once():
    # A live was added meanwhile: live 99 moved from the end of page 1 to page 2.
    client, _ = client_over([[*range(1, 100), 99], [99, 100, 101]], total=103)
    lives, _ = lives_of(client, "", (), "UTC")
    ids = [live.id for live in lives]
    assert len(ids) == len(set(ids)) == 101


def test_picked_ids_stop_the_walk_once_found_and_name_the_missing_ones():
    client, asked = client_over([list(range(1, 101)), list(range(101, 201))], total=200)
    lives, notes = lives_of(client, "status=Planned", ("l3", "l7"), "UTC")
    assert [live.id for live in lives] == ["l3", "l7"] and notes == []
    assert asked == [("filtered", 1)]
    client, asked = client_over([list(range(1, 101))], total=100)
    lives, notes = lives_of(client, "", ("l3", "gone"), "UTC", {"gone": "Old workshop"})
    assert [live.id for live in lives] == ["l3"]
    assert asked == [("all", 1), "gone"]  # the list once, then the live alone
    assert notes == [
        "A picked live no longer exists on MeltingSpot and is left out: “Old workshop” (gone)."
    ]


def test_a_picked_live_that_no_longer_matches_the_filters_is_read_alone():
    # Picked under "Planned"; live 150 has ended since, so the filtered list lacks it.
    client, asked = client_over([[3, 7]], total=2, unfiltered=[[3, 7, 150]])
    lives, notes = lives_of(client, "status=Planned", ("l3", "l150", "l7"), "UTC")
    assert [live.id for live in lives] == ["l3", "l150", "l7"] and notes == []
    assert asked == [("filtered", 1), "l150"]


def test_many_picked_lives_that_no_longer_match_are_found_in_the_whole_list():
    many = [f"l{n}" for n in range(101, 101 + RETRIEVE_ALONE_MAX + 1)]
    client, asked = client_over(
        [[1]], total=300, unfiltered=[list(range(1, 101)), list(range(101, 201))]
    )
    lives, notes = lives_of(client, "status=Planned", ("l1", *many), "UTC")
    assert [live.id for live in lives] == ["l1", *many] and notes == []
    assert asked == [("filtered", 1), ("all", 1), ("all", 2)]  # no live read alone


def test_matching_lives_stop_at_the_cap_and_say_so():
    pages = [list(range(p * 100, p * 100 + 100)) for p in range(3)]
    client, _ = client_over(pages, total=300)
    lives, notes = lives_of(client, "", (), "UTC")
    assert len(lives) == MAX_LIVES
    assert notes == [f"Only the first {MAX_LIVES} lives are taken at once."]
