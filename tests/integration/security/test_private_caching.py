"""Personal data stays on the organiser's screen: no cache keeps a copy (issue 14, item 19).

Every answer to a logged-in person says `Cache-Control: private, no-store`, pages and
their htmx fragments (one URL) vary on the htmx headers, htmx keeps no snapshot of a
page in the tab's storage, and static files keep their long caching.
"""

import json
import re

import pytest
from django.test import Client

from lives_admin.models import InviteJob, JobKind

pytestmark = pytest.mark.django_db
LIVE = "live003"


def cache_control(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def assert_private(response):
    assert {"private", "no-store"} <= cache_control(response), response.get("Cache-Control")


@pytest.fixture
def job(admin):
    return InviteJob.objects.create(
        kind=JobKind.INVITE_PARTICIPANTS, created_by=admin, live_ids=[LIVE]
    )


@pytest.mark.parametrize(
    "url",
    [
        f"/lives/{LIVE}/",
        f"/lives/{LIVE}/participants/",
        f"/lives/{LIVE}/participants/export.csv",
        f"/lives/{LIVE}/participants/export.xlsx",
        f"/lives/{LIVE}/speakers/",
        f"/lives/{LIVE}/groups/",
        f"/lives/{LIVE}/history/",
        f"/lives/{LIVE}/insights/",
        "/audit/",
        "/audit/export.csv",
        "/jobs/",
        "/jobs/{job}/",
        "/jobs/{job}/report.csv",
        "/team/",
        "/insights/",
        "/me/",
        "/members/search/?q=a",
    ],
)
def test_every_logged_in_answer_is_kept_by_no_cache(url, admin_user_client, sandbox, job):
    response = admin_user_client.get(url.format(job=job.pk))
    assert response.status_code == 200, url
    assert_private(response)


def test_a_page_and_its_fragment_share_a_url_and_say_what_they_vary_on(admin_user_client, sandbox):
    url = f"/lives/{LIVE}/participants/"
    page = admin_user_client.get(url)
    fragment = admin_user_client.get(
        url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="participants-panel"
    )
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()
    for response in (page, fragment):
        assert_private(response)
        assert {"hx-request", "hx-target", "hx-history-restore-request"} <= vary(response)


def test_error_answers_and_form_answers_are_private_too(admin_user_client, sandbox):
    missing = admin_user_client.get("/lives/no-such-live/")
    invalid = admin_user_client.post("/lives/new/", {"title": ""})
    assert missing.status_code == 404 and invalid.status_code == 200
    assert_private(missing)
    assert_private(invalid)


def test_a_view_that_sets_its_own_caching_keeps_it():
    """The login view is `never_cache`: its own header stands (and nobody is logged in)."""
    login = Client().get("/login/")
    assert "no-cache" in cache_control(login)
    assert "HX-Request".lower() in vary(login)


def test_static_files_keep_their_long_caching(admin_user_client, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_MAX_AGE = 3600
    response = Client().get("/static/css/app.css")
    response_logged_in = admin_user_client.get("/static/css/app.css")
    for answer in (response, response_logged_in):
        assert answer.status_code == 200
        assert "no-store" not in cache_control(answer)
        assert "max-age=3600" in cache_control(answer)


def test_htmx_keeps_no_snapshot_of_a_page_in_the_tabs_storage(admin_user_client, sandbox):
    html = admin_user_client.get("/lives/").content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)
    assert meta, "base.html configures htmx"
    assert json.loads(meta.group(1))["historyCacheSize"] == 0


def test_a_history_restore_gets_the_whole_page(admin_user_client, sandbox):
    """With no snapshot, Back asks the server (htmx sends both headers): the full page."""
    restored = admin_user_client.get(
        f"/lives/{LIVE}/participants/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert restored.status_code == 200
    assert "<html" in restored.content.decode()
    assert_private(restored)
