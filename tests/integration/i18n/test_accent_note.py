"""The title field says accents count only while MeltingSpot answers a title search: once
the dashboard's copy of the lives answers it (accents ignored), the note goes."""

import pytest

from lives_admin.lives import index as lives_index
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
NOTE = "Les accents comptent"


def test_the_note_shows_while_meltingspot_answers_the_search(sandbox, viewer_client):
    page = text(viewer_client.get("/lives/", {"title": "conference"}, **FRENCH))
    assert NOTE in page


def test_the_note_goes_once_the_index_answers_the_search(sandbox, viewer_client):
    lives_index.sync_all(get_client())
    searched = text(viewer_client.get("/lives/", {"title": "conference"}, **FRENCH))
    assert NOTE not in searched
    assert "sans tenir compte des accents ni des majuscules" in searched
    plain = text(viewer_client.get("/lives/", **FRENCH))
    assert NOTE not in plain  # a search typed now would be the index's
