"""Gaps an outside tester found using the dashboard in French."""

import csv
import datetime as dt
import io

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


def test_an_invite_jobs_skipped_lines_are_explained_in_the_readers_language(
    sandbox, organiser_client
):
    from lives_admin.models import InviteJob
    from tests.integration.invites.test_wizard import LIVE, preview_url, report_rows

    french = {"HTTP_ACCEPT_LANGUAGE": "fr"}
    form = {"role": "participants", "source": "paste", "with_email_notification": "on"}
    form["pasted"] = "ada@example.org\nnot-an-email\nADA@example.org"
    started = organiser_client.post(f"/lives/{LIVE}/invite/", form, **french)
    organiser_client.post(preview_url(started), **french)
    job = InviteJob.objects.latest("id")

    page = organiser_client.get(f"/jobs/{job.pk}/", **french).content.decode()
    assert "Invalide\xa0: @ manquant" in page
    assert "Doublon de la ligne 1\xa0: ignoré" in page
    report = organiser_client.get(f"/jobs/{job.pk}/report.csv", **french)
    body = b"".join(report.streaming_content).decode("utf-8-sig")
    assert "Invalide\xa0: @ manquant" in body and "Doublon de la ligne 1\xa0: ignoré" in body
    # The same job read in English says it in English (stored in neither language).
    whys = {row["why"] for row in report_rows(organiser_client, job)}
    assert {"Invalid: missing @", "Duplicate of line 1: skipped"} <= whys


def test_participant_statuses_are_french_in_the_tabs_the_rows_and_the_export(
    sandbox, viewer_client
):
    from tests.html import select, text_of, texts

    live = "live003"  # participants of every status
    page = viewer_client.get(f"/lives/{live}/participants/", headers=FRENCH)
    tabs = " · ".join(texts(page, "nav a"))
    assert all(label in tabs for label in ("Tous", "Invité", "Inscrit", "A décliné")), tabs
    assert "Invited" not in tabs and "Accepted" not in tabs
    panel = viewer_client.get(f"/lives/{live}/participants/", headers=FRENCH)
    badges = {text_of(badge) for badge in select(panel, "td[data-label=Statut] .badge")}
    assert badges and badges <= {"Invité", "Inscrit", "A décliné"}, badges
    export = viewer_client.get(f"/lives/{live}/participants/export.csv", headers=FRENCH)
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {row["Statut"] for row in rows} <= {"Invité", "Inscrit", "A décliné"}
