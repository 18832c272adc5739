"""When a job's runner counts as gone: the one place web pages and workers read it.

A runner beats every BEAT_SECONDS from a thread of its own (lives_admin/invites/pulse.py),
whatever its main thread waits for. A silence longer than SILENT_AFTER_SECONDS is shown
to the organiser; only after `stale_after_seconds()` may another worker take the job.
That delay is never shorter than one batch's whole retry budget plus one attempt and a
margin, whatever JOB_STALE_SECONDS says: a runner that is alive but waiting on MeltingSpot
is never handed to a second one, even if its beats stopped reaching the database.
"""

from __future__ import annotations

from django.conf import settings

BEAT_SECONDS = 2.0
# Three beats missed: the worker stopped (a crash, a kill, a frozen machine). The page
# says so within 10 s of the last beat (with its 1 s polling).
SILENT_AFTER_SECONDS = 6.0
# Clock differences between machines and the database's own delays.
STALE_MARGIN_SECONDS = 5.0


def stale_after_seconds() -> float:
    """How long a running job may stay silent before another worker takes it over."""
    longest_batch = (
        settings.MELTINGSPOT_JOB_RETRY_BUDGET
        + settings.MELTINGSPOT_TIMEOUT
        + settings.MELTINGSPOT_CONNECT_TIMEOUT
    )
    return max(settings.JOB_STALE_SECONDS, longest_batch + STALE_MARGIN_SECONDS)
