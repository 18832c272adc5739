"""The Jobs pages: list, progress bar polling, steering buttons, per-person report, roles."""

import pytest

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.invites.runner import JobRunner
from lives_admin.models import InviteJob, ItemState, JobKind, JobStatus
from lives_admin.upstream import get_client
from tests.html import exists, select, soup, text_of, texts

pytestmark = pytest.mark.django_db(transaction=True)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def job(sandbox, organiser):
    live_id = get_client().lives.list(limit=1).items[0].id
    plan = InvitePlan(
        kind=JobKind.INVITE_PARTICIPANTS,
        live_ids=(live_id,),
        people=tuple(Person(email=f"page{i}@example.org") for i in range(3)),
        live_titles={live_id: "Demo live"},
        source_label="Pasted list (3 entries)",
    )
    return start_job(plan, organiser)


def run(job):
    JobRunner(InviteJob.objects.get(pk=job.pk), sleep=lambda seconds: None).run()
    job.refresh_from_db()
    return job


def test_a_waiting_job_polls_and_a_finished_one_stops_polling(viewer_client, job):
    progress = viewer_client.get(f"/jobs/{job.pk}/progress/", **HTMX)
    assert progress.status_code == 200
    html = progress.content.decode()
    assert exists(html, '[hx-trigger="every 1s"]')
    assert "Waiting to start" in text_of(html) and "3 remaining" in texts(html, "span")
    assert not select(html, "button"), "a viewer sees the bar, not the buttons"

    run(job)
    progress = viewer_client.get(f"/jobs/{job.pk}/progress/", **HTMX)
    assert progress.status_code == 286  # htmx stops polling on 286
    assert "peopleChanged" in progress["HX-Trigger"]  # the participants panel reloads
    assert "jobFinished" in progress["HX-Trigger"]  # and the groups and speakers panels
    html = progress.content.decode()
    assert not exists(html, "[hx-trigger]")
    assert "100 %" in texts(html, "strong") and "3 invited" in texts(html, "span")
    assert exists(html, f'a[href="/jobs/{job.pk}/report.csv"]')  # a viewer may download it


def test_a_job_that_stops_any_way_tells_the_live_page_to_refresh(
    organiser_client, viewer_client, job
):
    """Cancelled (or paused) part way, it may have invited people: the live's page asks for
    its metrics, participants and history again (peopleChanged), its groups and speakers too
    (jobFinished)."""
    organiser_client.post(f"/jobs/{job.pk}/cancel/", **HTMX)
    progress = viewer_client.get(f"/jobs/{job.pk}/progress/", **HTMX)
    assert progress.status_code == 286
    assert "peopleChanged" in progress["HX-Trigger"]
    assert "jobFinished" in progress["HX-Trigger"]


def test_the_jobs_page_lists_every_job(viewer_client, job):
    html = viewer_client.get("/jobs/").content.decode()
    assert f"Invite participants #{job.pk}" in texts(html, "a")
    assert "Pasted list (3 entries)" in text_of(html)
    assert "Demo live" in texts(html, "a")


def test_pause_resume_and_cancel_from_the_page(organiser_client, job):
    response = organiser_client.post(f"/jobs/{job.pk}/pause/", **HTMX)
    assert "Paused" in response.content.decode() and "Resume" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.PAUSED

    organiser_client.post(f"/jobs/{job.pk}/resume/", **HTMX)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED

    response = organiser_client.post(f"/jobs/{job.pk}/cancel/")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.items.filter(state=ItemState.CANCELLED).count() == 3
    html = organiser_client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Not sent (cancelled)" in text_of(html) and "3 not sent" in texts(html, "span")


def test_retry_the_failed_ones_from_the_page(organiser_client, job):
    run(job)
    job.items.filter(email="page1@example.org").update(state=ItemState.FAILED, error="Boom")
    html = organiser_client.get(f"/jobs/{job.pk}/?state=failed").content.decode()
    rows = text_of(html, "tbody")
    assert "page1@example.org" in rows and "Boom" in rows and "page0@example.org" not in rows
    # Tabs for the results this job has, with their numbers.
    tabs = texts(html, "nav a:has(.tab-count)")
    assert "Invited 2" in tabs and "Failed 1" in tabs
    assert not [tab for tab in tabs if tab.startswith("Waiting")]
    assert "Retry the 1 failed" in text_of(html)
    organiser_client.post(f"/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    run(job)
    assert job.items.get(email="page1@example.org").state == ItemState.INVITED


def test_a_viewer_cannot_steer(viewer_client, job):
    assert viewer_client.post(f"/jobs/{job.pk}/cancel/").status_code == 403
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_an_unknown_job_is_a_404(viewer_client, sandbox):
    assert viewer_client.get("/jobs/999999/").status_code == 404


def test_the_job_page_table_follows_the_progress_bar(viewer_client, job):
    page = viewer_client.get(f"/jobs/{job.pk}/").content.decode()
    assert exists(page, '[hx-trigger="jobProgress from:body"]')
    progress = viewer_client.get(f"/jobs/{job.pk}/progress/", **HTMX)
    assert "jobProgress" in progress["HX-Trigger"]
    run(job)
    table = viewer_client.get(
        f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="job-items"
    ).content.decode()
    assert [tag.get("id") for tag in soup(table).find_all(recursive=False)] == ["job-items"]
    assert texts(table, "tbody td span.badge") == ["Invited"] * 3


def test_a_running_job_shows_its_share_of_the_api_key(viewer_client, job):
    import re

    run(job)  # its requests, through the job client, in the last 10 s
    for _ in range(2):  # and two of a page
        get_client().lives.list(limit=1)
    InviteJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)  # still going
    html = viewer_client.get(f"/jobs/{job.pk}/progress/", **HTMX).content.decode()
    shown = re.search(
        r"Share of the API key: (\d+) % \((\d+) of (\d+) requests? in the last 10 s\)", html
    )
    assert shown, html
    percent, mine, everyone = map(int, shown.groups())
    assert mine >= 1 and everyone >= mine + 2
    assert percent == round(100 * mine / everyone)
    InviteJob.objects.filter(pk=job.pk).update(status=JobStatus.COMPLETED)
    html = viewer_client.get(f"/jobs/{job.pk}/progress/", **HTMX).content.decode()
    assert "Share of the API key" not in html  # only while it runs
