"""The day's API count copied to the database, and a fresh Redis that holds the window full.

Both are what lets the rate limiter survive a Redis restart (the two-process attack is in
test_rate_limit_across_redis_restart.py).
"""

import uuid
from datetime import date

import pytest
from django.db import transaction

from lives_admin.models import ApiDayUsage
from lives_admin.upstream.api_usage import DatabaseDayLedger
from lives_admin.upstream.limiter_stores import cache_rate_limiter

DAY = date(2026, 12, 7)


@pytest.mark.django_db(transaction=True)
def test_the_ledger_keeps_the_highest_count_of_each_day_and_key():
    ledger = DatabaseDayLedger()
    assert ledger.recorded("fp", DAY) is None
    ledger.record("fp", DAY, 20)
    ledger.record("fp", DAY, 10)  # a late copy from a slower process
    ledger.record("other", DAY, 5)
    assert ledger.recorded("fp", DAY) == 20
    assert ledger.recorded("other", DAY) == 5


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_copy_waits_for_the_commit_and_a_rollback_drops_it():
    ledger = DatabaseDayLedger()
    with transaction.atomic():
        ledger.record("fp", DAY, 10)
        assert not ApiDayUsage.objects.exists()  # no row lock held for the caller's while
    assert ledger.recorded("fp", DAY) == 10
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger.record("fp", DAY, 30)
        raise RuntimeError
    assert ledger.recorded("fp", DAY) == 10


@pytest.mark.slow  # starts a private redis-server
@pytest.mark.redis
def test_a_fresh_redis_holds_the_window_full_until_a_window_after_it_started(private_redis):
    from django.core.cache.backends.redis import RedisCache

    waits = []

    def told_to_wait(seconds):
        waits.append(seconds)
        raise TimeoutError

    cache = RedisCache(private_redis.url, {"KEY_PREFIX": uuid.uuid4().hex})
    # Ten minutes: longer than this test can take, so the server is still "fresh".
    limiter = cache_rate_limiter(cache, "fp", requests=100, window=600, sleep=told_to_wait)
    with pytest.raises(TimeoutError):
        limiter.acquire()  # the log is empty, but the requests of the last 10 min may count
    assert 0 < waits[0] <= 600
    assert limiter.used_today() == 0  # nothing was let through
