"""Login: required everywhere but a few public doors, safe `next`, throttled guessing."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.integration.foundation.test_every_url_checks_its_role import (
    dashboard_patterns,
    url_of,
)
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
# The language switch and app.js's catalogue serve the login page too (no personal data).
PUBLIC = {"healthz", "team_welcome", "set_language", "javascript_catalog"}


def login(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


# -- login required ---------------------------------------------------------------------
def test_every_dashboard_url_sends_a_stranger_to_the_login_page():
    for name, pattern in dashboard_patterns().items():
        if name in PUBLIC:
            continue
        url = url_of(name, pattern)
        for method in ("get", "post"):
            response = getattr(Client(), method)(url)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith("/login/?next="), (name, method)


def test_every_other_project_url_needs_a_login_too():
    """The middleware guards what a URL pattern might forget: every view in the URLconf."""
    unguarded = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                callback = entry.callback
                if not getattr(callback, "login_required", True):
                    unguarded.append(f"{prefix}{entry.pattern} ({entry.name})")

    walk(get_resolver().url_patterns)
    public = {p for p in unguarded if "django-admin/" not in p}
    assert public == {
        "login/ (login)",
        "healthz (healthz)",
        "team/welcome/<uidb64>/<token>/ (team_welcome)",
        "language/ (set_language)",
        "language/catalog.js (javascript_catalog)",
    }


def test_an_htmx_request_of_a_stranger_takes_the_browser_to_the_login_page():
    response = Client().get(
        "/lives/live003/participants/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="participants-panel",
        HTTP_HX_CURRENT_URL="http://testserver/lives/live003/?status=Invited",
    )
    # Not the login page swapped into the panel: the whole page goes, and comes back here.
    assert response.status_code == 200 and response.content == b""
    assert response["HX-Redirect"] == "/login/?next=/lives/live003/%3Fstatus%3DInvited"


def test_an_htmx_request_from_another_site_comes_back_to_the_fragment_url_not_there():
    response = Client().post(
        "/lives/live003/delete/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="https://evil.example/phish",
    )
    assert response["HX-Redirect"] == "/login/?next=/lives/live003/delete/"


def test_the_public_doors_open_without_a_login(settings):
    assert Client().get("/healthz").json() == {"status": "ok"}
    page = Client().get("/login/")
    assert page.status_code == 200 and "Log in" in text(page)
    # Static files are served by WhiteNoise before any view (here from the finders, as
    # tests collect nothing): the login page's own stylesheet needs no login.
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    css = Client().get("/static/css/app.css")
    assert css.status_code == 200 and b".htmx-indicator" in b"".join(css.streaming_content)
    welcome = Client().get("/team/welcome/MQ/set-password/", follow=True)
    assert welcome.status_code == 200 and "This link no longer works" in text(welcome)


def test_an_unknown_url_is_a_404_for_everyone():
    assert Client().get("/no-such-page/").status_code == 404


# -- next ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example",
        "//evil.example/lives/",
        "///evil.example",
        "https:evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_login_never_sends_someone_to_another_site(make_user, next_url):
    make_user(None, username="bob")
    response = login(Client(), "bob", "pw-for-tests", next=next_url)
    assert response.status_code == 302
    assert response["Location"] == "/lives/"


def test_login_comes_back_to_the_page_asked_for(make_user):
    make_user(None, username="bob")
    client = Client()
    asked = client.get("/lives/live003/?status=Invited")
    assert asked["Location"] == "/login/?next=/lives/live003/%3Fstatus%3DInvited"
    response = login(client, "bob", "pw-for-tests", next="/lives/live003/?status=Invited")
    assert response["Location"] == "/lives/live003/?status=Invited"


def test_the_login_form_posts_to_the_login_page_with_next():
    html = Client().get("/login/?next=/audit/").content.decode()
    assert 'action="/login/"' in html and 'name="next" value="/audit/"' in html


# -- throttling ---------------------------------------------------------------------------
def test_five_wrong_passwords_lock_the_login_for_15_minutes(make_user):
    make_user(None, username="carol")
    client = Client()
    for attempt in range(1, 5):
        response = login(client, "carol", f"guess-{attempt}")
        assert response.status_code == 200, attempt
        assert "Please enter a correct username and password" in text(response)
    locked = login(client, "carol", "guess-5")
    assert locked.status_code == 429
    page = text(locked)
    assert "Too many login attempts" in page
    assert "Logging in as carol is paused after 5 wrong passwords in a row." in page
    assert "Try again in 15 minutes." in page
    assert locked["Retry-After"] == "900"
    assert 'href="/static/css/app.css"' in locked.content.decode()  # the site's own look
    # Even the right password waits: the guessing does not go on.
    assert login(Client(), "carol", "pw-for-tests").status_code == 429
    # Someone else logs in as usual.
    make_user(None, username="dave")
    assert login(Client(), "dave", "pw-for-tests")["Location"] == "/lives/"


def test_the_lock_ends_after_the_cool_off(make_user):
    make_user(None, username="carol")
    for attempt in range(5):
        login(Client(), "carol", f"guess-{attempt}")
    assert login(Client(), "carol", "pw-for-tests").status_code == 429
    # Fifteen minutes later (the attempts' clock moved back, not the test's sleep).
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    response = login(Client(), "carol", "pw-for-tests")
    assert response.status_code == 302 and response["Location"] == "/lives/"


def test_a_successful_login_starts_the_count_again(make_user):
    make_user(None, username="carol")
    for attempt in range(4):
        login(Client(), "carol", f"guess-{attempt}")
    assert login(Client(), "carol", "pw-for-tests").status_code == 302
    for attempt in range(4):
        assert login(Client(), "carol", f"again-{attempt}").status_code == 200
    assert login(Client(), "carol", "pw-for-tests").status_code == 302


def test_the_limits_come_from_the_settings(make_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=1)
    make_user(None, username="carol")
    assert login(Client(), "carol", "nope").status_code == 200
    locked = login(Client(), "carol", "nope")
    assert locked.status_code == 429
    assert "after 2 wrong passwords" in text(locked) and "Try again in 1 minute." in text(locked)
