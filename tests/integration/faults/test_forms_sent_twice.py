"""A form that creates something, sent twice, is done once (issue 14, item 7).

Two requests of one browser (one session) post the same rendered form, at once or a
little apart, from two threads with their own database connections: the one-time token's
row is unique in the database, so one of them writes and the other answers with the
first one's answer. The sandbox's request log says how many writes reached MeltingSpot.
These tests run on PostgreSQL too in its pass (`make test-postgres`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from lives_admin.jobs import process_identity
from lives_admin.models import FormSubmission, SubmissionState
from lives_admin.upstream import get_client
from lives_admin.web.submit_once import SENT_AGAIN, TOKEN_FIELD
from tests.integration.concurrency import in_threads, same_browser, tokens_in
from tests.integration.lives.helpers import a_host, api_requests

pytestmark = pytest.mark.django_db(transaction=True)
LIVE = "live003"
# The views that create something on MeltingSpot: each one takes its form once.
CREATING_VIEWS = (
    "live_create",
    "live_edit",
    "live_duplicate",
    "live_participants_invite",
    "live_speakers_invite",
    "live_speakers_bulk_invite",
    "live_groups_link",
    "invite_preview",
    "lives_bulk_groups",
    # Not creating, but a second DELETE would be sent and audited as a failure.
    "live_delete",
    "live_groups_unlink",
    # Not on MeltingSpot, but a second one would say "already taken" over a done invite.
    "team_invite",
)


def live_form(token: str, title: str) -> dict:
    return {
        TOKEN_FIELD: token,
        "title": title,
        "q": a_host().email,
        "start": "2031-03-01T10:00",
        "end": "2031-03-01T11:00",
        "timezone": "Europe/Paris",
        "solution": "NoSolution",
        "visibility": "OnlySpotMembers",
        "participation": "AnySpotMembers",
        "chat_visibility": "Display",
        "participants_visibility": "Display",
    }


def creates(sandbox, path: str) -> list:
    return [r for r in api_requests(sandbox, "POST") if r["path"] == path]


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def slow_writes(sandbox):
    """Each write takes 1.2 s at MeltingSpot: a second click comes while it is in flight."""
    sandbox.configure(slow_ms=1200, slow_rate=1.0, fault_methods="POST")
    yield sandbox
    sandbox.configure(slow_ms=0, slow_rate=0.0, fault_methods="")


@pytest.mark.parametrize("gap", [0.0, 0.15, 1.0], ids=["at-once", "150ms-apart", "1s-apart"])
def test_the_create_form_posted_twice_creates_one_live(gap, organiser_client, slow_writes):
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    title = f"Sent twice {gap}"
    form = live_form(token, title)
    first, second = same_browser(organiser_client), same_browser(organiser_client)
    slow_writes.clear_requests()

    answers = in_threads(
        lambda: first.post("/lives/new/", form), lambda: second.post("/lives/new/", form), gap=gap
    )

    assert len(creates(slow_writes, "/v1/lives")) == 1, "one live reached MeltingSpot"
    made = [live for live in get_client().lives.iter_all() if live.title == title]
    assert len(made) == 1
    # Both clicks land on the one live; the second says why it did nothing itself.
    assert [answer.status_code for answer in answers] == [302, 302]
    assert {answer["Location"] for answer in answers} == {f"/lives/{made[0].id}/"}
    notes = [said(answer) for answer in answers]
    assert sum(SENT_AGAIN in note for note in notes) == 1
    assert all(f"“{title}” was created." in note for note in notes)


def test_a_second_post_while_the_first_is_sending_waits_for_its_answer(
    organiser_client, sandbox, gated
):
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    form = live_form(token, "Held at the door")
    first, second = same_browser(organiser_client), same_browser(organiser_client)
    sandbox.clear_requests()
    gated.hold("POST", r"^/v1/lives$")
    answers: dict = {}

    def post(name, client):
        try:
            answers[name] = client.post("/lives/new/", form)
        finally:
            connection.close()

    sending = threading.Thread(target=post, args=("first", first))
    sending.start()
    assert gated.wait_for(1), "the first post is at MeltingSpot's door"
    assert FormSubmission.objects.get(token=token).state == SubmissionState.IN_PROGRESS
    waiting = threading.Thread(target=post, args=("second", second))
    waiting.start()
    waiting.join(timeout=0.5)
    assert waiting.is_alive(), "the second post waits for the first instead of answering"
    gated.release()
    sending.join(timeout=30)
    waiting.join(timeout=30)

    (live,) = [live for live in get_client().lives.iter_all() if live.title == "Held at the door"]
    assert answers["first"]["Location"] == answers["second"]["Location"] == f"/lives/{live.id}/"
    assert len(creates(sandbox, "/v1/lives")) == 1


def test_a_post_that_cannot_wait_for_the_first_says_so_and_sends_nothing(
    organiser_client, sandbox, gated, settings
):
    settings.SUBMIT_ONCE_WAIT_SECONDS = 0
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    form = live_form(token, "Still being sent")
    sandbox.clear_requests()
    gated.hold("POST", r"^/v1/lives$")
    answers: dict = {}
    first = same_browser(organiser_client)

    def post_first():
        try:
            answers["first"] = first.post("/lives/new/", form)
        finally:
            connection.close()

    sending = threading.Thread(target=post_first)
    sending.start()
    assert gated.wait_for(1)
    # The same form again, plain and through htmx: nothing sent, and it says why.
    plain = same_browser(organiser_client).post("/lives/new/", form)
    htmx = same_browser(organiser_client).post("/lives/new/", form, HTTP_HX_REQUEST="true")
    gated.release()
    sending.join(timeout=30)

    assert plain.status_code == htmx.status_code == 409
    assert "This form is still being sent" in plain.content.decode()
    assert "<html" not in htmx.content.decode() and htmx["HX-Retarget"] == "#main"
    assert len(creates(sandbox, "/v1/lives")) == 1
    # Once the first is done, the same form again gets its answer.
    again = same_browser(organiser_client).post("/lives/new/", form)
    assert again.status_code == 302 and again["Location"] == answers["first"]["Location"]
    assert len(creates(sandbox, "/v1/lives")) == 1


def test_a_sending_cut_off_by_a_crash_is_reported_and_never_redone(
    organiser_client, organiser, sandbox, settings
):
    """A worker killed mid-request leaves its token "in progress": the form sent again is
    told it may have been done (its History says), and nothing is sent again."""
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    FormSubmission.objects.create(token=token, user=organiser, path="/lives/new/")
    FormSubmission.objects.filter(token=token).update(
        created_at=timezone.now() - timedelta(minutes=6)
    )
    # Waiting for it would take a minute: far beyond what a post takes on a loaded machine.
    settings.SUBMIT_ONCE_WAIT_SECONDS = 60
    sandbox.clear_requests()
    started = time.monotonic()
    again = organiser_client.post("/lives/new/", live_form(token, "After a crash"))
    assert time.monotonic() - started < 30, "no waiting for a sending that is gone"
    assert again.status_code == 409
    assert "stopped with an error" in again.content.decode()
    assert not creates(sandbox, "/v1/lives")


def a_dead_process() -> str:
    """The identity of a process of this machine that has ended (as a killed worker)."""
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            "from lives_admin.jobs import process_identity as p; print(p.current())",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    return ran.stdout.strip()


def test_a_sending_whose_worker_died_is_reported_at_once_not_after_minutes(
    organiser_client, organiser, sandbox
):
    """A gunicorn worker killed while it sends: the form sent again learns at once that
    it may have been done (not "still being sent" for five minutes)."""
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    FormSubmission.objects.create(
        token=token, user=organiser, path="/lives/new/", owner=a_dead_process()
    )
    sandbox.clear_requests()
    started = time.monotonic()
    again = organiser_client.post("/lives/new/", live_form(token, "After a kill"))
    assert time.monotonic() - started < 5, "no waiting for a sending whose worker is gone"
    assert again.status_code == 409
    assert "stopped with an error" in again.content.decode()
    assert not creates(sandbox, "/v1/lives")


def test_a_sending_of_a_live_process_is_waited_for(organiser_client, organiser, sandbox, settings):
    settings.SUBMIT_ONCE_WAIT_SECONDS = 0.3
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    FormSubmission.objects.create(
        token=token, user=organiser, path="/lives/new/", owner=process_identity.current()
    )
    again = organiser_client.post("/lives/new/", live_form(token, "Still sending"))
    assert again.status_code == 409
    assert "still being sent" in again.content.decode()


def test_an_htmx_invitation_sent_twice_invites_once_and_both_get_the_panel(
    organiser_client, slow_writes
):
    panel = organiser_client.get(
        f"/lives/{LIVE}/participants/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="participants-panel"
    )
    (token,) = tokens_in(panel)
    form = {TOKEN_FIELD: token, "q": "twice.invited@example.org", "with_email_notification": "on"}
    url = f"/lives/{LIVE}/participants/invite/"
    first, second = same_browser(organiser_client), same_browser(organiser_client)
    slow_writes.clear_requests()

    answers = in_threads(
        lambda: first.post(url, form, HTTP_HX_REQUEST="true"),
        lambda: second.post(url, form, HTTP_HX_REQUEST="true"),
    )

    assert len([r for r in api_requests(slow_writes, "POST")]) == 1
    assert slow_writes.emails(LIVE).get("twice.invited@example.org") == 1
    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[0].content == answers[1].content
    assert "twice.invited@example.org is invited." in answers[0].content.decode()


def test_a_form_with_errors_comes_back_with_a_new_token(organiser_client, sandbox):
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    refused = organiser_client.post("/lives/new/", live_form(token, ""))
    assert "This field is required." in refused.content.decode()
    (fresh,) = tokens_in(refused)
    assert fresh != token
    # The old token again gets the same refusal (nothing sent); the new one creates.
    sandbox.clear_requests()
    assert organiser_client.post("/lives/new/", live_form(token, "")).content == refused.content
    created = organiser_client.post("/lives/new/", live_form(fresh, "Second try"))
    assert created.status_code == 302
    assert len(creates(sandbox, "/v1/lives")) == 1


def test_a_token_of_another_person_or_a_forged_one_is_refused(organiser_client, make_user, sandbox):
    from lives_admin.team.roles import Role

    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    assert organiser_client.post("/lives/new/", live_form(token, "Mine")).status_code == 302
    colleague = Client()
    colleague.force_login(make_user(Role.ORGANISER, username="colleague"))
    sandbox.clear_requests()
    theirs = colleague.post("/lives/new/", live_form(token, "Mine"))
    forged = colleague.post("/lives/new/", live_form("<script>", "Forged"))
    for answer in (theirs, forged):
        assert answer.status_code == 400
        assert "This form cannot be sent as it is" in answer.content.decode()
    assert not creates(sandbox, "/v1/lives")


def test_the_same_token_on_another_form_is_refused(organiser_client, sandbox):
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    organiser_client.post("/lives/new/", live_form(token, "First use"))
    sandbox.clear_requests()
    other = organiser_client.post(
        f"/lives/{LIVE}/participants/invite/", {TOKEN_FIELD: token, "q": "x@example.org"}
    )
    assert other.status_code == 400
    assert not api_requests(sandbox, "POST")


def _named_views():
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name, pattern.callback

    return dict(walk(get_resolver().url_patterns))


@pytest.mark.parametrize("name", CREATING_VIEWS)
def test_every_creating_view_takes_its_form_once(name):
    assert getattr(_named_views()[name], "submit_once", False), name


@pytest.mark.parametrize(
    "url",
    [
        "/lives/new/",
        f"/lives/{LIVE}/edit/",
        f"/lives/{LIVE}/duplicate/",
        f"/lives/{LIVE}/participants/",
        f"/lives/{LIVE}/speakers/",
        f"/lives/{LIVE}/groups/",
    ],
)
def test_every_creating_form_carries_a_fresh_token(url, organiser_client, sandbox):
    html = organiser_client.get(url).content.decode()
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S)
    # Logging out and changing language create nothing on MeltingSpot.
    creating = [f for f in forms if "logout" not in f and "language-switch" not in f]
    assert creating
    for form in creating:
        assert f'name="{TOKEN_FIELD}"' in form, form[:200]
    assert tokens_in(organiser_client.get(url)) != tokens_in(organiser_client.get(url))


def deletes(sandbox, path: str) -> list:
    return [r for r in api_requests(sandbox, "DELETE") if r["path"] == path]


def test_delete_clicked_twice_sends_one_delete_and_both_see_it_deleted(
    admin_user_client, slow_writes
):
    slow_writes.configure(fault_methods="DELETE")
    (token,) = tokens_in(admin_user_client.get(f"/lives/{LIVE}/delete/"))
    form = {TOKEN_FIELD: token, "title": "forged title"}
    first, second = same_browser(admin_user_client), same_browser(admin_user_client)
    slow_writes.clear_requests()

    answers = in_threads(
        lambda: first.post(f"/lives/{LIVE}/delete/", form),
        lambda: second.post(f"/lives/{LIVE}/delete/", form),
    )

    assert len(deletes(slow_writes, f"/v1/lives/{LIVE}")) == 1
    assert [answer.status_code for answer in answers] == [302, 302]
    notes = [said(answer) for answer in answers]
    assert not any("already deleted" in text for note in notes for text in note)
    assert sum(SENT_AGAIN in note for note in notes) == 1


def test_unlink_clicked_twice_sends_one_delete(organiser_client, slow_writes):
    group_id = get_client().groups.list(limit=1).items[0].id
    get_client().live_groups.bulk_link(LIVE, [group_id], with_email_notification=False)
    slow_writes.configure(fault_methods="DELETE")
    panel = organiser_client.get(f"/lives/{LIVE}/groups/", HTTP_HX_REQUEST="true")
    assert f'name="group_ids" value="{group_id}"' in panel.content.decode()
    tokens = tokens_in(panel)
    token = tokens[-1]  # the unlink form's (the link form, above it, has its own)
    form = {TOKEN_FIELD: token, "group_ids": group_id}
    first, second = same_browser(organiser_client), same_browser(organiser_client)
    slow_writes.clear_requests()

    in_threads(
        lambda: first.post(f"/lives/{LIVE}/groups/unlink/", form, HTTP_HX_REQUEST="true"),
        lambda: second.post(f"/lives/{LIVE}/groups/unlink/", form, HTTP_HX_REQUEST="true"),
    )

    assert len(deletes(slow_writes, f"/v1/lives/{LIVE}/groups/{group_id}")) == 1


@pytest.mark.parametrize("writes", ["slow", "quick"])
def test_the_page_after_a_double_click_says_created_once(writes, organiser_client, sandbox):
    if writes == "slow":  # the second click comes while the first is at MeltingSpot
        sandbox.configure(slow_ms=1200, slow_rate=1.0, fault_methods="POST")
    (token,) = tokens_in(organiser_client.get("/lives/new/"))
    title = f"Said once ({writes})"
    form = live_form(token, title)
    first, second = same_browser(organiser_client), same_browser(organiser_client)

    try:
        answers = in_threads(
            lambda: first.post("/lives/new/", form),
            # Quick writes: the first answer (and its message) is back before the second.
            lambda: second.post("/lives/new/", form),
            gap=0.15 if writes == "slow" else 1.0,
        )
    finally:
        sandbox.configure(slow_ms=0, slow_rate=0.0, fault_methods="")
    # The browser holds both answers' cookies (one jar), then shows the next page.
    page = organiser_client.get(answers[1]["Location"]).content.decode()

    assert page.count(f"“{title}” was created.") == 1
    assert page.count(SENT_AGAIN) == 1


def team_invite_form(token: str) -> dict:
    return {
        TOKEN_FIELD: token,
        "first_name": "Ada",
        "last_name": "Twice",
        "username": "ada.twice",
        "email": "ada.twice@example.org",
        "role": "organiser",
    }


@pytest.mark.parametrize("gap", [0.0, 0.15], ids=["at-once", "150ms-apart"])
def test_a_team_invitation_sent_twice_invites_once_and_both_answers_say_so(
    gap, admin_user_client, django_user_model, mailoutbox
):
    """A double click shows the last answer: it must be the invitation, not "already taken"."""
    (token,) = tokens_in(admin_user_client.get("/team/"))
    form = team_invite_form(token)
    first, second = same_browser(admin_user_client), same_browser(admin_user_client)

    answers = in_threads(
        lambda: first.post("/team/invite/", form, HTTP_HX_REQUEST="true"),
        lambda: second.post("/team/invite/", form, HTTP_HX_REQUEST="true"),
        gap=gap,
    )

    assert django_user_model.objects.filter(username="ada.twice").count() == 1
    assert len(mailoutbox) == 1, "the link is mailed once"
    assert [answer.status_code for answer in answers] == [200, 200]
    for answer in answers:
        html = answer.content.decode()
        assert "Ada Twice is invited" in html
        assert "already" not in html
    assert answers[0].content == answers[1].content


def test_a_plain_team_invitation_sent_again_says_it_was_sent_more_than_once(
    admin_user_client, mailoutbox
):
    (token,) = tokens_in(admin_user_client.get("/team/"))
    form = team_invite_form(token)
    admin_user_client.post("/team/invite/", form)
    again = admin_user_client.post("/team/invite/", form)
    assert "Ada Twice is invited" in again.content.decode()
    assert SENT_AGAIN in said(again)
    assert len(mailoutbox) == 1
