"""The insights job, run by the worker (`manage.py jobworker`, django-tasks' db_worker)."""

from django_tasks import task

from lives_admin.insights.runner import run


@task()
def run_insight_snapshot(snapshot_id: int, token: str) -> None:
    run(snapshot_id, token)
