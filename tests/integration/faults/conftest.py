"""Faults for the dashboard's pages and forms: the sandbox misbehaves, the answers stay useful.

Timeouts are short and retry budgets zero here, so a whole sweep of the dashboard under a
fault takes seconds, not minutes.
"""

import pytest

from lives_admin.upstream import reset_client
from tests.own_cache import clear_all

TIMEOUT = 0.2  # seconds: MELTINGSPOT_TIMEOUT for these tests
# What each fault is, as the sandbox's runtime configuration.
FAULTS = {
    "503": {"error_rate": 1.0, "error_status": 503},
    "500": {"error_rate": 1.0, "error_status": 500},
    # The sandbox's own limiter answers 429 with a Retry-After longer than the budget.
    "429": {"rate_limit": True, "rate_limit_requests": 0, "rate_limit_window": 30},
    "timeout": {"slow_ms": int(TIMEOUT * 1000) + 400, "slow_rate": 1.0},
    # Not the API's JSON, with status 200: a proxy's sign-in page, a body cut short.
    "sign-in page": {"error_rate": 1.0, "error_status": 200, "fault_body": "html"},
    "cut json": {"error_rate": 1.0, "error_status": 200, "fault_body": "truncated"},
}
# Slow answers that still come in time: the sweep expects every page as when MeltingSpot
# is quick. The client's timeout is raised to SLOW_TIMEOUT for them (the real one is 10 s);
# 150 ms per call keeps the sweep (~90 calls) near 15 s.
SLOW_FAULTS = {"latency": {"latency_ms": 150}}
SLOW_TIMEOUT = 2.0
# The title the organiser reads for each fault (lives_admin.web.middleware.describe_api_error).
FAULT_TITLES = {
    "503": "MeltingSpot is having trouble",
    "500": "MeltingSpot is having trouble",
    "429": "Too many requests to MeltingSpot",
    "timeout": "MeltingSpot took too long to answer",
    "sign-in page": "MeltingSpot's answer could not be read",
    "cut json": "MeltingSpot's answer could not be read",
}


@pytest.fixture
def quick_client(sandbox, settings):
    """The sandbox fixture with a short timeout and no retry: these tests check what the
    organiser reads once MeltingSpot failed, not how long the client kept trying (the
    retries have their own tests: tests/unit/meltingspot, tests/integration/jobs)."""
    settings.MELTINGSPOT_TIMEOUT = TIMEOUT
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    yield sandbox
    reset_client()


def forget_caches() -> None:
    """Nothing cached from a healthy answer may hide the fault (members, counts…)."""
    clear_all()
