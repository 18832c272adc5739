"""The job worker: django-tasks' db_worker, plus a watchdog that resumes crashed jobs.

A job whose worker died mid-way stays "running" with an old heartbeat; the watchdog
puts it back in the queue, and the runner carries on with the people still pending. It
also marks failed the django-tasks rows that dead workers left "running". It looks at
once when the worker starts, then a few times per stale delay.
"""

import logging
import threading
import time

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from lives_admin.invites.runner import recover_stale_jobs
from lives_admin.liveness import stale_after_seconds

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
        interval = max(1.0, stale_after_seconds() / 3)
        threading.Thread(target=_watch, args=(interval,), daemon=True).start()
        return super().handle(*args, **options)
