"""Shared by the job tests that run real worker processes against the sandbox."""

from __future__ import annotations

import time

from django_tasks_db.models import DBTaskResult

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.models import JobKind
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import text

HTMX = {"HTTP_HX_REQUEST": "true"}
# A worker whose takeover delay is short: one batch may retry for 1 s, an attempt may
# take 2 s (+ 0.5 s to connect), so `stale_after_seconds()` is 8.5 s (with its margin).
QUICK_TAKEOVER = {
    "JOB_STALE_SECONDS": "1",
    "MELTINGSPOT_JOB_RETRY_BUDGET": "1",
    "MELTINGSPOT_TIMEOUT": "2",
    "MELTINGSPOT_CONNECT_TIMEOUT": "0.5",
}


def wait_for(condition, timeout: float = 30.0, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def a_live() -> str:
    return get_client().lives.list(limit=1).items[0].id


def start(organiser, live_id: str, count: int, prefix: str = "guest"):
    plan = InvitePlan(
        kind=JobKind.INVITE_PARTICIPANTS,
        live_ids=(live_id,),
        people=tuple(Person(email=f"{prefix}{i}@example.org") for i in range(count)),
        with_email_notification=True,
    )
    return start_job(plan, organiser)


def task_rows(job) -> list[DBTaskResult]:
    """The django-tasks rows of the job's runs, oldest first."""
    rows = DBTaskResult.objects.filter(task_path="lives_admin.tasks.run_invite_job")
    return sorted(
        (row for row in rows if row.args_kwargs["args"] == [job.pk]), key=lambda r: r.enqueued_at
    )


def invites_sent(sandbox) -> list[dict]:
    """The invitation writes MeltingSpot took in (answered 2xx), oldest first."""
    return [
        r
        for r in sandbox.requests()
        if r["method"] == "POST" and "invite" in r["path"].lower() and r["status"] < 300
    ]


def emails_in(requests: list[dict]) -> list[str]:
    """Each email a list of bulk invitations carried, as often as it was carried."""
    members = [(r["body"] or {}).get("members", {}) for r in requests]
    return [email for sent in members for email in sent.get("emails", [])]


def progress_text(client, job) -> str:
    response = client.get(f"/jobs/{job.pk}/progress/", **HTMX)
    assert response.status_code in (200, 286)
    return text(response)
