"""A job runner's heartbeat, from a thread of its own.

The runner's own thread can wait a long time on MeltingSpot (an answer, a retry, a place
under the rate limit); its pulse goes on meanwhile. Every BEAT_SECONDS it stamps the job,
only while this runner holds it, and stores the runner's latest note on what it is doing
(so those writes come at most once a beat). A job whose pulse stopped has lost its
worker: the page says so within seconds, and another worker takes it over later.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connection
from django.utils import timezone

from lives_admin.audit.durable_writes import once_more_if_lost
from lives_admin.jobs.liveness import BEAT_SECONDS

logger = logging.getLogger(__name__)


class Pulse:
    def __init__(self, job_id: int, token: str, interval: float = BEAT_SECONDS):
        self.job_id = job_id
        self.token = token
        self.interval = interval
        self.activity: dict = {}  # replaced (never changed in place) by the runner
        self.lost = threading.Event()  # the job is no longer this runner's
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def note(self, activity: dict) -> None:
        """What the runner is doing now; stored with the next beat."""
        self.activity = activity

    def start(self) -> Pulse:
        self._thread = threading.Thread(
            target=self._run, name=f"job-{self.job_id}-pulse", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self.beat()
        finally:
            connection.close()  # this thread's own connection

    def beat(self) -> None:
        from lives_admin.models import InviteJob

        def stamp() -> int:
            return InviteJob.objects.filter(pk=self.job_id, runner_token=self.token).update(
                heartbeat_at=timezone.now(), activity=self.activity
            )

        try:
            if not once_more_if_lost(stamp):
                self.lost.set()
        except DatabaseError as error:  # a locked or absent database: beat again later
            logger.warning("Job %s: heartbeat not stored (%s)", self.job_id, error)
