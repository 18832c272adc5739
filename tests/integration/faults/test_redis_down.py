"""Redis down with a job running: every page and fragment still answers, never a 500.

The dashboard runs on a private redis-server (the page cache and the shared cache, as
CACHE_URL wires them in production), which is stopped. An organiser and an admin then
open every URL of the dashboard, plainly, as htmx and as each of its fragments, while a
job is active (its progress shows the day's API budget, read from the shared cache).
"""

import uuid

import pytest
from django.test import Client

from lives_admin.models import InsightSnapshot, InviteJob
from lives_admin.team.roles import Role
from lives_admin.upstream import reset_client
from tests.integration.faults.test_pages_under_faults import readable, requests_to_visit
from tests.redis_server import redis_caches

# Starts a private redis-server: left out of `make test-fast`.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CACHE_DOWN = "The dashboard's shared cache cannot be reached"
BUDGET_UNKNOWN = "API budget left today: unknown while the shared cache is down"


@pytest.fixture
def dashboard_on_private_redis(private_redis, quick_client, settings):
    settings.CACHES = redis_caches(private_redis.url, f"redis-down-{uuid.uuid4().hex}")
    reset_client()  # the limiter now counts on that Redis
    yield private_redis
    reset_client()


def test_with_redis_down_and_a_job_active_no_page_answers_500(
    dashboard_on_private_redis, make_user
):
    admin = make_user(Role.ADMIN, username="redis-down-admin")
    organiser = make_user(Role.ORGANISER, username="redis-down-organiser")
    teammate = make_user(Role.VIEWER, username="redis-down-teammate")
    admin_client = Client(raise_request_exception=False)
    admin_client.force_login(admin)
    # Stored insights, read while everything is up.
    taken = admin_client.post(
        "/insights/new/", {"filters": "status=Ended&type=Workshop", "select_across": "1"}
    )
    assert taken.status_code == 302 and InsightSnapshot.objects.exists()
    dashboard_on_private_redis.kill()

    problems, seen = [], set()
    for user in (organiser, admin):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for label, url, headers in requests_to_visit(user, teammate):
            response = client.get(url, **headers)
            seen.add(response.status_code)
            if response.status_code >= 500 and response.status_code not in (502, 503, 504):
                problems.append(f"{user.username} {label}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert InviteJob.objects.filter(status="queued").exists()  # the jobs were active

    client = Client(raise_request_exception=False)
    client.force_login(organiser)
    job = InviteJob.objects.filter(created_by=organiser).latest("pk")
    for url in ("/jobs/", f"/jobs/{job.pk}/", f"/jobs/{job.pk}/progress/"):
        page = readable(client.get(url).content.decode())
        assert BUDGET_UNKNOWN in page, url
    # A page that needs MeltingSpot says why nothing was asked.
    lives = client.get("/lives/")
    assert lives.status_code == 503
    assert CACHE_DOWN in readable(lives.content.decode())
