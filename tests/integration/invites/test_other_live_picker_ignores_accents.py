"""Outside finding: in the invite wizard's "another live's audience" picker, "conference"
did not find "Conférence : l'IA au quotidien" (the API's title filter ignores case, not
accents). With the lives index warm, the picker searches it as the lives list does."""

import pytest

from lives_admin.lives import index as lives_index
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import a_live_next_week

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
TITLE = "Conférence : l'IA au quotidien"


def found(client, query: str) -> str:
    response = client.get("/invites/lives/", {"live_q": query}, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_the_picker_finds_a_title_without_its_accents_when_the_index_is_warm(
    organiser_client, sandbox
):
    live = a_live_next_week(TITLE)
    lives_index.sync_all(get_client())
    assert live.id in found(organiser_client, "conference")
    assert live.id in found(organiser_client, "CONFÉRENCE : L'IA")


def test_a_cold_index_still_finds_what_the_api_finds(organiser_client, sandbox):
    live = a_live_next_week(TITLE)
    assert live.id in found(organiser_client, "conférence")
