"""The set's lives from the lives list: a shifting list, picked ids, the cap."""

import httpx

from lives_admin.insights.selection import MAX_LIVES, lives_of
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


def client_over(pages: list[list[int]], total: int) -> tuple[MeltingSpotClient, list[int]]:
    """A lives list answering `pages` in turn (live numbers), and the pages asked for."""
    asked: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        asked.append(number)
        items = [live_json(n) for n in pages[number - 1]] if number <= len(pages) else []
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
    assert [live.id for live in lives] == ["l3", "l7"] and notes == [] and asked == [1]
    client, asked = client_over([list(range(1, 101)), list(range(101, 201))], total=200)
    lives, notes = lives_of(client, "", ("l3", "gone"), "UTC", {"gone": "Old workshop"})
    assert [live.id for live in lives] == ["l3"] and asked == [1, 2]
    assert notes == [
        "A picked live no longer exists on MeltingSpot and is left out: “Old workshop” (gone)."
    ]


def test_matching_lives_stop_at_the_cap_and_say_so():
    pages = [list(range(p * 100, p * 100 + 100)) for p in range(3)]
    client, _ = client_over(pages, total=300)
    lives, notes = lives_of(client, "", (), "UTC")
    assert len(lives) == MAX_LIVES
    assert notes == [f"Only the first {MAX_LIVES} lives are taken at once."]
