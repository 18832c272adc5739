"""The error pages: styled like the app, saying what to do next; htmx gets a fragment."""

import pytest
from django.test import Client

from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "groups-panel"}
STYLESHEET = "/static/css/app.css"


def test_a_missing_page_is_the_apps_page_with_a_way_back(viewer_client):
    response = viewer_client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert STYLESHEET in html and 'aria-label="Main"' in html
    assert "This page does not exist" in text(response)
    assert 'href="/lives/">Back to the lives</a>' in html


def test_htmx_gets_a_small_fragment_for_a_404_and_a_403(viewer_client):
    missing = viewer_client.get("/jobs/987654/", **HTMX)
    refused = viewer_client.post("/lives/live003/groups/link/", **HTMX)
    for response, status, says in (
        (missing, 404, "This page does not exist"),
        (refused, 403, "This needs the Organiser role."),
    ):
        html = response.content.decode()
        assert response.status_code == status
        assert says in text(response)
        assert "<html" not in html and 'aria-label="Main"' not in html
        assert html.strip().startswith('<div class="empty-state error-page" role="alert">')
        assert response["HX-Reswap"] == "innerHTML"


def test_a_403_page_says_which_role_is_needed(viewer_client):
    response = viewer_client.get("/team/")
    assert response.status_code == 403
    page = text(response)
    assert "This needs the Admin role." in page and "Ask an admin" in page
    assert STYLESHEET in response.content.decode()


def test_a_request_too_large_to_read_is_a_400_page_saying_what_to_do(viewer_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = viewer_client.post("/me/", {f"f{i}": "x" for i in range(50)})
    assert response.status_code == 400
    page = text(response)
    assert "could not read this request" in page and "send less" in page
    assert STYLESHEET in response.content.decode()


def test_the_500_page_needs_nothing_but_the_static_files(settings):
    from django.template import loader

    html = loader.get_template("500.html").render()  # no request, no context
    assert STYLESHEET in html
    assert "Something went wrong on our side" in html and "Nothing you typed is lost" in html
    assert "<script" not in html and "style=" not in html


def test_an_unexpected_failure_answers_with_the_500_page(admin):
    # A real failure below the view: the database table of the audit log is gone.
    from django.db import connection, transaction

    client = Client(raise_request_exception=False)
    client.force_login(admin)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE lives_admin_auditentry RENAME TO lives_admin_auditentry_gone")
    # PostgreSQL aborts the test's transaction on the failed query: back to this point.
    before_the_request = transaction.savepoint()
    try:
        response = client.get("/audit/")
    finally:
        transaction.savepoint_rollback(before_the_request)
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE lives_admin_auditentry_gone RENAME TO lives_admin_auditentry"
            )
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert STYLESHEET in response.content.decode()
