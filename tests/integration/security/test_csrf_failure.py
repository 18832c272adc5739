"""A form sent without its CSRF token: our own page, under the CSP, saying what to do."""

import pytest
from django.test import Client

from lives_admin.models import SavedView
from tests.integration.lives.helpers import text
from tests.integration.security.conftest import unsafe_markup
from tests.integration.security.test_headers_and_deploy import CSP, policy

pytestmark = pytest.mark.django_db
EXPIRED = (
    "This form has expired Your session changed, or the page was open too long. "
    "Reload the page and send it again."
)


@pytest.fixture
def strict_client(organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    return client


def assert_explained_under_the_csp(response):
    assert response.status_code == 403
    assert EXPIRED in text(response)
    assert policy(response["Content-Security-Policy"]) == policy(CSP)
    assert unsafe_markup(response.content.decode()) == []
    assert not SavedView.objects.exists()


def test_a_form_without_its_token_gets_a_page_that_says_what_to_do(strict_client):
    response = strict_client.post("/lives/views/", {"name": "Mine", "query_string": "q=a"})
    assert_explained_under_the_csp(response)
    assert "<html" in response.content.decode()
    assert "Back button returns to the form" in text(response)


def test_an_htmx_form_without_its_token_gets_the_message_above_the_form(strict_client):
    response = strict_client.post(
        "/lives/views/", {"name": "Mine", "query_string": "q=a"}, HTTP_HX_REQUEST="true"
    )
    assert_explained_under_the_csp(response)
    assert "<html" not in response.content.decode()  # a fragment, not a page in a panel
    # Put above the page, so the form and what was typed in it stay on screen.
    assert response["HX-Retarget"] == "#main" and response["HX-Reswap"] == "afterbegin"
    assert "still in the form below" in text(response)


def test_a_logged_out_login_form_without_its_token_is_explained_too():
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403 and EXPIRED in text(response)
    assert unsafe_markup(response.content.decode()) == []


def test_a_signed_out_form_without_an_origin_gets_a_way_forward(organiser):
    """Found from the outside: a page that sends no referrer (`Origin: null`) posted after a
    logout elsewhere got this page with no link anywhere."""
    from lives_admin.team.roles import Role  # noqa: F401 (the organiser fixture gives the roles)

    client = Client(enforce_csrf_checks=True)
    response = client.post("/team/2/role/", {"role": "viewer"}, HTTP_ORIGIN="null")
    assert response.status_code == 403 and EXPIRED in text(response)
    assert 'href="/team/"' in response.content.decode()
    assert "Open the page again" in text(response)
