"""Gaps an outside tester found using the dashboard in French."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from lives_admin.insights.comparison import Cell
from lives_admin.meltingspot import LiveFilters
from lives_admin.upstream import get_client

pytestmark = pytest.mark.django_db
FRENCH = {"accept-language": "fr-FR,fr;q=0.9"}


def test_a_duplicate_is_titled_copie_in_french(sandbox, organiser_client):
    live = get_client().lives.list(LiveFilters(), page=1, limit=1).items[0]
    form = organiser_client.get(f"/lives/{live.id}/duplicate/", headers=FRENCH)
    html = form.content.decode()
    assert "(copie)" in html
    assert "(copy)" not in html


def test_short_dates_are_written_the_french_way():
    moment = timezone.make_aware(dt.datetime(2026, 12, 8, 0, 22, 5), dt.UTC)
    with translation.override("fr"), timezone.override(dt.UTC):
        shown = Template("{{ m|day_time }}|{{ m|day }}|{{ m|day_time_seconds }}").render(
            Context({"m": moment})
        )
    assert shown == "8 déc. 2026, 00:22|8 déc. 2026|8 déc. 2026, 00:22:05"


def test_best_and_worst_marks_are_french():
    with translation.override("fr"):
        assert (Cell("x", 1, "best").mark_label, Cell("x", 1, "worst").mark_label) == (
            "meilleur",
            "pire",
        )
