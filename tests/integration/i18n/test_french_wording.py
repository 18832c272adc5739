"""Wording an outside French-speaking organiser found wrong (English left in, elision,
quotation marks, file names, CSV delimiters)."""

from html import unescape

import pytest
from django.test import Client

from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def test_a_conflict_with_ones_own_other_tab_is_named_in_french(sandbox, organiser):
    from tests.integration.lives.helpers import a_host
    from tests.integration.lives.test_edit_conflicts import opened
    from tests.integration.lives.test_forms import form_data

    tab_a, tab_b = Client(), Client()
    for tab in (tab_a, tab_b):
        tab.force_login(organiser)
    created = tab_a.post("/lives/new/", form_data(q=a_host().email))
    live_id = created["Location"].strip("/").split("/")[-1]
    form_a, form_b = opened(tab_a, live_id), opened(tab_b, live_id)
    form_a.update(title="Atelier café")
    assert tab_a.post(f"/lives/{live_id}/edit/", form_a).status_code == 302
    form_b.update(title="Atelier thé")

    conflict = tab_b.post(f"/lives/{live_id}/edit/", form_b, **FRENCH)

    assert conflict.status_code == 409
    page = text(conflict)
    assert "you, in another tab" not in page
    assert "Enregistré par vous, dans un autre onglet à " in page


def test_a_teammates_invitation_reads_well_in_french_and_counts_them_as_not_yet_active(
    admin_user_client,
):
    from tests.html import text_of

    response = admin_user_client.post(
        "/team/invite/",
        {
            "first_name": "Amélie",
            "last_name": "O'Brien-Durand",
            "username": "amelie",
            "email": "amelie@example.org",
            "role": "organiser",
            "language": "fr",
        },
        **FRENCH,
    )

    page = text(response)
    assert "est invité" not in page and "en tant que" not in page
    assert "Invitation créée pour Amélie O'Brien-Durand, rôle organisateur" in page
    html = unescape(response.content.decode())  # labels and hidden texts too
    assert "de Amélie" not in html  # no elision can be right for every name: none needed
    assert "Rôle attribué à Amélie O'Brien-Durand" in html
    # The admin can log in; Amélie cannot yet.
    assert "1 actif sur 2, 1 invitation en attente" in page
    assert "Invitation en attente" in text_of(response, "#team-member-" + _pk("amelie"))


def test_the_team_count_in_english_says_who_is_still_invited(admin_user_client):
    admin_user_client.post(
        "/team/invite/",
        {"first_name": "Bo", "username": "bo", "email": "bo@example.org", "role": "viewer"},
    )
    assert "1 active of 2, 1 invitation pending" in text(admin_user_client.get("/team/"))


def _pk(username: str) -> str:
    from django.contrib.auth import get_user_model

    return str(get_user_model().objects.get(username=username).pk)
