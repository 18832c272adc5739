"""Insights across 50 lives: API calls against the minimum, and opening the stored page.

`insights_50_lives_api_calls_ratio` = API calls made to take the insights ÷ the minimum
with full pages of 100: one lives-list call per 100 lives of the set (their metrics come
with them) + Σ over lives of max(1, ⌈participants / 100⌉). Goal 1.0.
`insights_50_lives_open_ms` = p50 of opening the stored insights page (Django test client),
which reads only the database. The 50 lives get realistic sizes with fake participants.
The worker's part runs in this process (the job body itself), so its calls are counted.
"""

from __future__ import annotations

import math
import random
import statistics
import time

LIVES = 50
OPENS = 20


def _api_calls(sandbox) -> list[dict]:
    return [r for r in sandbox.requests() if r["path"].startswith("/v1/")]


def _total(sandbox, path: str) -> int:
    return sandbox.get(path, page=1, limit=1).json()["total"]


def run(env) -> dict[str, float]:
    from lives_admin.insights import runner
    from lives_admin.models import InsightSnapshot, InsightStatus

    sandbox, http = env.sandbox, env.client
    lives = sandbox.get("/v1/lives", page=1, limit=100).json()["items"][:LIVES]
    rng = random.Random(50)
    for live in lives:
        # Between a small workshop and a big webinar: 1 to 6 pages of participants.
        sandbox.add_fake_participants(live["id"], rng.choice((20, 80, 150, 250, 420)))
    sizes = {live["id"]: _total(sandbox, f"/v1/lives/{live['id']}/participants") for live in lives}
    minimum = math.ceil(len(lives) / 100) + sum(max(1, math.ceil(n / 100)) for n in sizes.values())

    sandbox.clear_requests()
    response = http.post(
        "/insights/new/",
        {"filters": "", "select_across": "0", "selected": [live["id"] for live in lives]},
    )
    assert response.status_code == 302, response.status_code
    snapshot = InsightSnapshot.objects.latest("id")
    started = time.perf_counter()
    runner.run(snapshot.pk, snapshot.run_token)  # what the worker runs
    read_seconds = time.perf_counter() - started
    snapshot.refresh_from_db()
    assert snapshot.status == InsightStatus.DONE, snapshot.error
    made = len(_api_calls(sandbox))

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
        f"insights: {len(lives)} lives, {sum(sizes.values()):,} participants, {people:,} people; "
        f"{made} API calls for a minimum of {minimum}; the job read them in "
        f"{read_seconds:.1f} s; opening the stored page made {open_calls} API call(s) "
        f"over {OPENS} opens"
    )
    return {
        "insights_50_lives_api_calls_ratio": made / minimum,
        "insights_50_lives_open_ms": statistics.median(times) * 1000,
    }
