"""django-tasks rows of job runs whose worker died.

django-tasks marks a task "running" when a worker takes it and "successful" or "failed"
when it returns; a worker killed in between leaves it "running" for ever. Our jobs know
better, from their heartbeat: when a job is taken over, and whenever a worker's watchdog
looks (at its start, then regularly), such rows are marked failed, saying why.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

RUN_INVITE_JOB = "lives_admin.tasks.run_invite_job"


class WorkerLost(Exception):
    """What a dead worker's task row says it failed with."""


WORKER_LOST = f"{__name__}.{WorkerLost.__name__}"


def _job_id(row: DBTaskResult) -> int | None:
    args = (row.args_kwargs or {}).get("args") or []
    return args[0] if args and isinstance(args[0], int) else None


def fail_rows_of_job(job_id: int, reason: str) -> int:
    """The job was taken over: any run of it still marked running lost its worker."""
    rows = [
        row.pk
        for row in DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, task_path=RUN_INVITE_JOB
        )
        if _job_id(row) == job_id
    ]
    return _fail(rows, reason)


def fail_dead_rows(stale_after: float) -> int:
    """Rows running longer than `stale_after` whose job has been silent as long (or is
    gone): no live worker runs them."""
    from lives_admin.models import InviteJob

    limit = timezone.now() - timedelta(seconds=stale_after)
    rows = {
        row.pk: _job_id(row)
        for row in DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, task_path=RUN_INVITE_JOB, started_at__lt=limit
        )
    }
    if not rows:
        return 0
    jobs = InviteJob.objects.in_bulk({job_id for job_id in rows.values() if job_id})
    dead = [
        pk for pk, job_id in rows.items() if job_id not in jobs or jobs[job_id].last_beat < limit
    ]
    reason = f"The worker stopped answering for more than {stale_after:.0f} s (killed or crashed)."
    return _fail(dead, reason)


def _fail(row_ids: list, reason: str) -> int:
    if not row_ids:
        return 0
    return DBTaskResult.objects.filter(pk__in=row_ids, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=WORKER_LOST,
        traceback=reason,
    )
