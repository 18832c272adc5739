"""A description written on MeltingSpot longer than the form takes still reads as text on
the live's page, shortened with a note, never as raw markup (outside review, A)."""

import pytest

from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
LIVE = "live003"


def paragraphs(*texts) -> list:
    return [{"type": "p", "children": [{"text": t}]} for t in texts]


def description_card(response) -> str:
    page = text(response)
    return page[page.index("Description") : page.index("Description") + 30_000]


@pytest.mark.parametrize("length", [20_000, 20_001])
def test_a_description_around_the_limit_reads_as_text(sandbox, organiser_client, length):
    sandbox.store_description_nodes(LIVE, paragraphs("Hello & welcome", "x" * (length - 17)))
    response = organiser_client.get(f"/lives/{LIVE}/")
    assert response.status_code == 200
    card = description_card(response)
    assert "Hello & welcome" in card
    assert "<p>" not in card and "&amp;" not in card


def test_a_description_over_the_limit_is_shown_in_part_with_a_note(sandbox, organiser_client):
    sandbox.store_description_nodes(LIVE, paragraphs("Hello & welcome", "x" * 19_984))
    response = organiser_client.get(f"/lives/{LIVE}/")
    assert "Shown in part: the first 20,000 of 20,001 characters." in text(response)


def test_a_huge_description_is_not_dumped_on_the_page(sandbox, organiser_client):
    sandbox.store_description_nodes(LIVE, paragraphs("Hello & welcome", "x" * 299_983))
    response = organiser_client.get(f"/lives/{LIVE}/")
    assert response.status_code == 200
    assert "Shown in part: the first 20,000 of 300,000 characters." in text(response)
    assert "x" * 20_001 not in response.content.decode()


def test_the_part_shown_ends_between_paragraphs_not_inside_markup(sandbox, organiser_client):
    """Found by the re-check: a cut inside `**bold [link](https…` showed that Markdown raw."""
    words = "word " * 3_990  # 19,950 characters
    sandbox.store_description_nodes(
        LIVE, paragraphs(words.strip(), "**bold [link](https://example.org/averylongpath) end**")
    )
    response = organiser_client.get(f"/lives/{LIVE}/")
    card = description_card(response)
    assert "**bold" not in card and "[link](" not in card
    assert "Shown in part: the first 19,949 of" in text(response)
