"""A Spot of 100,000 members (issue 18, Big Spots): the name search and the email preview.

The sandbox's Spot is grown to 100,000 members (its demo's 1,200 plus fake ones). The
member index is filled by one full pass (`lives_admin.people.member_index.sync.run_sync`, in this
process, as the worker would run it) with the sandbox at 0 ms a call; then the sandbox
answers at 150 ms a call for the measures, as MeltingSpot would.

- `members_100k_search_ms`: p50 of a name search through the dashboard's URL
  (`/members/search/?q=…`, the pickers' type-ahead), index warm, SEARCHES queries: a
  member's full name, a last name far past the first 1,000, a first name shared by
  thousands, a name with its accent left out, one that matches nobody. Goal ≤ 150.
- `members_100k_search_calls`: MeltingSpot calls those searches made (goal 0).
- `members_100k_preview_calls`: MeltingSpot calls of an invite preview of 1,000 pasted
  emails (900 members spread over the Spot, 100 strangers) to a new live, counted from the
  sandbox's request log from the paste to the preview's page. Goal ≤ 12: `email[in]`
  batches of 100 (10) and the live's participants (1).
- `members_100k_full_sync_s`: the full pass's wall time at 0 ms a call (1,000 pages).
"""

from __future__ import annotations

import statistics
import time

SPOT_SIZE = 100_000
LATENCY_MS = 150
SEARCHES = 30
PASTED_MEMBERS = 900
PASTED_STRANGERS = 100


def _member_calls(sandbox) -> int:
    return sum(1 for r in sandbox.requests() if r["path"].startswith("/v1/spotMembers"))


def _queries() -> list[str]:
    return [
        "Extra0098765",
        "camille extra0054321",
        "Camille",
        "lea extra0012346",  # "Léa" typed without its accent
        "extra0000777@big-spot",
        "zebulon nobody",
    ]


def run(env) -> dict[str, float | int]:
    from lives_admin.people.member_index import sync

    sandbox, http = env.sandbox, env.client
    total = sandbox.get("/v1/spotMembers", limit=1).json()["total"]
    sandbox.add_fake_members(SPOT_SIZE - total)
    total = sandbox.get("/v1/spotMembers", limit=1).json()["total"]

    started = time.perf_counter()
    sync.run_sync(full=True)
    sync_seconds = time.perf_counter() - started

    sandbox.configure(latency_ms=LATENCY_MS)
    queries = _queries()
    times = []
    sandbox.clear_requests()
    for number in range(SEARCHES):
        query = queries[number % len(queries)]
        began = time.perf_counter()
        response = http.get("/members/search/", {"q": query}, headers={"HX-Request": "true"})
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    search_calls = _member_calls(sandbox)
    found = http.get("/members/search/", {"q": "Extra0098765"}, headers={"HX-Request": "true"})
    assert b"extra0098765@big-spot.example" in found.content, "the index missed a member"

    sandbox.add_lives(1, title="Members bench")
    live_id = sandbox.get("/v1/lives", **{"title[contains]": "Members bench"}).json()["items"][0]
    step = (SPOT_SIZE - 1_200) // PASTED_MEMBERS
    pasted = [f"extra{1 + n * step:07d}@big-spot.example" for n in range(PASTED_MEMBERS)]
    pasted += [f"stranger{n}@example.org" for n in range(PASTED_STRANGERS)]
    sandbox.clear_requests()
    began = time.perf_counter()
    started_preview = http.post(
        f"/lives/{live_id['id']}/invite/",
        {"role": "participants", "source": "paste", "pasted": "\n".join(pasted)},
    )
    assert started_preview.status_code == 302, started_preview.status_code
    preview = http.get(started_preview["Location"])
    preview_seconds = time.perf_counter() - began
    assert preview.status_code == 200, preview.status_code
    preview_calls = len(sandbox.requests())
    preview_member_calls = _member_calls(sandbox)
    sandbox.configure(latency_ms=0)

    env.note(
        f"members: the sandbox answered at {LATENCY_MS} ms a call for the searches and the "
        f"preview (the index was filled at 0 ms a call); Spot of {total:,} members; "
        f"{SEARCHES} searches, p90 {statistics.quantiles(times, n=10)[-1] * 1000:.1f} ms; "
        f"the 1,000-email preview took {preview_seconds:.1f} s, {preview_member_calls} of "
        f"its {preview_calls} calls were member look-ups"
    )
    return {
        "members_100k_search_ms": statistics.median(times) * 1000,
        "members_100k_search_calls": search_calls,
        "members_100k_preview_calls": preview_calls,
        "members_100k_full_sync_s": sync_seconds,
    }
