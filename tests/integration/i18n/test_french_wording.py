"""Wording an outside French-speaking organiser found wrong (English left in, elision,
quotation marks, file names, CSV delimiters)."""

import re
from html import unescape

import pytest
from django.test import Client
from django.utils import translation

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


def _download(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8-sig")


def _file_name(response) -> str:
    return response["Content-Disposition"].split('filename="')[1].rstrip('"')


def test_a_french_csv_export_is_semicolon_separated_and_can_be_imported_again(
    sandbox, viewer_client
):
    import csv
    import io

    from lives_admin.invites.parse import read_table

    response, body = _download(viewer_client, "/lives/live003/participants/export.csv", **FRENCH)

    header = next(csv.reader(io.StringIO(body), delimiter=";"))
    assert header[:3] == ["Prénom", "Nom", "E-mail"]
    # The same column title as the spreadsheet's: the times' zone is named.
    assert header[5] == "Invité le (UTC)"
    assert _file_name(response).startswith("participants-")
    table = read_table(body.encode("utf-8-sig"), _file_name(response))
    assert table.headers[:3] == ("Prénom", "Nom", "E-mail")
    assert all("@" in row[2] for row in table.rows)


def test_an_english_csv_export_stays_comma_separated(sandbox, viewer_client):
    _response, body = _download(viewer_client, "/lives/live003/participants/export.csv")
    assert body.splitlines()[0].startswith("First name,Last name,Email,")
    assert "Invited at (UTC)" in body.splitlines()[0]


def test_the_french_audit_log_export_has_a_french_name_and_semicolons(sandbox, admin_user_client):
    response, body = _download(admin_user_client, "/audit/export.csv", **FRENCH)
    assert _file_name(response).startswith("journal-d-audit-")
    assert ";" in body.splitlines()[0] and "," not in body.splitlines()[0]


def test_the_invalid_rows_to_fix_keep_our_reasons_as_written(sandbox, organiser_client):
    from tests.integration.invites.test_wizard import LIVE, preview_url

    form = {"role": "participants", "source": "paste", "with_email_notification": "on"}
    form["pasted"] = "ada@example.org\nnot-an-email"
    started = organiser_client.post(f"/lives/{LIVE}/invite/", form, **FRENCH)
    url = preview_url(started).replace("preview/", "invalid-rows.csv")

    response, body = _download(organiser_client, url, **FRENCH)

    assert _file_name(response) == "lignes-invalides-a-corriger.csv"
    assert body.splitlines()[1] == "2;not-an-email;@ manquant"  # no "'" before our own "@"


def test_insight_downloads_have_short_names_in_the_readers_language(sandbox, organiser_client):
    from django.utils import timezone

    from lives_admin.models import InsightSnapshot, InsightStatus

    snapshot = InsightSnapshot.objects.create(
        label="Every live matching Title contains “prise”",
        status=InsightStatus.DONE,
        taken_at=timezone.now(),
    )
    url = f"/insights/{snapshot.pk}/repeat-attendees.csv"

    french, _ = _download(organiser_client, url, **FRENCH)
    english, _ = _download(organiser_client, url)

    assert re.fullmatch(r"presents-reguliers-\d{8}-\d{4}\.csv", _file_name(french))
    assert re.fullmatch(r"repeat-attendees-\d{8}-\d{4}\.csv", _file_name(english))


def test_the_audit_log_quotes_the_french_way(sandbox, viewer_client):
    from tests.integration.audit.test_log_page import entry

    entry(
        live_id="live003",
        path="/v1/lives/live003",
        live_title="Atelier",
        changes=[{"field": "title", "before": "Atelier", "after": "Atelier café"}],
    )

    page = unescape(viewer_client.get("/audit/?live=live003", **FRENCH).content.decode())

    assert "Titre\xa0: «\xa0Atelier\xa0» → «\xa0Atelier café\xa0»" in page
    assert re.search("Historique de <a [^>]*><bdi>«\xa0Atelier\xa0»</bdi></a>", page)
    assert "“" not in page
    english = text(viewer_client.get("/audit/?live=live003"))
    assert "Title: “Atelier” → “Atelier café”" in english


def test_each_language_is_named_in_its_own_language_everywhere(admin_user_client):
    from tests.html import soup

    page = soup(admin_user_client.get("/team/", **FRENCH).content.decode())

    for select in ("#language-switch", "#id_language"):
        options = page.select(f"{select} option")
        assert [(o.get_text(strip=True), o.get("lang")) for o in options] == [
            ("English", "en"),
            ("Français", "fr"),
        ], select


def test_an_insights_set_of_matching_lives_is_named_in_plain_french():
    import zoneinfo

    from django.http import QueryDict
    from django.utils import translation

    from lives_admin.insights.selection import set_from_post

    post = QueryDict(mutable=True)
    post.update({"filters": "title=prise", "select_across": "1"})
    with translation.override("fr"):
        label = set_from_post(post, zoneinfo.ZoneInfo("UTC")).label
        post["filters"] = "title=prise&status=Ended"
        with_status = set_from_post(post, zoneinfo.ZoneInfo("UTC")).label
    assert label == "Lives dont le titre contient «\xa0prise\xa0»"
    assert with_status.startswith("Lives dont le titre contient «\xa0prise\xa0» (Statut")


def test_repeat_attendees_have_one_name_in_french():
    """The insights page's segment and the live page's figure say the same thing."""
    from django.utils.translation import ngettext

    from lives_admin.i18n import phrases

    with translation.override("fr"):
        segment = str(phrases.REPEAT_ATTENDEES)
        figure = ngettext("repeat attendee", "repeat attendees", 2)
    assert segment == "Présents réguliers"
    assert figure == "présents réguliers"
