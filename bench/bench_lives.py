"""The lives list's own time against a realistic upstream, its sort, and API calls per page.

The list is timed against a sandbox answering each call in `UPSTREAM_LATENCY_MS` (150 ms,
MeltingSpot over the internet; a 4 ms sandbox makes ratios measure nothing).
`list_page_own_ms` = p50 over runs of (the page's time − the time that page spent waiting
on MeltingSpot, measured around each HTTP request it sent, less the CPU the page's thread
spent in those requests): the dashboard's own time, goal ≤ 10; a warm page view (after
three), DEBUG off and the cached template loader, as in production.
`list_page_own_cpu_ms` = p50 of the CPU time of the thread serving the page: the same
measure without the other processes' load on a shared machine.
`list_page_overhead_ratio` = p50 of the page ÷ p50 of the same `client.lives.list(limit=50)`
made directly.
`lives_sort_ms` = p50 of the list sorted by attendance rate (`?sort=-attendance`, 50 rows)
over `SORT_LIVES` lives in the lives index; goal ≤ 150. The lives are added through the API
(`SandboxServer.add_lives`), with no latency, before the index's full pass.
The call counts come from the sandbox's request log. Goals: 1 for the list; for a live's
page (`live_page_api_calls`, the page and its panels) 1 + 1 per panel that calls the
API (the jobs panel reads only our database). The participants panel's status tabs
then fetch their counts, one call per status (reported apart; cached for a minute).
"""

from __future__ import annotations

import os
import statistics
import time

RUNS = 30
UPSTREAM_LATENCY_MS = 150
SORT_LIVES = 2_000
SORT_URL = "/lives/?sort=-attendance&per_page=50"
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


class _UpstreamWait:
    """Adds up the time the client's HTTP requests spend waiting on MeltingSpot: their wall
    time less the CPU this thread spends in them (httpx building the request and reading
    the answer is the dashboard's own work, not the upstream's latency)."""

    def __init__(self, client):
        self.total = 0.0
        http = client._http
        send = http.request

        def timed(*args, **kwargs):
            started, cpu_started = time.perf_counter(), time.thread_time()
            try:
                return send(*args, **kwargs)
            finally:
                waited = time.perf_counter() - started
                self.total += waited - (time.thread_time() - cpu_started)

        http.request = timed


def _check_production_rendering() -> None:
    """The page is timed as production serves it: DEBUG off, templates from the cached
    loader (compiled once, not read and parsed on every view)."""
    from django.conf import settings
    from django.template import engines

    assert not settings.DEBUG, "the benchmark needs DEBUG off"
    loaders = repr(engines["django"].engine.loaders)
    assert "django.template.loaders.cached.Loader" in loaders, loaders


def _own_time(env, client) -> tuple[float, float, float, float]:
    """(p50 own ms, p50 own CPU ms, page p50 s, direct call p50 s) of the list against the
    slow sandbox. The CPU time (of the thread serving the page, which waits on sockets
    without using any) says the same as the wall time on a quiet machine, and much less
    wrong on a busy one."""
    _check_production_rendering()
    env.sandbox.configure(latency_ms=UPSTREAM_LATENCY_MS)
    wait = _UpstreamWait(client)

    def page():
        response = env.client.get(LIST_URL)
        assert response.status_code == 200, response.status_code

    def upstream():
        client.lives.list(None, page=1, limit=50)

    try:
        for _ in range(3):  # warm up templates, connections and caches
            page()
            upstream()
        page_times, api_times, own, own_cpu = [], [], [], []
        for _ in range(RUNS):  # interleaved, so drift in the sandbox hits both alike
            before, cpu_before = wait.total, time.thread_time()
            elapsed = _timed(page)
            own_cpu.append(time.thread_time() - cpu_before)
            page_times.append(elapsed)
            own.append(elapsed - (wait.total - before))
            api_times.append(_timed(upstream))
    finally:
        env.sandbox.configure(latency_ms=0)
    return (
        statistics.median(own) * 1000,
        statistics.median(own_cpu) * 1000,
        statistics.median(page_times),
        statistics.median(api_times),
    )


def _sort_time(env, client) -> float:
    """p50 ms of the list sorted by attendance rate over SORT_LIVES lives in the index."""
    from lives_admin.lives.index import sync_all

    have = client.lives.list(None, page=1, limit=1).total
    env.sandbox.add_lives(max(0, SORT_LIVES - have), title="Bench live")
    indexed = sync_all(client)
    assert indexed >= SORT_LIVES, indexed
    for _ in range(3):
        env.client.get(SORT_URL)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = env.client.get(SORT_URL)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        assert b"refreshed" in response.content  # served by the index, not the API
    return statistics.median(times) * 1000


def run(env) -> dict[str, float]:
    from lives_admin.upstream import get_client

    client = get_client()
    http = env.client

    def page():
        response = http.get(LIST_URL)
        assert response.status_code == 200, response.status_code

    own_ms, own_cpu_ms, page_p50, api_p50 = _own_time(env, client)

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
    http.get(f"/lives/{live.id}/participants/tabs/", headers={"HX-Request": "true"})
    tab_calls = _api_calls(env.sandbox)
    env.sandbox.clear_requests()
    for panel in PANELS:
        http.get(f"/lives/{live.id}/{panel}/", headers={"HX-Request": "true"})
    panel_calls_again = _api_calls(env.sandbox)

    sort_ms = _sort_time(env, client)

    env.note(
        f"lives: upstream latency {UPSTREAM_LATENCY_MS} ms a call (sandbox latency_ms); list "
        f"page p50 {page_p50 * 1000:.1f} ms vs one upstream call p50 "
        f"{api_p50 * 1000:.1f} ms (50 rows, {RUNS} runs); own time p50 {own_ms:.1f} ms "
        f"(CPU {own_cpu_ms:.1f} ms; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs); "
        f"sorted by attendance over {SORT_LIVES:,} lives from the index p50 {sort_ms:.1f} ms; "
        f"a live's page made {live_calls} "
        f"API call(s) and its {len(PANELS)} panels "
        f"{panel_calls} API call(s), then the status tabs {tab_calls} (one per status, "
        f"loaded after the rows); {panel_calls_again} for the panels within the next minute "
        "(the counts come from the cache)"
    )
    return {
        "list_page_overhead_ratio": page_p50 / api_p50,
        "list_page_own_ms": own_ms,
        "list_page_own_cpu_ms": own_cpu_ms,
        "lives_sort_ms": sort_ms,
        "list_page_api_calls": list_calls,
        # The page and its panels: the goal is 1 + 1 per panel that calls MeltingSpot.
        "live_page_api_calls": live_calls + panel_calls,
        "live_page_panel_api_calls": panel_calls,
        "live_page_panel_api_calls_cached": panel_calls_again,
        "live_page_tab_counts_api_calls": tab_calls,
    }
