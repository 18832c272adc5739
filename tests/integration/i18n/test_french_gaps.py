"""Gaps an outside tester found using the dashboard in French."""

import csv
import datetime as dt
import io
import re

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
    french_day = r"\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.)"
    assert re.search(french_day + r" \d{4}, \d\d:\d\d</time>", page)  # "Lancée par … le …"
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
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert {row["Statut"] for row in rows} <= {"Invité", "Inscrit", "A décliné"}


def test_the_live_forms_error_summary_has_french_typography(sandbox, organiser_client):
    page = organiser_client.post("/lives/new/", {"title": ""}, headers=FRENCH)
    html = page.content.decode()
    assert "Titre</a>\xa0: Ce champ est obligatoire." in html
    assert "Titre</a>: " not in html


def test_the_invite_preview_says_invalid_addresses_are_ignorees(sandbox, organiser_client):
    from tests.integration.invites.test_wizard import LIVE, preview_url

    form = {"role": "participants", "source": "paste", "with_email_notification": "on"}
    form["pasted"] = "ada@example.org\nnot-an-email\nbob@@example.org\nADA@example.org"
    started = organiser_client.post(f"/lives/{LIVE}/invite/", form, HTTP_ACCEPT_LANGUAGE="fr")
    html = organiser_client.get(preview_url(started), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "ignorées\xa0: voir lesquelles" in html  # 2 invalid addresses
    assert "ignoré\xa0: voir lequel" in html  # 1 duplicate


def test_the_api_key_share_follows_the_count_in_french():
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=mine with percent=0 all=9 window=60 %}"
        "Share of the API key: {{ percent }} % ({{ mine }} of {{ all }} request in the last "
        "{{ window }} s){% plural %}Share of the API key: {{ percent }} % ({{ mine }} of "
        "{{ all }} requests in the last {{ window }} s){% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert "0 requête sur 9" in template.render(Context({"mine": 0}))
        assert "2 requêtes sur 9" in template.render(Context({"mine": 2}))


def test_a_lives_chart_summary_separates_items_the_french_way(sandbox, viewer_client):
    html = viewer_client.get("/lives/live003/", headers=FRENCH).content.decode()
    assert "\u202f; " in html
    assert not re.search(r"\d; ", html.replace("&#x27;", "'"))


def test_the_exports_role_column_is_french(sandbox, viewer_client):
    export = viewer_client.get("/lives/live003/participants/export.csv", headers=FRENCH)
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    roles = {row["Rôle"] for row in csv.DictReader(io.StringIO(body), delimiter=";")}
    assert roles and roles <= {"Participant", "Intervenant", "Hôte"}, roles
    english = viewer_client.get("/lives/live003/participants/export.csv")
    body = b"".join(english.streaming_content).decode("utf-8-sig")
    english_roles = {row["Role"] for row in csv.DictReader(io.StringIO(body))}
    assert english_roles <= {"Participant", "Speaker", "Host"}, english_roles
    assert len(english_roles - {"Participant"}) >= 1  # a role that differs in French
