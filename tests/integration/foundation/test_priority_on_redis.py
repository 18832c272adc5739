"""Issue 18, pages first: the Redis script keeps the rule of `admits` and `_admit`
(meltingspot/priority.py, meltingspot/ratelimit.py) on a private Redis, on Redis's
own clock (real time, so the places free after fractions of a second)."""

import time
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from lives_admin.meltingspot.priority import JOB, PAGE, Priority
from lives_admin.upstream.limiter_stores import cache_place_log

pytestmark = pytest.mark.redis

PRIORITY = Priority()  # of 10: 5 guaranteed to background, its ceiling 8


@pytest.fixture
def window(private_redis):
    cache = RedisCache(private_redis.url, {"KEY_PREFIX": f"priority-{uuid.uuid4().hex}"})
    log = cache_place_log(cache, "log", 60, lambda: [])
    # A new Redis holds the window full for `hold` after it started: wait it out.
    while log.reserve("first", 10, 0.0, 0.0, time.time, PAGE, PRIORITY) > 0:
        time.sleep(0.05)
    time.sleep(0.01)
    return log


def reserve(window, ticket, hold, request_class=PAGE):
    return window.reserve(ticket, 10, hold, 0.0, time.time, request_class, PRIORITY)


def test_a_job_takes_no_place_above_its_share_while_a_page_waits(window):
    for n in range(5):
        assert reserve(window, f"job-{n}", 30, JOB) == 0
    for n in range(5):
        assert reserve(window, f"page-{n}", 0.3 if n < 3 else 30) == 0
    assert reserve(window, "page-5", 0.3) > 0  # full: the page waits
    time.sleep(0.4)  # three places free: 7 held, below the job's ceiling
    assert reserve(window, "job-5", 30, JOB) > 0  # the page first
    assert reserve(window, "page-5", 0.3) == 0
    time.sleep(1.1)  # no page refused for a second, the page's place free again
    assert reserve(window, "job-6", 30, JOB) == 0
