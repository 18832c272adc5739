"""Files and mail in the right language: exports and job reports in the reader's, the
team invitation in the one the inviter picked for the recipient."""

import csv
import io

import pytest
from openpyxl import load_workbook

from lives_admin.models import UserPreference

pytestmark = pytest.mark.django_db
FRENCH = {"accept-language": "fr-FR,fr;q=0.9"}
LIVE = "live003"


def download(client, url, **kwargs) -> bytes:
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response)


def test_a_french_csv_export_has_french_headers_and_cells(sandbox, viewer_client):
    body = download(viewer_client, f"/lives/{LIVE}/participants/export.csv", headers=FRENCH)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Prénom", "Nom", "E-mail"]
    assert "Regardé le replay" in rows[0] and "Présent" in rows[0]
    assert {row[-1] for row in rows[1:]} <= {"oui", "non"}


def test_the_english_export_is_unchanged(sandbox, viewer_client):
    body = download(viewer_client, f"/lives/{LIVE}/participants/export.csv")
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[:3] == ["First name", "Last name", "Email"]


def test_a_french_xlsx_export_has_french_headers(sandbox, viewer, viewer_client):
    UserPreference.objects.create(user=viewer, language="fr")
    body = download(viewer_client, f"/lives/{LIVE}/participants/export.xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Prénom", "Nom"]
    assert header[5].startswith("Invité le (")
    assert sheet.title == "Participants"


def invite_ada(client, **extra):
    return client.post(
        "/team/invite/",
        {
            "first_name": "Ada",
            "username": "ada",
            "email": "ada@example.org",
            "role": "viewer",
            **extra,
        },
    )


def test_the_invitation_is_mailed_in_the_language_picked_for_the_recipient(
    admin_user_client, django_user_model, mailoutbox
):
    invite_ada(admin_user_client, language="fr")
    (mail,) = mailoutbox
    assert mail.subject == "Votre compte sur le tableau de bord des lives MeltingSpot"
    ada = django_user_model.objects.get(username="ada")
    assert UserPreference.objects.get(user=ada).language == "fr"  # their dashboard too
    # The admin's own page stays in the admin's language.
    assert "Language of the invitation" in admin_user_client.get("/team/").content.decode()


def test_the_invitation_defaults_to_the_inviters_language(admin, admin_user_client, mailoutbox):
    UserPreference.objects.create(user=admin, language="fr")
    page = admin_user_client.get("/team/").content.decode()
    assert '<option value="fr" lang="fr" selected>' in page  # the form's default: the inviter's
    invite_ada(admin_user_client)  # a form sent without the field: the inviter's too
    assert mailoutbox[0].subject.startswith("Votre compte")


def test_an_english_invitation_from_a_french_admin(admin, admin_user_client, mailoutbox):
    UserPreference.objects.create(user=admin, language="fr")
    invite_ada(admin_user_client, language="en")
    assert mailoutbox[0].subject == "Your account on the MeltingSpot lives dashboard"
