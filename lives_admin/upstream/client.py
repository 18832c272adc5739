"""The process-wide MeltingSpot clients, built from Django's settings (one connection
pool per purpose), their limiter on the shared cache and their audit observers.

`lives_admin.meltingspot` knows nothing of Django; this is where it meets the settings.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.cache import caches
from django.utils.module_loading import import_string

from lives_admin.meltingspot import MeltingSpotClient, RetryPolicy, key_fingerprint
from lives_admin.meltingspot.person_share import PersonShare
from lives_admin.meltingspot.priority import Priority
from lives_admin.upstream.limiter_stores import cache_rate_limiter, day_ledger_for
from lives_admin.upstream.read_cache import CachingMeltingSpotClient, PacedBumps, SharedReads

_clients: dict[str, MeltingSpotClient] = {}
_lock = threading.Lock()


def _observer(path: str):
    try:
        return import_string(path) if path else None
    except ImportError:
        return None


def _build_client(purpose: str) -> MeltingSpotClient:
    budget = (
        settings.MELTINGSPOT_JOB_RETRY_BUDGET
        if purpose == "job"
        else settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET
    )
    shared = caches["shared"]
    fingerprint = key_fingerprint(settings.MELTINGSPOT_API_KEY)
    limiter = cache_rate_limiter(
        shared,
        fingerprint,
        requests=settings.MELTINGSPOT_RATE_LIMIT_REQUESTS,
        window=settings.MELTINGSPOT_RATE_LIMIT_WINDOW,
        daily=settings.MELTINGSPOT_DAILY_LIMIT,
        margin=settings.MELTINGSPOT_RATE_LIMIT_MARGIN,
        # Far longer than one attempt may take: only a dead process's place waits this.
        in_flight_seconds=max(60.0, 4 * settings.MELTINGSPOT_TIMEOUT),
        day_ledger=day_ledger_for(shared),
        # Pages first; jobs, insights and exports keep this share of the key (priority.py).
        priority=Priority(
            background_share=getattr(settings, "MELTINGSPOT_BACKGROUND_SHARE", 0.5),
            background_ceiling=getattr(settings, "MELTINGSPOT_BACKGROUND_CEILING", 0.8),
        ),
        # No one person spends more than a fifth of the day (a loop of exports).
        daily_per_person=getattr(
            settings,
            "MELTINGSPOT_DAILY_PER_PERSON",
            max(1, settings.MELTINGSPOT_DAILY_LIMIT // 5),
        ),
        # Nor holds more than a share of the window while others use the key.
        person_share=PersonShare(
            share=getattr(settings, "MELTINGSPOT_PERSON_WINDOW_SHARE", 0.4),
        ),
    )
    shared_reads = SharedReads(shared, fingerprint, wait=budget if purpose != "job" else 8.0)
    # Pages share their reads; a job reads afresh (it acts on what it reads) but its
    # writes, like the pages', make stale what they touch: paced, as it writes batch
    # after batch (read_cache.PacedBumps; the runner flushes them at its end).
    invalidates = (
        PacedBumps(shared_reads, getattr(settings, "MELTINGSPOT_JOB_INVALIDATE_EVERY", 5.0))
        if purpose == "job"
        else shared_reads
    )
    return CachingMeltingSpotClient(
        reads=shared_reads if purpose == "interactive" and settings.SHARED_READS else None,
        invalidates=invalidates,
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
