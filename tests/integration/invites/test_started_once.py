"""Two clicks on "Invite" at once start one job, and both are shown it (issue 14, item 8).

Two tabs of one preview (each with its own form token, so only the draft's own claim
stands between them) are posted together. The proxy in front of the sandbox holds both
while they read the live's participants, so both are past every early check when the
first one starts the job: the race is the worst one, every run. These tests run on
PostgreSQL too in its pass (`make test-postgres`).
"""

import pytest

from lives_admin.models import InviteDraft, InviteJob
from lives_admin.web.submit_once import TOKEN_FIELD
from tests.integration.concurrency import in_threads, same_browser, tokens_in
from tests.integration.invites.test_wizard import LIVE, preview_url, start

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_clicked_twice_at_once_starts_one_job_and_shows_it_to_both(organiser_client, gated):
    url = preview_url(start(organiser_client, pasted="one@example.org\ntwo@example.org\n"))
    (first_tab,) = tokens_in(organiser_client.get(url))
    (second_tab,) = tokens_in(organiser_client.get(url))
    first, second = same_browser(organiser_client), same_browser(organiser_client)
    gated.hold("GET", rf"^/v1/lives/{LIVE}/participants$")

    def click(client, token):
        return lambda: client.post(url, {TOKEN_FIELD: token})

    def release_when_both_wait():
        assert gated.wait_for(2), "both clicks are building the preview"
        gated.release()

    answers = in_threads(
        click(first, first_tab), click(second, second_tab), release_when_both_wait
    )[:2]

    assert [answer.status_code for answer in answers] == [302, 302]
    assert {answer["Location"] for answer in answers} == {f"/lives/{LIVE}/#jobs-panel"}
    (job,) = InviteJob.objects.all()
    assert InviteDraft.objects.get().job == job
    assert job.items.count() == 2


def test_start_clicked_twice_without_tokens_is_one_job_too(organiser_client, gated):
    """A post without a token (a script, a page from before tokens) has the same guard."""
    url = preview_url(start(organiser_client, pasted="three@example.org\n"))
    first, second = same_browser(organiser_client), same_browser(organiser_client)
    gated.hold("GET", rf"^/v1/lives/{LIVE}/participants$")

    def release_when_both_wait():
        assert gated.wait_for(2)
        gated.release()

    answers = in_threads(lambda: first.post(url), lambda: second.post(url), release_when_both_wait)[
        :2
    ]

    assert [answer.status_code for answer in answers] == [302, 302]
    assert InviteJob.objects.count() == 1
