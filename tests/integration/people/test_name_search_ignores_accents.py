"""Outside finding: the participants' and speakers' filters told accents apart:
`first_name=ines` did not find "Inès", `zoe` not "Zoé" (the API's `[contains]` is
accent-sensitive, docs/api.md). Within a bounded read the dashboard compares the names
itself; beyond it, the panel says the search tells accents apart."""

import re

import pytest

from lives_admin.people import folded_search
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import a_live_next_week, text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
NOTE = "the name search tells accents apart"


@pytest.fixture
def live_with_ines(sandbox):
    live = a_live_next_week("Accents")
    sandbox.register_member("ines.accent@example.org", firstname="Inès", lastname="Müller")
    get_client().participants.invite(live.id, "ines.accent@example.org")
    get_client().speakers.invite(live.id, email="zoe.accent@example.org", first_name="Zoé")
    return live


def emails_shown(response) -> set[str]:
    return set(re.findall(r"[\w.]+\.accent@example\.org", response.content.decode()))


def test_participants_found_without_their_accents_or_case(organiser_client, live_with_ines):
    url = f"/lives/{live_with_ines.id}/participants/"
    for query in ({"first_name": "ines"}, {"first_name": "INES"}, {"last_name": "muller"}):
        response = organiser_client.get(url, query)
        assert emails_shown(response) == {"ines.accent@example.org"}, query
        assert NOTE not in text(response)
    # The tabs' counts say the same.
    tabs = organiser_client.get(f"{url}tabs/", {"first_name": "ines"}, **HTMX)
    assert re.search(r"All\s*<span class=\"tab-count\">1<", tabs.content.decode())
    # And the export has the rows the panel shows.
    export = organiser_client.get(f"{url}export.csv", {"first_name": "ines"})
    assert "ines.accent@example.org" in b"".join(export.streaming_content).decode()


def test_speakers_found_without_their_accents(organiser_client, live_with_ines):
    response = organiser_client.get(f"/lives/{live_with_ines.id}/speakers/", {"first_name": "zoe"})
    assert emails_shown(response) == {"zoe.accent@example.org"}


def test_beyond_the_bounded_read_the_panel_says_accents_count(
    organiser_client, live_with_ines, monkeypatch
):
    monkeypatch.setattr(folded_search, "MAX_PEOPLE", 1)  # this live has 2 people and more
    response = organiser_client.get(
        f"/lives/{live_with_ines.id}/participants/", {"first_name": "ines"}
    )
    assert NOTE in text(response)
    unfiltered = organiser_client.get(f"/lives/{live_with_ines.id}/participants/")
    assert NOTE not in text(unfiltered)
