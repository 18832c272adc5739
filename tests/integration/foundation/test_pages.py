"""Login, layout, roles and API trouble on the first page, against the sandbox."""

import re

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_a_proper_login_page(client):
    response = client.get("/lives/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    page = client.get(response["Location"]).content.decode()
    assert '<label for="id_username">Username</label>' in page
    assert '<label for="id_password">Password</label>' in page


def test_a_wrong_password_says_so_and_keeps_the_username(client, make_user):
    make_user(None, username="alice")
    response = client.post("/login/", {"username": "alice", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "enter a correct username and password" in html
    assert 'value="alice"' in html


def test_logging_in_lands_on_the_lives_from_the_sandbox(client, sandbox, make_user):
    user = make_user(None, username="bob")
    user.groups.add(Group.objects.get(name="viewer"))
    response = client.post("/login/", {"username": "bob", "password": "pw-for-tests"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/lives/"
    assert "Sandbox" in html
    assert sandbox.api_key not in html
    rows = html.count("<tr")
    assert rows > 5  # header + the first page of demo lives


def test_a_user_without_a_role_is_refused_politely(client, sandbox, make_user):
    client.force_login(make_user(None, username="norole"))
    response = client.get("/lives/")
    assert response.status_code == 403
    assert "needs the Viewer role" in response.content.decode()


def test_meltingspot_trouble_is_a_page_not_a_500(viewer_client, sandbox):
    sandbox.configure(error_rate=1.0)
    response = viewer_client.get("/lives/")
    assert response.status_code == 503
    assert "MeltingSpot is having trouble" in response.content.decode()


def test_a_refused_key_points_at_the_setting_without_showing_the_key(
    viewer_client, sandbox, settings
):
    from lives_admin.upstream import reset_client

    settings.MELTINGSPOT_API_KEY = "definitely-wrong-key"
    reset_client()
    response = viewer_client.get("/lives/")
    html = response.content.decode()
    assert response.status_code == 502
    assert "MELTINGSPOT_API_KEY" in html
    assert "definitely-wrong-key" not in html


def test_rate_limited_by_meltingspot_says_when_to_retry(viewer_client, sandbox, settings):
    from lives_admin.upstream import reset_client

    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    # The sandbox's limiter lets nothing through in its 30 s windows: no request can fall
    # in the next window, however slowly the test runs.
    sandbox.configure(rate_limit=True, rate_limit_requests=0, rate_limit_window=30)
    response = viewer_client.get("/lives/")
    assert response.status_code == 429
    page = response.content.decode()
    assert "rate limit" in page
    wait = re.search(r"Try again in (\d+) seconds?\.", page)  # "1 second" near the window's end
    assert wait and 1 <= int(wait.group(1)) <= 30  # MeltingSpot's Retry-After
