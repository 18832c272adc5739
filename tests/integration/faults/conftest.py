"""Faults for the dashboard's pages and forms: the sandbox misbehaves, the answers stay useful.

Timeouts are short and retry budgets zero here, so a whole sweep of the dashboard under a
fault takes seconds, not minutes.
"""

import pytest

from lives_admin.upstream import reset_client
from tests.own_cache import clear_all

TIMEOUT = 0.2  # seconds: MELTINGSPOT_TIMEOUT under the "timeout" fault, which holds answers past it
# MELTINGSPOT_TIMEOUT otherwise (while a test prepares, and under every other fault): nothing
# is slowed then, so a timeout no loaded machine reaches; with 0.2 s, a quick answer that came
# late on a busy machine (the suite under `-n 8` on 2 CPUs) was taken for a timeout.
CALM_TIMEOUT = 10.0
# When only the writes are held (`fault_methods`), the reads around them are not: they must
# still answer within the timeout on a loaded machine, hence a longer one, and writes held
# a second past it.
HELD_WRITES_TIMEOUT = 1.5
HOLD_WRITES = {"slow_ms": int(HELD_WRITES_TIMEOUT * 1000) + 1000, "slow_rate": 1.0}
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
# The fault a sweep meets under `make test-fast`; `make test` sweeps under each of them.
FAST_FAULT = "503"


def each_fault(faults) -> list:
    """The faults as a sweep's parameters: every one runs under `make test`; all but
    FAST_FAULT are marked `slow` (a sweep walks every page: one fault shows the walk
    still finds each message, and the timeouts' waits stay out of the quick check)."""
    return [
        pytest.param(name, marks=() if name == FAST_FAULT else pytest.mark.slow) for name in faults
    ]


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
    settings.MELTINGSPOT_TIMEOUT = CALM_TIMEOUT
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    yield sandbox
    reset_client()


def inject(sandbox, settings, fault: str, config: dict, *, timeout: float = TIMEOUT) -> None:
    """The sandbox misbehaves as `config` says; the client's timeout is `timeout` under the
    "timeout" fault only (the answers it waits for are held past it), else CALM_TIMEOUT."""
    settings.MELTINGSPOT_TIMEOUT = timeout if fault == "timeout" else CALM_TIMEOUT
    reset_client()
    sandbox.configure(**config)


def forget_caches() -> None:
    """Nothing cached from a healthy answer may hide the fault (members, counts…)."""
    clear_all()
