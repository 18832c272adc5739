"""The load test, short: 20 organisers for 8 s on the real dashboard against a sandbox whose
limit is scaled to 60 requests / 5 s, through the same code as `make bench` (bench/load.py).
About 20 s: the set-up, then the requests still queued for the limiter when the time is up.

The dashboard runs under gunicorn (several workers sharing Redis, or the database cache,
for the rate limiter); without gunicorn, in Django's live server (one process).
"""

import importlib.util
import os
import uuid

import pytest

from bench.load import (
    PASSWORD,
    LoadResult,
    LoadSettings,
    page_title,
    run_load,
    run_organisers,
    sliding_window_max,
)
from tests.sandbox_server import SandboxServer

SETTINGS = dict(
    organisers=20, duration=8.0, workers=2, threads=8, limit=60, window=5.0, think=(1.0, 3.0)
)
# The limiter's own test: every read goes upstream, at once, so that pages must wait.
LIMITER_ONLY = dict(SETTINGS, shared_reads=False, sandbox_latency_ms=0)
HAS_GUNICORN = importlib.util.find_spec("gunicorn") is not None


@pytest.mark.django_db
def test_the_load_reads_the_title_a_live_page_shows(sandbox, viewer_client):
    """The stale-page count reads each page's heading: it must find the title there,
    however the template marks it up (a <bdi> around it once made every page "stale")."""
    from lives_admin.upstream import get_client

    live = get_client().lives.retrieve("live003")
    page = viewer_client.get("/lives/live003/").content.decode()
    assert page_title(page) == live.title


def test_the_sliding_window_counts_any_stretch_not_only_aligned_ones():
    # 3 at the end of one aligned window and 3 at the start of the next: 6 within 1 s.
    times = [8.5, 9.0, 9.5, 10.0, 10.2, 10.4, 30.0]
    assert sliding_window_max(times, 10) == 6
    assert sliding_window_max(times, 1) == 4  # [9.5, 10.5)
    assert sliding_window_max([1.0, 11.0], 10) == 1  # half-open: 11.0 is a new window
    assert sliding_window_max([], 10) == 0


def _check(result: LoadResult, settings: LoadSettings) -> None:
    assert result.errors == []
    # Every organiser got through journeys, and together they asked for more than the
    # limit allows: the limiter had to make pages wait.
    assert result.requests >= settings.organisers * 5
    assert len(result.upstream) > settings.limit
    assert result.upstream_max_per_window <= settings.limit
    assert result.upstream_statuses.get(429, 0) == 0
    assert result.own_writes.stale == 0


@pytest.mark.slow
@pytest.mark.skipif(not HAS_GUNICORN, reason="gunicorn is not installed")
def test_20_organisers_on_gunicorn_get_no_error_and_the_api_stays_under_its_limit(tmp_path):
    settings = LoadSettings(**LIMITER_ONLY)
    result = run_load(settings, tmp_path)
    _check(result, settings)
    assert result.cache in ("redis", "database")


@pytest.mark.skipif(
    HAS_GUNICORN and not os.environ.get("LOAD_LIVE_SERVER"),
    reason="gunicorn runs the test above (LOAD_LIVE_SERVER=1 runs this one too)",
)
@pytest.mark.slow
def test_20_organisers_on_the_live_server_get_no_error_and_the_api_stays_under_its_limit(
    request, transactional_db, settings, make_user
):
    from lives_admin.team.roles import Role
    from lives_admin.upstream import reset_client

    load = LoadSettings(**LIMITER_ONLY)
    live_server = request.getfixturevalue("live_server")
    usernames = [f"organiser-{n:02d}" for n in range(1, load.organisers + 1)]
    for name in usernames:
        user = make_user(Role.ORGANISER, username=name)
        user.set_password(PASSWORD)
        user.save()
    with SandboxServer(rate_limit=True, api_key=f"load-{uuid.uuid4().hex}") as sandbox:
        sandbox.configure(rate_limit_requests=load.limit, rate_limit_window=load.window)
        settings.MELTINGSPOT_API_URL = sandbox.url
        settings.MELTINGSPOT_API_KEY = sandbox.api_key
        settings.MELTINGSPOT_RATE_LIMIT_REQUESTS = load.limit
        settings.MELTINGSPOT_RATE_LIMIT_WINDOW = load.window
        settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 8.0
        reset_client()
        try:
            sandbox.clear_requests()
            result = LoadResult(settings=load, cache="locmem (one process)")
            run_organisers(live_server.url, load, result, usernames)
            result.upstream = [e for e in sandbox.requests() if e["path"].startswith("/v1/")]
        finally:
            reset_client()
    _check(result, load)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_GUNICORN, reason="gunicorn is not installed")
def test_with_shared_reads_no_page_is_older_than_its_organisers_own_edit(tmp_path):
    """Issue 18: a 150 ms sandbox, the reads shared; every page after an organiser's own
    edit shows it, and the team needs fewer calls than it makes pages."""
    settings = LoadSettings(
        **dict(SETTINGS, duration=12.0, think=(0.2, 0.6), edit_share=0.6, invite_share=0.2)
    )
    result = run_load(settings, tmp_path)
    assert result.errors == []
    assert result.own_writes.checked > 0
    assert result.own_writes.stale == 0
    assert result.upstream_max_per_window <= settings.limit
    assert len(result.upstream) < result.requests
