"""Issue 14, item 21: a session unused for SESSION_IDLE_TIMEOUT seconds ends; one in use
goes on. The clock is the session's own record of the last activity, moved back here."""

import time

import pytest
from django.test import Client

from lives_admin.team.sessions import LAST_SEEN_KEY
from tests.integration.lives.helpers import text
from tests.integration.security.test_headers_and_deploy import run_settings

pytestmark = pytest.mark.django_db
HOUR = 3600


@pytest.fixture(autouse=True)
def one_hour(settings):
    settings.SESSION_IDLE_TIMEOUT = HOUR


def last_seen(client: Client, seconds_ago: int | None = None) -> int:
    """The session's last activity; with `seconds_ago`, moved back to then first."""
    session = client.session
    if seconds_ago is not None:
        session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
        session.save()
    return session[LAST_SEEN_KEY]


def test_a_session_idle_longer_than_the_delay_ends(viewer_client):
    last_seen(viewer_client, seconds_ago=HOUR + 5)

    refused = viewer_client.get("/lives/")

    assert refused.status_code == 302 and refused["Location"] == "/login/?next=/lives/"
    login = viewer_client.get(refused["Location"])
    assert "You were logged out after 1 hour without activity." in text(login)
    assert viewer_client.get("/lives/").status_code == 302  # over, not only once


def test_an_htmx_request_of_an_idle_session_takes_the_page_to_the_login(viewer_client):
    last_seen(viewer_client, seconds_ago=HOUR + 5)
    response = viewer_client.get(
        "/jobs/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/jobs/?status=running",
    )
    assert response["HX-Redirect"] == "/login/?next=/jobs/%3Fstatus%3Drunning"


def test_a_session_in_use_goes_on(viewer_client, sandbox):
    last_seen(viewer_client, seconds_ago=HOUR - 60)
    assert viewer_client.get("/lives/").status_code == 200
    assert last_seen(viewer_client) >= int(time.time()) - 5  # the activity moved the clock
    last_seen(viewer_client, seconds_ago=HOUR - 60)
    assert viewer_client.get("/lives/").status_code == 200


def test_logging_in_again_starts_a_fresh_session(viewer, viewer_client):
    last_seen(viewer_client, seconds_ago=HOUR * 24 * 13)
    assert viewer_client.get("/me/").status_code == 302
    viewer_client.force_login(viewer)
    assert viewer_client.get("/me/").status_code == 200


@pytest.mark.slow  # starts two Django processes
def test_the_delay_comes_from_the_environment_and_defaults_to_eight_hours():
    code = "from django.conf import settings as s; print(s.SESSION_IDLE_TIMEOUT)"
    assert run_settings(code, DEBUG="true").strip() == str(8 * HOUR)
    assert run_settings(code, DEBUG="true", SESSION_IDLE_TIMEOUT="900").strip() == "900"
