"""The job worker: django-tasks' db_worker, plus a watchdog that resumes crashed jobs.

A job whose worker died mid-way stays "running" with an old heartbeat; the watchdog
puts it back in the queue, and the runner carries on with the people still pending.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from lives_admin.invites.runner import recover_stale_jobs

logger = logging.getLogger(__name__)


def _watch(interval: float) -> None:
    while True:
        try:
            recover_stale_jobs()
        except Exception:  # the watchdog must outlive a locked database or a hiccup
            logger.exception("Could not check for stale jobs")
        finally:
            close_old_connections()
        time.sleep(interval)


class Command(DBWorkerCommand):
    help = "Run background jobs (bulk invites) and resume the ones a crashed worker left."

    def handle(self, *args, **options):
        interval = max(1.0, settings.JOB_STALE_SECONDS / 3)
        threading.Thread(target=_watch, args=(interval,), daemon=True).start()
        return super().handle(*args, **options)
