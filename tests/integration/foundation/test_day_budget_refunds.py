"""A request whose connection failed before anything was sent does not spend the day's
budget (crash test: a 60 s outage, connection refused, took 187 off "API budget left
today" with nothing arriving). Its place in the window stays: the limiter's protection
against a retry storm. A request that reached MeltingSpot still counts."""

from __future__ import annotations

import socket
import uuid

import pytest

from lives_admin.meltingspot import MeltingSpotClient, MeltingSpotError
from lives_admin.meltingspot.client import RetryPolicy
from lives_admin.meltingspot.priority import acting_for
from lives_admin.upstream.limiter_stores import cache_rate_limiter

pytestmark = [pytest.mark.slow, pytest.mark.redis]


def a_closed_port() -> str:
    """An address where nothing listens: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def limiter(private_redis):
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(private_redis.url, {"KEY_PREFIX": uuid.uuid4().hex})
    return cache_rate_limiter(cache, "fp", requests=100, window=1, daily=1000, daily_per_person=50)


def client_for(url: str, api_key: str, limiter) -> MeltingSpotClient:
    retry = RetryPolicy(budget=5, max_attempts=4, base_delay=0.01, max_delay=0.05)
    return MeltingSpotClient(base_url=url, api_key=api_key, retry=retry, rate_limiter=limiter)


def test_refused_connections_spend_nothing_of_the_day_nor_of_the_persons_share(limiter):
    client = client_for(a_closed_port(), "key", limiter)
    with acting_for(7), pytest.raises(MeltingSpotError):
        client.lives.list(limit=1)  # four attempts, all refused
    assert limiter.used_today() == 0
    assert limiter.used_today_by("7") == 0
    assert limiter.remaining_today() == 1000


def test_requests_that_reached_meltingspot_still_count(limiter, sandbox):
    client = client_for(sandbox.url, sandbox.api_key, limiter)
    with acting_for(7):
        client.lives.list(limit=1)
    assert limiter.used_today() == 1
    assert limiter.used_today_by("7") == 1
