"""Big Spots for issue 18's indexes and benchmarks: 100,000 members and 2,000 lives seeded
fast, the member directory paged and filtered fast, a member removed upstream, and a
latency on every API call (not on control calls) from the start of the run."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.sandbox_server import SandboxServer

YEAR = 365 * 24 * 3600


@pytest.fixture
def sb(sandbox_server):
    sandbox_server.reset()
    yield sandbox_server
    sandbox_server.reset()  # the next test meets the demo Spot again


def members(sb, **params) -> dict:
    response = sb.get("/v1/spotMembers", **params)
    assert response.status_code == 200, response.text
    return response.json()


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


@pytest.mark.slow
def test_a_spot_of_100000_members_is_seeded_in_seconds_and_paged_fast(sb):
    before = members(sb, limit=1)["total"]

    _, seeding = timed(lambda: sb.add_fake_members(100_000))

    assert seeding < 15
    assert members(sb, limit=1)["total"] == before + 100_000
    deep, paging = timed(lambda: members(sb, limit=100, page=900))
    assert len(deep["items"]) == 100 and paging < 0.5
    wanted = [f"extra{n:07d}@big-spot.example" for n in range(1, 100_001, 1_000)]
    found, matching = timed(lambda: members(sb, limit=100, **{"email[in]": ",".join(wanted)}))
    assert sorted(m["email"] for m in found["items"]) == sorted(wanted)
    assert found["total"] == 100 and matching < 0.5


def test_fake_members_have_accented_names_and_registration_dates_over_years(sb):
    sb.add_fake_members(2_000)
    now = time.time()

    page = members(sb, limit=100, **{"firstname[in]": "hélène,ÉLOÏSE"})

    assert {m["firstname"] for m in page["items"]} == {"Hélène", "Éloïse"}
    assert page["total"] > 50
    pages = members(sb, limit=1)["total"] // 100 + 1
    everyone = [members(sb, limit=100, page=p)["items"] for p in range(1, pages + 1)]
    extra = [m for items in everyone for m in items if m["id"].startswith("extra")]
    assert len(extra) == 2_000
    assert any(m["status"] == "Invited" and m["userId"] is None for m in extra)
    old = members(sb, limit=1, **{"registrationDate[before]": int(now - 4 * YEAR)})["total"]
    recent = members(sb, limit=1, **{"registrationDate[after]": int(now - YEAR)})["total"]
    assert old > 100 and recent > 100


def test_a_later_batch_registers_after_every_earlier_one(sb):
    """An index synced by registration date finds the newcomers with `registrationDate[after]`
    (the API's members carry no registration date: the sync asks from its last run)."""
    sb.add_fake_members(1_000)
    last_sync = int(time.time())  # the first batch registered up to now
    time.sleep(1.1)

    sb.add_fake_members(10)

    newcomers = members(sb, limit=100, **{"registrationDate[after]": last_sync})
    assert {m["id"] for m in newcomers["items"]} <= {f"extra{n:07d}" for n in range(1001, 1011)}
    assert newcomers["total"] == 10


def test_a_member_removed_upstream_is_gone_from_every_list(sb):
    sb.add_fake_members(100)
    email = "extra0000042@big-spot.example"
    assert members(sb, **{"email[in]": email})["total"] == 1
    total = members(sb, limit=1)["total"]

    assert sb.http.delete("/__sandbox__/members/extra0000042").status_code == 204

    assert members(sb, **{"email[in]": email})["total"] == 0
    assert members(sb, limit=1)["total"] == total - 1
    assert sb.get("/v1/spotMembers/extra0000042").status_code == 404
    assert sb.http.delete("/__sandbox__/members/extra0000042").status_code == 404
    assert sb.requests() == [r for r in sb.requests() if "__sandbox__" not in r["path"]]


def test_a_demo_member_removed_leaves_its_groups_and_lives(sb):
    group = sb.get("/v1/groups", limit=1).json()["items"][0]["id"]
    member = sb.get(f"/v1/groups/{group}/spotMembers", limit=1).json()["items"][0]["id"]

    sb.remove_member(member)

    group_ids = [
        m["id"] for m in sb.get(f"/v1/groups/{group}/spotMembers", limit=100).json()["items"]
    ]
    assert member not in group_ids
    lives = sb.get("/v1/lives", limit=100).json()["items"]
    for live in lives[:10]:
        people = sb.get(f"/v1/lives/{live['id']}/participants", limit=100).json()["items"]
        assert member not in {p["spotMemberId"] for p in people}


def test_2000_lives_are_seeded_fast_with_varied_metrics_and_accented_titles(sb):
    before = sb.get("/v1/lives", limit=1).json()["total"]

    ids, seeding = timed(lambda: sb.add_fake_lives(2_000))

    assert len(ids) == 2_000 and seeding < 10
    page, listing = timed(lambda: sb.get("/v1/lives", limit=100, page=3))
    assert page.json()["total"] == before + 2_000 and listing < 2
    lives = [sb.get(f"/v1/lives/{live_id}").json() for live_id in ids[:200]]
    assert len({live["metrics"]["attendanceRate"] for live in lives}) > 10
    assert len({live["metrics"]["invited"] for live in lives}) > 10
    assert {live["computedStatus"] for live in lives} >= {"Ended", "Planned"}
    assert any("é" in live["title"] for live in lives)
    found = sb.get("/v1/lives", **{"title[contains]": "conférence", "limit": 1}).json()
    assert found["total"] >= 200
    years = {
        datetime.fromisoformat(live["startDate"].replace("Z", "+00:00")).year for live in lives
    }
    assert len(years) >= 3 and max(years) >= datetime.now(UTC).year


def test_a_latency_set_at_start_slows_api_calls_not_control_calls_even_after_a_reset():
    with SandboxServer(latency_ms=400) as slow:
        for _ in range(2):
            api_call = slow.get("/v1/lives", limit=1)
            control_call = slow.http.get("/__sandbox__/requests")
            assert api_call.elapsed.total_seconds() >= 0.4
            assert control_call.elapsed.total_seconds() < 0.4
            slow.reset()


def test_an_unfiltered_lives_page_of_a_big_spot_is_fast_and_in_start_order(sb):
    sb.add_fake_lives(2_000)
    pages = [sb.get("/v1/lives", limit=100, page=p).json() for p in (1, 2)]
    _, reading = timed(lambda: sb.get("/v1/lives", limit=100, page=10))

    starts = [live["startDate"] for page in pages for live in page["items"]]
    assert starts == sorted(starts, reverse=True) and len(starts) == 200
    assert reading < 0.5


def test_groups_filter_by_exact_name_or_a_part_whatever_its_case(sb):
    every = sb.get("/v1/groups", limit=100).json()
    name = every["items"][0]["name"]

    exact = sb.get("/v1/groups", **{"name[eq]": name}).json()
    part = sb.get("/v1/groups", **{"name[contains]": name[1:4].upper()}).json()

    assert [g["name"] for g in exact["items"]] == [name] and exact["total"] == 1
    assert name in [g["name"] for g in part["items"]]
    assert sb.get("/v1/groups", **{"name[eq]": name.upper()}).json()["total"] == 0
