"""Two organisers invite overlapping people to one live: each person is sent once
(issue 14, item 9).

A job that starts leaves to another active job (queued, running or paused) the people
that job already has queued for the live; the preview says so beforehand. What reached
MeltingSpot is read from the sandbox's request log: every invitation body it received.
"""

from collections import Counter

import pytest
from django.test import Client

from lives_admin.invites.runner import JobRunner
from lives_admin.models import InviteJob, ItemState, JobStatus
from lives_admin.team.roles import Role
from tests.integration.concurrency import in_threads, same_browser
from tests.integration.invites.test_wizard import LIVE, metrics, preview_url, start

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_LIST = [f"person{n}@example.org" for n in range(1, 9)]  # 1…8
SECOND_LIST = [f"person{n}@example.org" for n in range(5, 13)]  # 5…12: 5…8 in both


def pasted(emails) -> str:
    return "\n".join(emails) + "\n"


def invitations_sent(sandbox) -> Counter:
    """How many times each address was sent to MeltingSpot in an invitation."""
    sent: Counter = Counter()
    for request in sandbox.requests():
        if request["method"] == "POST" and "/participants" in request["path"]:
            body = request["body"] or {}
            sent.update(email.lower() for email in body.get("members", {}).get("emails", []))
            if "member" in body:
                sent[body["member"].lower()] += 1
    return sent


def run(job: InviteJob) -> InviteJob:
    JobRunner(job, sleep=lambda seconds: None).run()
    job.refresh_from_db()
    return job


@pytest.fixture
def colleague_client(make_user):
    client = Client()
    client.force_login(make_user(Role.ORGANISER, username="second-organiser"))
    return client


def test_the_second_preview_shows_who_another_job_invites_and_nobody_is_sent_twice(
    organiser_client, colleague_client, sandbox
):
    sandbox.clear_requests()
    first_preview = preview_url(start(organiser_client, pasted=pasted(FIRST_LIST)))
    assert organiser_client.post(first_preview).status_code == 302
    first_job = InviteJob.objects.get()
    assert first_job.status == JobStatus.QUEUED  # no worker yet: its people are queued

    second_preview = preview_url(start(colleague_client, pasted=pasted(SECOND_LIST)))
    html = colleague_client.get(second_preview).content.decode()
    numbers = metrics(html)
    assert numbers[f"already being invited by job #{first_job.pk}"] == 4
    assert numbers["new invitations"] == 4
    assert f'href="/jobs/{first_job.pk}/"' in html
    assert "Invite 4 people" in html
    report = b"".join(colleague_client.get(f"{second_preview[:-1]}.csv").streaming_content)
    assert f"already being invited by job #{first_job.pk}: nothing sent again" in report.decode()

    assert colleague_client.post(second_preview).status_code == 302
    second_job = InviteJob.objects.exclude(pk=first_job.pk).get()
    left = dict(second_job.items.values_list("email", "state"))
    assert [email for email, state in left.items() if state == ItemState.OTHER_JOB] == [
        f"person{n}@example.org" for n in range(5, 9)
    ]
    assert second_job.items.get(email="person5@example.org").error == (
        f"Already being invited by job #{first_job.pk}"
    )

    run(second_job)
    run(first_job)
    sent = invitations_sent(sandbox)
    assert set(sent) == {f"person{n}@example.org" for n in range(1, 13)}
    assert set(sent.values()) == {1}, f"sent more than once: {sent}"
    # The second job's progress says where its other four went.
    progress = colleague_client.get(f"/jobs/{second_job.pk}/progress/").content.decode()
    assert "4</strong> left to another job" in progress
    assert "100 %" in progress


def test_two_organisers_starting_at_once_send_each_person_once(
    organiser_client, colleague_client, gated, sandbox
):
    first_preview = preview_url(start(organiser_client, pasted=pasted(FIRST_LIST)))
    second_preview = preview_url(start(colleague_client, pasted=pasted(SECOND_LIST)))
    first, second = same_browser(organiser_client), same_browser(colleague_client)
    sandbox.clear_requests()
    # Both previews are read before either job exists: neither sees the other coming.
    gated.hold("GET", rf"^/v1/lives/{LIVE}/participants$")

    def release_when_both_wait():
        assert gated.wait_for(2), "both organisers are building their previews"
        gated.release()

    answers = in_threads(
        lambda: first.post(first_preview),
        lambda: second.post(second_preview),
        release_when_both_wait,
    )[:2]
    assert [answer.status_code for answer in answers] == [302, 302]

    jobs = list(InviteJob.objects.order_by("pk"))
    assert len(jobs) == 2
    for job in jobs:
        run(job)
    sent = invitations_sent(sandbox)
    assert set(sent) == {f"person{n}@example.org" for n in range(1, 13)}
    assert set(sent.values()) == {1}, f"sent more than once: {sent}"
    # The job that started second left the four people in both lists to the first.
    later = jobs[1]
    assert later.items.filter(state=ItemState.OTHER_JOB).count() == 4


def test_a_finished_job_no_longer_holds_anyone(organiser_client, colleague_client, sandbox):
    """Only active jobs count: once the first is done, its people are simply there."""
    first_preview = preview_url(start(organiser_client, pasted=pasted(FIRST_LIST)))
    organiser_client.post(first_preview)
    run(InviteJob.objects.get())
    html = colleague_client.get(
        preview_url(start(colleague_client, pasted=pasted(SECOND_LIST)))
    ).content.decode()
    numbers = metrics(html)
    assert "already being invited" not in html
    assert numbers["already invited or registered"] == 4
    assert numbers["new invitations"] == 4


def test_a_speaker_invitation_is_not_left_to_a_participant_job(
    organiser_client, colleague_client, sandbox
):
    """A participant is not a speaker: their speaker invitation is still sent."""
    organiser_client.post(preview_url(start(organiser_client, pasted=pasted(FIRST_LIST))))
    html = colleague_client.get(
        preview_url(start(colleague_client, pasted=pasted(SECOND_LIST), role="speakers"))
    ).content.decode()
    assert "already being invited" not in html
