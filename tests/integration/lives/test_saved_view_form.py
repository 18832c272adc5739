"""The "Save this view" form (issue 15, item 15): a view that cannot be saved comes back
open with its error beside the name and what was typed, over the same list; a saved one
takes the whole page to the list (its navigation lists the view)."""

import pytest

from lives_admin.models import SavedView
from tests.html import exists, select, soup, text_of, value_of
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "save-view"}


def test_a_view_without_a_name_comes_back_open_with_its_error(sandbox, organiser_client):
    response = organiser_client.post("/lives/views/", {"name": "   ", "query": "status=Ended"})
    assert response.status_code == 400
    html = response.content.decode()
    assert exists(html, "details#save-view.save-view[open]")
    assert text_of(html, "#view_name_error") == "Give the view a name."
    assert exists(html, '#save-view input[name=name][aria-invalid="true"]')
    # The same list underneath: its filters and rows, the filter bar showing them.
    assert "Status: Ended" in text(response)
    assert exists(html, 'option[value="Ended"][selected]')
    assert not SavedView.objects.exists()


def test_htmx_gets_the_form_back_with_its_error_and_what_was_typed(sandbox, organiser_client):
    organiser_client.post("/lives/views/", {"name": "Big ones", "query": "status=Ended"})
    response = organiser_client.post(
        "/lives/views/", {"name": "big ones", "query": "status=Ended"}, **HTMX
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert [tag.get("id") for tag in soup(html).find_all(recursive=False)] == ["save-view"]
    assert exists(html, "details#save-view.save-view[open]")
    assert "You already have a view with this name." in text_of(html)
    assert value_of(html, "#save-view input[name=name]") == "big ones"
    assert value_of(html, "#save-view input[name=query]") == "status=Ended"
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


@pytest.mark.parametrize(
    "name",
    ["\u202eevil.exe\u202c RTL", "Two\nlines", "Zero\u200bwidth", "Para\u2029graph", "Bell\x07"],
)
def test_a_name_with_a_control_or_format_character_comes_back_with_the_reason(
    sandbox, admin_user_client, name
):
    """A direction override would show "exe.live" in everyone's navigation once shared."""
    response = admin_user_client.post(
        "/lives/views/", {"name": name, "query": "status=Ended", "shared": "on"}, **HTMX
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = text_of(html, "#view_name_error")
    assert "invisible character" in error and "U+" in error
    assert not SavedView.objects.exists()


def test_a_name_in_any_script_with_emoji_is_still_saved(sandbox, organiser_client):
    response = organiser_client.post(
        "/lives/views/", {"name": "Événements passés 🎉 عربي", "query": "status=Ended"}, **HTMX
    )
    assert response.status_code == 200
    assert SavedView.objects.get().name == "Événements passés 🎉 عربي"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("title=" + "x" * 300, "Title: Ensure this value has at most 200 characters"),
        ('status=Ended"><script>', "Status: Select a valid choice."),
        ("status=Ended&attendees_min=abc", "Enter a whole number."),
    ],
)
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "page"])
def test_invalid_filters_bring_the_form_back_with_the_reason(
    sandbox, organiser_client, query, reason, htmx
):
    headers = HTMX if htmx else {}
    response = organiser_client.post("/lives/views/", {"name": "Mine", "query": query}, **headers)
    assert response.status_code == 400
    assert "HX-Redirect" not in response
    html = response.content.decode()
    assert exists(html, "details#save-view.save-view[open]")
    assert reason in text_of(html)
    assert not select(html, "#save-view script")
    assert value_of(html, "#save-view input[name=name]") == "Mine"  # what was typed stays
    assert not SavedView.objects.exists()


@pytest.mark.parametrize("query", ["javascript:alert(1)", "utm_source=x&evil=1", ""])
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "page"])
def test_a_view_with_no_valid_filter_is_refused_saying_so(sandbox, organiser_client, query, htmx):
    headers = HTMX if htmx else {}
    response = organiser_client.post("/lives/views/", {"name": "Mine", "query": query}, **headers)
    assert response.status_code == 400
    html = response.content.decode()
    assert exists(html, "details#save-view.save-view[open]")
    assert "This view has no filters" in text_of(html, "#save-view")
    assert not SavedView.objects.exists()


def test_unknown_parameters_are_dropped_from_a_view_that_has_filters(sandbox, organiser_client):
    response = organiser_client.post(
        "/lives/views/",
        {"name": "Ended", "query": "utm_source=mail&status=Ended&javascript:alert(1)"},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/lives/?status=Ended"
    assert SavedView.objects.get().query_string == "status=Ended"
