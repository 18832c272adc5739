"""A running job's time left, shown only while the job moves.

The estimate is the pace so far (`InviteJob.seconds_left`): while nothing is sent the
elapsed time grows and the count does not, so the estimate would climb (from 32 s to
"about 9 min" during an outage). A stalled job says why there is no estimate instead:
its worker silent, its runner waiting on MeltingSpot, or nothing done for longer than
one request may take.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from lives_admin.jobs.liveness import SILENT_AFTER_SECONDS

# Beyond one request's longest wait (connect + answer), nothing done means stalled.
STALL_MARGIN_SECONDS = 10.0


@dataclass(frozen=True)
class TimeLeft:
    seconds: int | None = None  # the estimate, when the job moves
    unknown: str = ""  # why there is none, when it is stalled


def no_progress_after_seconds() -> float:
    return (
        settings.MELTINGSPOT_TIMEOUT + settings.MELTINGSPOT_CONNECT_TIMEOUT + STALL_MARGIN_SECONDS
    )


def time_left(job, counts: dict[str, int], now=None) -> TimeLeft | None:
    """None when there is nothing to say (not running, no pace yet)."""
    seconds = job.seconds_left(counts)
    if seconds is None:
        return None
    why = stalled_because(job, now or timezone.now())
    return TimeLeft(unknown=f"unknown while {why}") if why else TimeLeft(seconds=seconds)


def stalled_because(job, now) -> str:
    """Why a running job does not move, or "" when it does."""
    if (now - job.last_beat).total_seconds() > SILENT_AFTER_SECONDS:
        return "the worker is silent"
    note = job.activity if isinstance(job.activity, dict) else {}
    if note.get("state"):
        return "waiting on MeltingSpot"
    last_done = job.last_progress_at()
    since = last_done if last_done and last_done > job.started_at else job.started_at
    if (now - since).total_seconds() > no_progress_after_seconds():
        return "nothing has been sent for a while"
    return ""
