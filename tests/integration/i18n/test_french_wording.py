"""Wording an outside French-speaking organiser found wrong (English left in, elision,
quotation marks, file names, CSV delimiters)."""

import pytest
from django.test import Client

from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def test_a_conflict_with_ones_own_other_tab_is_named_in_french(sandbox, organiser):
    from tests.integration.lives.test_edit_conflicts import opened
    from tests.integration.lives.helpers import a_host
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
