"""The lives list and a live's page in French: words, dates, numbers and percentages."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lives_admin.meltingspot import LiveFilters
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
FRENCH = {"accept-language": "fr-FR,fr;q=0.9"}
WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MONTHS = (
    *("janv.", "févr.", "mars", "avr.", "mai", "juin"),
    *("juil.", "août", "sept.", "oct.", "nov.", "déc."),
)


def french_date_time(moment: dt.datetime) -> str:
    local = timezone.localtime(moment, dt.UTC)
    return (
        f"{WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local.year}, "
        f"{local:%H:%M}"
    )


def french_percent(rate: float) -> str:
    shown = str(int(rate)) if float(rate).is_integer() else f"{round(rate, 1)}".replace(".", ",")
    return f"{shown}\xa0%"


@pytest.fixture
def ended_live(sandbox):
    lives = get_client().lives.list(LiveFilters(status="Ended"), page=1, limit=50).items
    return next(live for live in lives if live.metrics.attendance_rate and live.metrics.registrant)


def test_the_lives_list_in_french(ended_live, viewer_client):
    page = viewer_client.get(
        "/lives/", {"title": ended_live.title, "match": "exact"}, headers=FRENCH
    )
    shown, html = text(page), page.content.decode()  # text() folds no-break spaces
    assert french_date_time(ended_live.start_date) in shown
    assert french_percent(ended_live.metrics.attendance_rate) in html
    assert "Terminé" in shown
    assert 'data-label="Présence"' in page.content.decode()
    assert f"Le titre est « {ended_live.title} »" in shown  # the filter's chip
    assert "Les accents comptent" in shown  # the title field says accents count


def test_a_lives_charts_in_french(ended_live, viewer_client):
    page = viewer_client.get(f"/lives/{ended_live.id}/", headers=FRENCH)
    shown, html = text(page), page.content.decode()
    metrics = ended_live.metrics
    registered = round(100 * metrics.registrant / metrics.invited)
    assert f"{registered}\xa0% des invités se sont inscrits" in html
    assert re.search(r"Présents\xa0: \d", html)
    assert "De l’invitation à la présence" in shown
    assert "% of the registrants" not in shown


def test_numbers_in_french_have_no_break_spaces(sandbox, viewer_client):
    sandbox.add_lives(1001, title="Série")
    page = viewer_client.get("/lives/", {"title": "Série"}, headers=FRENCH)
    # The chip and the pagination count lives the French way.
    assert re.search(r"1\xa0001", page.content.decode()) or "1\xa0001" in text(page)


def test_the_filter_bar_is_never_served_in_another_readers_language(sandbox, viewer_client):
    """The bar's HTML is cached by its query: an English reader's copy is not French."""
    viewer_client.get("/lives/?status=Ended")  # cached in English first
    shown = text(viewer_client.get("/lives/?status=Ended", headers=FRENCH))
    assert (
        "Rechercher par titre"
        in viewer_client.get("/lives/?status=Ended", headers=FRENCH).content.decode()
    )
    assert "Les accents comptent" in shown and "Accents count" not in shown
