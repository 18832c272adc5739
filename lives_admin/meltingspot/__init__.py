"""The one way in and out of MeltingSpot: a typed client over its Open API.

Nothing else in the project imports httpx; views get typed models and errors.
"""

from __future__ import annotations

import threading

from lives_admin.meltingspot.bodies import LiveCreate, LiveUpdate
from lives_admin.meltingspot.client import MeltingSpotClient, RetryPolicy, watching_attempts
from lives_admin.meltingspot.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InvalidIdError,
    MeltingSpotError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    RateLimiterUnavailable,
    RateLimitExceeded,
    SendCancelled,
    ServerError,
    UnreadableResponseError,
    WriteNotRecorded,
)
from lives_admin.meltingspot.filters import (
    BUILT_IN_TYPES,
    LIVE_STATUSES,
    PARTICIPANT_STATUSES,
    PARTICIPANT_TYPES,
    SOLUTIONS,
    GroupFilters,
    GroupMemberFilters,
    LiveFilters,
    MetricRange,
    ParticipantFilters,
    SpeakerFilters,
    SpotMemberFilters,
)
from lives_admin.meltingspot.ids import is_id, path_id
from lives_admin.meltingspot.models import (
    METRIC_NAMES,
    BulkOutcome,
    BulkProgress,
    Group,
    InviteResult,
    Live,
    LiveMetrics,
    Page,
    Participant,
    SpotMember,
    WriteRecord,
)
from lives_admin.meltingspot.ratelimit import RateLimiter, key_fingerprint
from lives_admin.meltingspot.richtext import (
    rich_text_to_html,
    rich_text_to_markdown,
    rich_text_to_plain,
)

__all__ = [
    "BUILT_IN_TYPES",
    "LIVE_STATUSES",
    "METRIC_NAMES",
    "PARTICIPANT_STATUSES",
    "PARTICIPANT_TYPES",
    "SOLUTIONS",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BulkOutcome",
    "BulkProgress",
    "Group",
    "GroupFilters",
    "GroupMemberFilters",
    "InvalidIdError",
    "InviteResult",
    "Live",
    "LiveCreate",
    "LiveFilters",
    "LiveMetrics",
    "LiveUpdate",
    "MeltingSpotClient",
    "MeltingSpotError",
    "MetricRange",
    "NotFoundError",
    "Page",
    "Participant",
    "ParticipantFilters",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitExceeded",
    "RateLimiter",
    "RateLimiterUnavailable",
    "RetryPolicy",
    "SendCancelled",
    "ServerError",
    "SpeakerFilters",
    "SpotMember",
    "SpotMemberFilters",
    "UnreadableResponseError",
    "WriteNotRecorded",
    "WriteRecord",
    "get_client",
    "is_id",
    "path_id",
    "reset_client",
    "rich_text_to_html",
    "rich_text_to_markdown",
    "rich_text_to_plain",
    "watching_attempts",
]

_clients: dict[str, MeltingSpotClient] = {}
_lock = threading.Lock()


def _observer(path: str):
    from django.utils.module_loading import import_string

    try:
        return import_string(path) if path else None
    except ImportError:
        return None


def _day_ledger_for(shared_cache):
    """Redis may lose the day's count in a restart: the database keeps a copy. (The
    database cache keeps it in the database already; local memory is one process.)"""
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(shared_cache, RedisCache):
        return None
    from lives_admin.upstream.api_usage import DatabaseDayLedger

    return DatabaseDayLedger()


def _build_client(purpose: str) -> MeltingSpotClient:
    from django.conf import settings
    from django.core.cache import caches

    budget = (
        settings.MELTINGSPOT_JOB_RETRY_BUDGET
        if purpose == "job"
        else settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET
    )
    shared = caches["shared"]
    limiter = RateLimiter(
        shared,
        key_fingerprint(settings.MELTINGSPOT_API_KEY),
        requests=settings.MELTINGSPOT_RATE_LIMIT_REQUESTS,
        window=settings.MELTINGSPOT_RATE_LIMIT_WINDOW,
        daily=settings.MELTINGSPOT_DAILY_LIMIT,
        margin=settings.MELTINGSPOT_RATE_LIMIT_MARGIN,
        # Far longer than one attempt may take: only a dead process's place waits this.
        in_flight_seconds=max(60.0, 4 * settings.MELTINGSPOT_TIMEOUT),
        day_ledger=_day_ledger_for(shared),
    )
    return MeltingSpotClient(
        base_url=settings.MELTINGSPOT_API_URL,
        api_key=settings.MELTINGSPOT_API_KEY,
        auth_scheme=settings.MELTINGSPOT_AUTH_SCHEME,
        timeout=settings.MELTINGSPOT_TIMEOUT,
        connect_timeout=settings.MELTINGSPOT_CONNECT_TIMEOUT,
        retry=RetryPolicy(budget=budget, max_attempts=12 if purpose == "job" else 4),
        rate_limiter=limiter,
        bulk_batch_size=settings.MELTINGSPOT_BULK_BATCH_SIZE,
        on_write_start=_observer(
            getattr(settings, "MELTINGSPOT_WRITE_START_OBSERVER", "lives_admin.audit.record_start")
        ),
        on_write=_observer(
            getattr(settings, "MELTINGSPOT_WRITE_OBSERVER", "lives_admin.audit.record_write")
        ),
    )


def get_client(purpose: str = "interactive") -> MeltingSpotClient:
    """The process-wide client (one connection pool per purpose), built from settings."""
    if purpose not in ("interactive", "job"):
        raise ValueError("purpose is 'interactive' or 'job'")
    client = _clients.get(purpose)
    if client is None:
        with _lock:
            client = _clients.get(purpose)
            if client is None:
                client = _clients[purpose] = _build_client(purpose)
    return client


def reset_client() -> None:
    """Forget the clients (after the settings changed, in tests)."""
    with _lock:
        for client in _clients.values():
            client.close()
        _clients.clear()
