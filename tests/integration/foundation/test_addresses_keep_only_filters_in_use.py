"""Addresses keep only the filters in use (README): a filter form sends its empty boxes and
its defaults ("contains", 25 per page) too; neither belongs in the address bar or a link."""

import pytest

pytestmark = pytest.mark.django_db
LIVE_ID = "live000"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_participants_filter_pushes_only_the_filters_in_use(viewer_client, sandbox):
    typed = (
        "first_name=&last_name=Garcia&email=&match=contains&replayed=&participated="
        "&status=Accepted&per_page=25"
    )
    response = viewer_client.get(
        f"/lives/{LIVE_ID}/participants/?{typed}",
        **HTMX,
        HTTP_HX_TARGET="participants-results",
        HTTP_HX_TRIGGER="participants-filters",
    )
    assert response.status_code == 200
    # The status tab chosen (not the default "All") is a filter in use; the rest is not.
    assert response["HX-Push-Url"] == f"/lives/{LIVE_ID}/?last_name=Garcia&status=Accepted"


def test_the_participants_filter_keeps_what_differs_from_the_defaults(viewer_client, sandbox):
    typed = "last_name=Garcia&match=eq&per_page=50&page=1"
    response = viewer_client.get(
        f"/lives/{LIVE_ID}/participants/?{typed}",
        **HTMX,
        HTTP_HX_TARGET="participants-results",
        HTTP_HX_TRIGGER="participants-filters",
    )
    assert response["HX-Push-Url"] == f"/lives/{LIVE_ID}/?last_name=Garcia&match=eq&per_page=50"


def test_the_participants_page_without_javascript_lands_on_a_tidy_address(viewer_client, sandbox):
    response = viewer_client.get(
        f"/lives/{LIVE_ID}/participants/?last_name=Garcia&email=&match=contains&per_page=25"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/lives/{LIVE_ID}/participants/?last_name=Garcia"
    page = viewer_client.get(response["Location"]).content.decode()
    assert '<option value="25" selected>' in page  # the size in use, though not in the address


def test_the_lives_list_pushes_only_the_filters_in_use(viewer_client, sandbox):
    typed = "title=Workshop&match=contains&status=&start_from=&start_to=&replay=&per_page=25"
    response = viewer_client.get(f"/lives/?{typed}", **HTMX, HTTP_HX_TARGET="lives-results")
    assert response["HX-Push-Url"] == "/lives/?title=Workshop"


def test_the_audit_log_pushes_only_the_filters_in_use(viewer_client):
    typed = "person=&live=&action=&outcome=ok&date_from=&date_to=&actor=&job="
    response = viewer_client.get(f"/audit/?{typed}", **HTMX, HTTP_HX_TARGET="audit-results")
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/audit/?outcome=ok"
    # Its pages and export carry the same short query.
    assert "person=&amp;" not in response.content.decode()


def test_the_audit_log_without_javascript_lands_on_a_tidy_address(viewer_client):
    response = viewer_client.get("/audit/?person=&live=&action=&outcome=ok&date_from=&job=")
    assert response.status_code == 302
    assert response["Location"] == "/audit/?outcome=ok"


def test_the_lives_list_without_javascript_lands_on_a_tidy_address(viewer_client, sandbox):
    typed = "title=Workshop&match=contains&status=&start_from=&replay=&per_page=25&page=1"
    response = viewer_client.get(f"/lives/?{typed}")
    assert response.status_code == 302
    assert response["Location"] == "/lives/?title=Workshop"
    # A filter it cannot read stays in the address, so its message is shown (not dropped).
    response = viewer_client.get("/lives/?invited_min=abc&status=")
    assert response.status_code == 200
    assert "This filter was ignored." in response.content.decode()
