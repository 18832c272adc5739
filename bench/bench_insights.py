"""Insights across 50 lives: API calls against the minimum, and opening the stored page.

`insights_50_lives_api_calls_ratio` = every API call made to take the insights (the
lives-list walk included) ÷ the minimum, Σ over the 50 lives of ⌈participants / 100⌉
with participants as the sandbox holds them. The list calls are the price of finding
picked lives without an id filter; they show above 1.0.
`insights_50_lives_open_ms` = p50 of opening the stored insights page (Django test client),
which reads only the database. The 50 lives are picked across the lives list's pages (not
its first page), with realistic sizes of fake participants. The worker's part runs in this
process (the job body itself), so its calls are counted.
"""

from __future__ import annotations

import math
import random
import statistics
import time

LIVES = 50
EXTRA_LIVES = 90  # 150 lives in all: the picked ones spread over two pages of the list
OPENS = 20


def _api_calls(sandbox) -> list[dict]:
    return [r for r in sandbox.requests() if r["path"].startswith("/v1/")]


def _total(sandbox, path: str) -> int:
    return sandbox.get(path, page=1, limit=1).json()["total"]


def _all_lives(sandbox) -> list[dict]:
    lives, page = [], 1
    while len(lives) < _total(sandbox, "/v1/lives"):
        lives += sandbox.get("/v1/lives", page=page, limit=100).json()["items"]
        page += 1
    return lives


def _picked(sandbox, rng: random.Random) -> list[dict]:
    sandbox.add_lives(EXTRA_LIVES, title="Bench live")
    every = _all_lives(sandbox)
    return rng.sample(every, LIVES)


def run(env) -> dict[str, float]:
    from lives_admin.insights import runner
    from lives_admin.models import InsightSnapshot, InsightStatus

    sandbox, http = env.sandbox, env.client
    rng = random.Random(50)
    lives = _picked(sandbox, rng)
    for live in lives:
        # Between a small workshop and a big webinar: 1 to 6 pages of participants.
        sandbox.add_fake_participants(live["id"], rng.choice((20, 80, 150, 250, 420)))
    sizes = {live["id"]: _total(sandbox, f"/v1/lives/{live['id']}/participants") for live in lives}
    minimum = sum(math.ceil(n / 100) for n in sizes.values())

    sandbox.clear_requests()
    response = http.post(
        "/insights/new/",
        {"filters": "", "select_across": "0", "selected": [live["id"] for live in lives]},
    )
    assert response.status_code == 302, response.status_code
    snapshot = InsightSnapshot.objects.latest("id")
    started = time.perf_counter()
    if snapshot.is_running:
        runner.run(snapshot.pk, snapshot.run_token)  # what the worker runs
    read_seconds = time.perf_counter() - started
    snapshot.refresh_from_db()
    assert snapshot.status == InsightStatus.DONE, snapshot.error
    assert snapshot.lives.count() == LIVES
    calls = _api_calls(sandbox)
    list_calls = sum(call["path"] == "/v1/lives" for call in calls)

    url = f"/insights/{snapshot.pk}/"
    for _ in range(3):  # warm up templates and queries
        assert http.get(url).status_code == 200
    sandbox.clear_requests()
    times = []
    for _ in range(OPENS):
        started = time.perf_counter()
        assert http.get(url).status_code == 200
        times.append(time.perf_counter() - started)
    open_calls = len(_api_calls(sandbox))
    people = snapshot.people.count()
    env.note(
        f"insights: {len(lives)} lives picked among {_total(sandbox, '/v1/lives')}, "
        f"{sum(sizes.values()):,} participants, {people:,} people; {len(calls)} API calls "
        f"({list_calls} of the lives list) for a minimum of {minimum} participant pages; "
        f"the job read them in {read_seconds:.1f} s; opening the stored page made "
        f"{open_calls} API call(s) over {OPENS} opens"
    )
    return {
        "insights_50_lives_api_calls_ratio": len(calls) / minimum,
        "insights_50_lives_open_ms": statistics.median(times) * 1000,
    }
