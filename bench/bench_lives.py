"""The lives list's server time against the one upstream call it contains, and API calls per page.

`list_page_overhead_ratio` = p50 of a Django test-client GET of the list (50 rows)
÷ p50 of the same `client.lives.list(limit=50)` call made directly. Goal ≤ 1.25.
The ratio depends on the sandbox's speed: the goal was set when a sandbox call took about
48 ms; since the sandbox sets TCP_NODELAY it takes about 4 ms, so the same page reads about
2. `list_page_own_ms` (the page's p50 less the call's) is the dashboard's own time,
whatever the upstream latency: against MeltingSpot over the internet (50 ms or more a
call) the ratio is 1 + own / latency.
The call counts come from the sandbox's request log. Goals: 1 for the list; for a live's
page (`live_page_api_calls`, the page and its panels) 1 + 1 per panel that calls the
API (the jobs panel reads only our database). The participants panel's status tabs
then fetch their counts, one call per status (reported apart; cached for a minute).
"""

from __future__ import annotations

import statistics
import time

RUNS = 30
# What a live's page loads after it paints (the jobs panel reads only our database).
PANELS = ("groups", "speakers", "participants", "jobs")
LIST_URL = "/lives/?per_page=50"


def _api_calls(sandbox) -> int:
    count = 0
    for entry in sandbox.requests():
        path = entry["path"] if isinstance(entry, dict) else entry.path
        if path.startswith("/v1/"):
            count += 1
    return count


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(env) -> dict[str, float]:
    from lives_admin.upstream import get_client

    client = get_client()
    http = env.client

    def page():
        response = http.get(LIST_URL)
        assert response.status_code == 200, response.status_code

    def upstream():
        client.lives.list(None, page=1, limit=50)

    for _ in range(3):  # warm up templates, connections and caches
        page()
        upstream()
    page_times, api_times = [], []
    for _ in range(RUNS):  # interleaved, so drift in the sandbox hits both alike
        page_times.append(_timed(page))
        api_times.append(_timed(upstream))
    page_p50, api_p50 = statistics.median(page_times), statistics.median(api_times)

    env.sandbox.clear_requests()
    page()
    list_calls = _api_calls(env.sandbox)

    live = client.lives.list(None, page=1, limit=1).items[0]
    env.sandbox.clear_requests()
    response = http.get(f"/lives/{live.id}/")
    assert response.status_code == 200, response.status_code
    live_calls = _api_calls(env.sandbox)
    env.sandbox.clear_requests()
    for panel in PANELS:
        http.get(f"/lives/{live.id}/{panel}/", headers={"HX-Request": "true"})
    panel_calls = _api_calls(env.sandbox)
    # The participants panel's status tabs then load their counts: one call per status
    # (the API has no aggregate), cached for a minute.
    env.sandbox.clear_requests()
    http.get(
        f"/lives/{live.id}/participants/",
        headers={"HX-Request": "true", "HX-Target": "participants-tabs"},
    )
    tab_calls = _api_calls(env.sandbox)
    env.sandbox.clear_requests()
    for panel in PANELS:
        http.get(f"/lives/{live.id}/{panel}/", headers={"HX-Request": "true"})
    panel_calls_again = _api_calls(env.sandbox)

    env.note(
        f"lives: list page p50 {page_p50 * 1000:.1f} ms vs one upstream call p50 "
        f"{api_p50 * 1000:.1f} ms (50 rows, {RUNS} runs); a live's page made {live_calls} "
        f"API call(s) and its {len(PANELS)} panels "
        f"{panel_calls} API call(s), then the status tabs {tab_calls} (one per status, "
        f"loaded after the rows); {panel_calls_again} for the panels within the next minute "
        "(the counts come from the cache)"
    )
    return {
        "list_page_overhead_ratio": page_p50 / api_p50,
        "list_page_own_ms": (page_p50 - api_p50) * 1000,
        "list_page_api_calls": list_calls,
        # The page and its panels: the goal is 1 + 1 per panel that calls MeltingSpot.
        "live_page_api_calls": live_calls + panel_calls,
        "live_page_panel_api_calls": panel_calls,
        "live_page_panel_api_calls_cached": panel_calls_again,
        "live_page_tab_counts_api_calls": tab_calls,
    }
