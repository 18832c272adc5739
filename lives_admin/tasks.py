"""Background tasks, run by the worker (`manage.py jobworker`, a django-tasks db_worker)."""

from django_tasks import task

from lives_admin.invites.runner import run_job


@task()
def run_invite_job(job_id: int) -> None:
    run_job(job_id)
