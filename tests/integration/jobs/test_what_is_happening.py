"""The job's progress says within seconds what is going on (issue 14, item 11): a worker
that stopped answering, MeltingSpot unreachable, in trouble or asking to slow down.

Real worker processes and the sandbox; the progress fragment is polled as the page does.
"""

import re
import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from lives_admin.models import InviteJob, JobStatus
from tests.integration.jobs.helpers import a_live, progress_text, start, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

# Long enough that the worker is still retrying while the page is read.
PATIENT = {"MELTINGSPOT_JOB_RETRY_BUDGET": "60", "MELTINGSPOT_TIMEOUT": "2"}
SHOWN_WITHIN = 10  # seconds, from the moment the trouble starts


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nobody listens once it is closed


def _shows(viewer_client, job, pattern: str):
    """The fragment's text once it matches `pattern` (polled for SHOWN_WITHIN seconds)."""
    seen = {}

    def matches() -> bool:
        seen["text"] = progress_text(viewer_client, job)
        return re.search(pattern, seen["text"]) is not None

    assert wait_for(matches, SHOWN_WITHIN, every=0.5), (
        f"not shown within {SHOWN_WITHIN} s: {pattern!r} in {seen.get('text', '')!r}"
    )
    return seen["text"]


FAULTS = {
    "unreachable": (
        {},
        lambda sandbox: {"MELTINGSPOT_API_URL": f"http://127.0.0.1:{_closed_port()}"},
        r"MeltingSpot is unreachable, retrying \(attempt \d+\)",
    ),
    "server error": (
        {"error_rate": 1.0, "error_status": 503, "fault_methods": "POST"},
        lambda sandbox: {},
        r"MeltingSpot is having trouble \(503\), retrying \(attempt \d+\)",
    ),
    "unreadable answer": (
        # A proxy's sign-in page with status 200 instead of the API's JSON: not "trouble
        # (200)". A write is not retried blind (it may have gone), its batch is sent again.
        {"error_rate": 1.0, "error_status": 200, "fault_body": "html", "fault_methods": "POST"},
        lambda sandbox: {},
        r"MeltingSpot's answer could not be read: the batch is sent again (in \d+ s|now) "
        r"\(try \d+\)",
    ),
    "too many requests": (
        # The sandbox's 429 says Retry-After: its window, 20 s here.
        {"error_rate": 1.0, "error_status": 429, "fault_methods": "POST", "rate_limit_window": 20},
        lambda sandbox: {},
        r"MeltingSpot asks to slow down, waiting (1\d|20) s \(attempt 2\)",
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_the_progress_says_why_the_job_waits(fault, organiser, viewer_client, sandbox, job_worker):
    sandbox_faults, worker_env, pattern = FAULTS[fault]
    sandbox.configure(**sandbox_faults)
    job = start(organiser, a_live(), 5)
    worker = job_worker()
    worker.env.update({**PATIENT, **worker_env(sandbox)})
    worker.start()
    assert wait_for(lambda: InviteJob.objects.get(pk=job.pk).status == JobStatus.RUNNING, 20)

    page = _shows(viewer_client, job, pattern)
    assert "stopped answering" not in page
    assert "(200)" not in page  # a 200 is no trouble status  # it beats while it waits
    assert "Running" in page
    worker.kill()  # it would retry for another minute


def test_the_progress_says_when_the_worker_stopped_and_when_another_takes_over(
    organiser, viewer_client, sandbox, job_worker
):
    sandbox.configure(latency_ms=300)  # slow answers: the kill lands mid-job
    job = start(organiser, a_live(), 5)
    worker = job_worker()
    # One batch at a time (no lanes): the job lasts long enough for the kill to land.
    worker.env.update({"MELTINGSPOT_BULK_BATCH_SIZE": "1", "MELTINGSPOT_JOB_LANES": "1"})
    worker.start()
    assert wait_for(lambda: InviteJob.objects.get(pk=job.pk).status == JobStatus.RUNNING, 20)
    assert "stopped answering" not in progress_text(viewer_client, job)

    worker.kill()
    page = _shows(viewer_client, job, r"The worker stopped answering \d+ s ago")
    assert "Running" in page

    # 40 s after its last heartbeat, with the default takeover delay (6 min).
    InviteJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=40))
    assert (
        "The worker stopped answering 40 s ago; another worker takes over in 5 min."
        in progress_text(viewer_client, job)
    )
