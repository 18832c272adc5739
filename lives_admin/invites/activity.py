"""What a running job is doing, in the organiser's words.

The runner notes why it waits (each retry of a request tells it: `after_attempt`); its
heartbeat thread stores the note in `InviteJob.activity` with each beat, so the job's page
says within seconds what is going on: MeltingSpot unreachable, asking to slow down, or the
worker itself silent since its last heartbeat.
"""

from __future__ import annotations

import time

from django.utils import timezone

from lives_admin.jobs.liveness import SILENT_AFTER_SECONDS, stale_after_seconds
from lives_admin.meltingspot import (
    APIConnectionError,
    APITimeoutError,
    MeltingSpotError,
    RateLimitError,
    RateLimiterUnavailable,
    UnreadableResponseError,
)

UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
SLOW_DOWN = "slow_down"
TROUBLE = "trouble"
UNREADABLE = "unreadable"  # an answer that is not the API's JSON (a proxy's page, 200)
LIMITER = "limiter"
BATCH_AGAIN = "batch_again"


def after_attempt(error: MeltingSpotError | None, attempt: int, retry_in: float | None) -> dict:
    """The note after one attempt: why the runner waits, or nothing (it is sending)."""
    if error is None or retry_in is None:
        return {}
    return {
        "state": _kind(error),
        "attempt": attempt + 1,  # the one it waits to make
        "until": time.time() + retry_in,
        "status": getattr(error, "status_code", None),
    }


def batch_again(error: MeltingSpotError, tries: int, wait: float) -> dict:
    """A batch whose retries all failed is sent again after a pause, a few times."""
    return {
        "state": BATCH_AGAIN,
        "reason": _kind(error),
        "attempt": tries + 1,
        "until": time.time() + wait,
        "status": getattr(error, "status_code", None),
    }


def _kind(error: MeltingSpotError) -> str:
    if isinstance(error, RateLimitError):
        return SLOW_DOWN
    if isinstance(error, RateLimiterUnavailable):
        return LIMITER
    if isinstance(error, APITimeoutError):
        return TIMEOUT
    if isinstance(error, APIConnectionError):
        return UNREACHABLE
    if isinstance(error, UnreadableResponseError):
        return UNREADABLE
    return TROUBLE


def describe(job, now=None) -> str:
    """One sentence on what a running job is doing, or "" when nothing needs saying."""
    from lives_admin.models import JobStatus

    if job.status != JobStatus.RUNNING:
        return ""
    now = now or timezone.now()
    silent = (now - job.last_beat).total_seconds()
    if silent > SILENT_AFTER_SECONDS:
        left = stale_after_seconds() - silent
        takeover = f"in {_duration(left)}" if left >= 1 else "at its next check"
        return (
            f"The worker stopped answering {_duration(silent)} ago; another worker takes "
            f"over {takeover}. Everyone already sent is kept."
        )
    note = job.activity if isinstance(job.activity, dict) else {}
    state = note.get("state")
    if not state:
        return ""
    attempt = note.get("attempt")
    wait = _seconds_until(note.get("until"), now)
    if state == BATCH_AGAIN:
        cause = _cause(note.get("reason"), note.get("status"))
        again = f"in {_duration(wait)}" if wait >= 1 else "now"
        return f"{cause}: the batch is sent again {again} (try {attempt})."
    if state == SLOW_DOWN and wait >= 1:
        return f"MeltingSpot asks to slow down, waiting {_duration(wait)} (attempt {attempt})."
    return f"{_cause(state, note.get('status'))}, retrying (attempt {attempt})."


def _cause(kind: str | None, status) -> str:
    if kind == SLOW_DOWN:
        return "MeltingSpot asks to slow down"
    if kind == UNREACHABLE:
        return "MeltingSpot is unreachable"
    if kind == TIMEOUT:
        return "MeltingSpot did not answer in time"
    if kind == LIMITER:
        return "The shared rate limiter (Redis) cannot be reached"
    if kind == UNREADABLE:
        return "MeltingSpot's answer could not be read"
    trouble = "MeltingSpot is having trouble"
    return f"{trouble} ({status})" if status else trouble


def _seconds_until(until, now) -> float:
    if not isinstance(until, int | float):
        return 0.0
    return max(0.0, until - now.timestamp())


def _duration(seconds: float) -> str:
    seconds = max(1, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
