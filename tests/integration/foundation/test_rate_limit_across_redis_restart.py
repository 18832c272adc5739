"""docs/api.md, D9 through a Redis restart: two processes on one Redis stay under the limit while it
is killed and started again, empty, and the day's count goes on.

A private redis-server (no persistence: a restart loses every key) is shared by two
Django processes that fire MeltingSpot calls from 4 threads each, as fast as the limiter
lets them. Together they send one window's worth; Redis is killed and restarted at once;
they send another window's worth. The sandbox logs each request's arrival: no stretch of
the window may hold more than the limit (an empty log after a restart is not an empty
window: the first requests still count on MeltingSpot's side), and the day's counter,
read back afterwards, counts every request sent, not only those since the restart.
"""

import os
import time
import uuid

import pytest

from lives_admin.upstream import get_client, reset_client
from tests.integration.foundation.test_rate_limit_across_processes import (
    Firing,
    api_log,
    firing_env,
)
from tests.redis_server import redis_caches
from tests.unit.meltingspot.test_ratelimit import busiest_window

LIMIT, WINDOW = 20, 3.0  # scaled down: the limiter's logic does not depend on the numbers


def _database_url() -> str:
    """This test's database, for the processes (the day's count has its copy there)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]


@pytest.mark.slow  # starts redis-server and two Django processes
@pytest.mark.redis
def test_two_processes_stay_under_the_limit_through_a_redis_restart_and_keep_the_day(
    private_redis, sandbox, transactional_db, settings
):
    sandbox.configure(rate_limit=True, rate_limit_requests=LIMIT, rate_limit_window=WINDOW)
    sandbox.clear_requests()
    prefix = f"lives-restart-test-{uuid.uuid4().hex}"
    env = firing_env(
        sandbox, cache_url=private_redis.url, prefix=prefix, limit=LIMIT, window=WINDOW
    )
    env["DATABASE_URL"] = _database_url()  # the day's count keeps its copy there
    with Firing(env) as firing:
        before = firing.fire(LIMIT // 2)  # together: the window is full
        private_redis.restart()  # every key lost
        restarted_at = time.time()
        after = firing.fire(LIMIT // 2)

    log = api_log(sandbox)
    arrivals = sorted(entry["at"] for entry in log)
    # The attack bit: Redis was back while the first requests still filled the window.
    assert restarted_at - arrivals[LIMIT - 1] < WINDOW, "the restart came after the window"
    busiest = busiest_window(arrivals, WINDOW)
    assert busiest <= LIMIT, f"{busiest} requests reached MeltingSpot within {WINDOW} s"
    assert {entry["status"] for entry in log} == {200}  # never a 429
    assert sum(report["sent"] for report in before + after) == len(log) == 2 * LIMIT
    # The day goes on: counted before the restart too, never fewer than were sent.
    settings.CACHES = redis_caches(private_redis.url, prefix)
    reset_client()
    assert len(log) <= get_client().rate_limiter.used_today() <= len(log) + 10
