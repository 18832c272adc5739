"""The one retry loop: what is retried, how long it waits, when it gives up; the audit hook."""

import httpx
import pytest

from lives_admin.meltingspot import (
    APITimeoutError,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from tests.unit.meltingspot.conftest import page


def test_a_get_is_retried_on_503_then_succeeds(client, api, sleeps):
    api.answers = [httpx.Response(503), httpx.Response(502), page([])]
    assert client.lives.list().total == 0
    assert len(api.sent) == 3
    assert len(sleeps) == 2


def test_retry_after_is_honoured_on_429(client, api, sleeps):
    api.answers = [httpx.Response(429, headers={"Retry-After": "4"}), page([])]
    client.lives.list()
    assert sleeps == [4]


def test_attempts_are_limited(make_client, api, sleeps):
    api.respond = lambda request, body: httpx.Response(503)
    client = make_client(retry=RetryPolicy(max_attempts=3, budget=100))
    with pytest.raises(ServerError):
        client.lives.list()
    assert len(api.sent) == 3
    assert len(sleeps) == 2


def test_the_budget_stops_waiting_that_would_overrun_it(make_client, api, sleeps):
    api.respond = lambda request, body: httpx.Response(429, headers={"Retry-After": "30"})
    client = make_client(retry=RetryPolicy(max_attempts=10, budget=5))
    with pytest.raises(RateLimitError) as raised:
        client.lives.list()
    assert raised.value.retry_after == 30
    assert sleeps == [] and len(api.sent) == 1


def test_creating_a_live_is_never_retried_on_a_5xx_or_timeout(client, api):
    from datetime import UTC, datetime

    from lives_admin.meltingspot import LiveCreate

    when = datetime(2026, 1, 1, tzinfo=UTC)
    data = LiveCreate(
        title="T",
        start_date=when,
        end_date=when.replace(hour=1),
        solution="NoSolution",
        spot_member_host_id="M1",
    )
    api.answers = [httpx.Response(503)]
    with pytest.raises(ServerError):
        client.lives.create(data)
    api.answers = [httpx.ReadTimeout("lost answer")]
    with pytest.raises(APITimeoutError):
        client.lives.create(data)
    assert len(api.sent) == 2


def test_a_connection_refused_is_retried_even_for_a_create(client, api):
    from datetime import UTC, datetime

    from lives_admin.meltingspot import LiveCreate

    when = datetime(2026, 1, 1, tzinfo=UTC)
    api.answers = [httpx.ConnectError("refused"), httpx.Response(201, json={"id": "L"})]
    live = client.lives.create(
        LiveCreate(
            title="T",
            start_date=when,
            end_date=when.replace(hour=1),
            solution="NoSolution",
            spot_member_host_id="M1",
        )
    )
    assert live.id == "L"


def test_invites_are_idempotent_and_retried(client, api):
    api.answers = [httpx.ReadTimeout("lost"), httpx.Response(504), httpx.Response(200, json=[])]
    outcome = client.participants.bulk_invite("L1", emails=["a@b.co"])
    assert outcome.calls == 1
    assert len(api.sent) == 3


def test_a_400_is_never_retried(client, api, sleeps):
    api.answers = [httpx.Response(400, json={"message": "bad"})]
    with pytest.raises(Exception, match="bad"):
        client.lives.list()
    assert sleeps == []


def test_each_write_is_reported_once_after_its_retries(client, api, writes):
    api.answers = [httpx.Response(503), httpx.Response(204)]
    client.lives.delete("L1")
    api.answers = [httpx.Response(400, json={"message": "Group not found"})]
    with pytest.raises(Exception, match="Group not found"):
        client.live_groups.link("L1", "G9")
    assert [
        (w.method, w.live_id, w.operation, w.ok, w.status_code, w.error_message) for w in writes
    ] == [
        ("DELETE", "L1", "lives.delete", True, 204, None),
        ("POST", "L1", "groups.link", False, 400, "Group not found"),
    ]


def test_a_broken_observer_does_not_break_the_call(make_client, api):
    def explode(record):
        raise RuntimeError("audit down")

    api.answers = [httpx.Response(204)]
    make_client(on_write=explode).lives.delete("L1")


def test_waits_while_the_shared_limiter_is_down_stay_short(make_client, api, sleeps):
    """Redis down for a while (a job's twelve attempts): once it is back, the next try
    comes within seconds, not after a backoff grown to half a minute."""
    import redis
    from django.core.cache.backends.locmem import LocMemCache

    from lives_admin.meltingspot import RateLimiter

    class RedisBackAfterAWhile(LocMemCache):
        down_for = 10  # reads refused before it answers again

        def get(self, *args, **kwargs):
            if self.down_for:
                self.down_for -= 1
                raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6390.")
            return super().get(*args, **kwargs)

    limiter = RateLimiter(RedisBackAfterAWhile("back", {}), "k")
    api.answers = [page([])]
    client = make_client(
        rate_limiter=limiter, retry=RetryPolicy(budget=300, max_attempts=12, base_delay=0.1)
    )

    client.lives.list(limit=1)

    assert len(sleeps) == 10
    assert max(sleeps) <= 5.0, sleeps
