"""The "Save this view" form (issue 15, item 15): a view that cannot be saved comes back
open with its error beside the name and what was typed, over the same list; a saved one
takes the whole page to the list (its navigation lists the view)."""

import pytest

from lives_admin.models import SavedView
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "save-view"}


def test_a_view_without_a_name_comes_back_open_with_its_error(sandbox, organiser_client):
    response = organiser_client.post("/lives/views/", {"name": "   ", "query": "status=Ended"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<details id="save-view" class="save-view" open>' in html
    assert 'id="view_name_error"' in html and "Give the view a name." in html
    assert 'aria-invalid="true"' in html
    # The same list underneath: its filters and rows, the filter bar showing them.
    assert "Status: Ended" in text(response)
    assert '<option value="Ended" selected>' in html
    assert not SavedView.objects.exists()


def test_htmx_gets_the_form_back_with_its_error_and_what_was_typed(sandbox, organiser_client):
    organiser_client.post("/lives/views/", {"name": "Big ones", "query": "status=Ended"})
    response = organiser_client.post(
        "/lives/views/", {"name": "big ones", "query": "status=Ended"}, **HTMX
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.lstrip().startswith('<details id="save-view" class="save-view" open>')
    assert "You already have a view with this name." in html
    assert 'value="big ones"' in html
    assert 'name="query" value="status=Ended"' in html
    assert SavedView.objects.count() == 1


def test_a_saved_view_takes_the_whole_page_to_its_list(sandbox, organiser_client):
    response = organiser_client.post(
        "/lives/views/", {"name": "Ended", "query": "status=Ended&page=3"}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/lives/?status=Ended"
    assert SavedView.objects.get(name="Ended").query_string == "status=Ended"


def test_a_link_of_the_list_shown_after_an_error_leads_to_the_list(sandbox, organiser_client):
    response = organiser_client.get("/lives/views/?status=Ended&page=2")
    assert response.status_code == 302
    assert response["Location"] == "/lives/?status=Ended&page=2"
