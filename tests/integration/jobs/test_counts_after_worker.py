"""A live's cached status counts learn of the writes the worker process makes.

An organiser saw the "All" tab stay at 36 after a reload while the live said 56 invited:
the counts were cached under a version bumped by the worker in its own memory only.
"""

import pytest

from lives_admin.models import JobStatus
from tests.integration.jobs.helpers import HTMX, a_live, start, wait_for
from tests.integration.lives.helpers import text
from tests.shared_across_processes import shared_cache_across_processes  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
TABS = {**HTMX, "HTTP_HX_TARGET": "participants-tabs"}


def tab_counts(client, live_id: str) -> str:
    response = client.get(f"/lives/{live_id}/participants/", **TABS)
    assert response.status_code == 200
    return text(response)


def test_the_tab_counts_follow_a_job_the_worker_ran(
    sandbox,
    organiser,
    organiser_client,
    shared_cache_across_processes,  # noqa: F811
):
    from lives_admin.upstream import get_client

    live_id = a_live()
    total = get_client().participants.list(live_id, limit=1).total
    assert f"All {total:,}" in tab_counts(organiser_client, live_id)  # read, then cached

    worker = shared_cache_across_processes()
    worker.start()
    job = start(organiser, live_id, 7, prefix="counted")
    assert wait_for(lambda: job.__class__.objects.get(pk=job.pk).status == JobStatus.COMPLETED)

    assert f"All {total + 7:,}" in tab_counts(organiser_client, live_id)
