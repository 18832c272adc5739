"""The job worker: django-tasks' db_worker, plus a watchdog that resumes crashed jobs.

It also keeps the lives index fresh: a second loop queues a full pass of it (a task it
then runs) when the index is cold or older than LIVES_INDEX_REFRESH_SECONDS.

A job whose worker died mid-way stays "running" with an old heartbeat; the watchdog
puts it back in the queue, and the runner carries on with the people still pending. It
also marks failed the django-tasks rows that dead workers left "running". It looks at
once when the worker starts, then a few times per stale delay.

Both loops outlive a lost database connection (lives_admin/jobs/database_outage.py): a
restart or `pg_terminate_backend` must not end the worker, since under a process
supervisor like honcho one process exiting stops the whole stack.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from lives_admin.invites.runner import recover_stale_jobs
from lives_admin.jobs.database_outage import (
    CONNECTION_ERRORS,
    DatabaseUnreachable,
    OutageWait,
    round_trip_fails,
)
from lives_admin.jobs.liveness import stale_after_seconds
from lives_admin.jobs.stopping import WORKER_STOPPING

logger = logging.getLogger(__name__)


def _watch(interval: float) -> None:
    outage = OutageWait("The job watchdog", patience=float("inf"))  # the worker gives up
    while True:
        try:
            recover_stale_jobs()
            outage.recovered()
        except CONNECTION_ERRORS as error:
            outage.lost(error)
            continue  # again at once: `lost` waited
        except Exception:  # the watchdog must outlive a locked database or a hiccup
            logger.exception("Could not check for stale jobs")
        finally:
            close_old_connections()
        time.sleep(interval)


def _keep_lives_index_fresh(interval: float) -> None:
    """Queue a pass of the lives index when it is cold or due (lives_admin/lives/index.py);
    this worker then runs it like any task."""
    from lives_admin.lives.index_tasks import keep_fresh

    while True:
        try:
            keep_fresh()
        except Exception:  # a lost database is the watchdog's to report; try again later
            logger.exception("Could not check the lives index")
        finally:
            close_old_connections()
        time.sleep(interval)


class LastingWorker(Worker):
    """db_worker's loop, entered again after a lost connection (in its polling, the
    locking of a task, the recording of a task's end) once a connection works again."""

    def shutdown(self, signum, frame) -> None:
        # The index passes stop at their next request or retry wait (jobs/stopping.py).
        WORKER_STOPPING.set()
        super().shutdown(signum, frame)

    def run(self) -> None:
        outage = OutageWait("The job worker")
        while True:
            try:
                return super().run()  # returns only with --batch or --max-tasks
            except CONNECTION_ERRORS as error:
                self.startup_delay = False
                outage.lost(error)
                while self.running and (error := round_trip_fails()) is not None:
                    outage.lost(error)
                outage.recovered()
                if not self.running:
                    return None


class Command(DBWorkerCommand):
    help = "Run background jobs (bulk invites) and resume the ones a crashed worker left."

    def handle(self, *args, **options):
        interval = max(1.0, stale_after_seconds() / 3)
        threading.Thread(target=_watch, args=(interval,), daemon=True).start()
        if settings.LIVES_INDEX_WORKER:
            index_interval = min(60.0, max(1.0, settings.LIVES_INDEX_REFRESH_SECONDS / 5))
            threading.Thread(
                target=_keep_lives_index_fresh, args=(index_interval,), daemon=True
            ).start()
        try:
            self._run_worker(**options)
        except DatabaseUnreachable as error:
            raise CommandError(str(error)) from error

    def _run_worker(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        reload,
        startup_delay,
        max_tasks,
        worker_id,
        **options,
    ) -> None:
        """db_worker's own `handle`, with the lasting worker (django-tasks-db 0.12)."""
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be specified together: no autoreload.")
            reload = False
        worker = LastingWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child process
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
