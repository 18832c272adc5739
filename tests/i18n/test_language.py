"""The page's language follows the browser's Accept-Language, else English."""

import pytest

from tests.i18n.catalogue import LOCALE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _compiled_catalogue():
    po_file = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists() and mo_file.stat().st_mtime >= po_file.stat().st_mtime, (
        "The French catalogue is not compiled: `make install` (or manage.py compilemessages)"
    )


def test_a_french_browser_gets_the_page_in_french(client):
    page = client.get("/login/", headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})
    html = page.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Connexion</h1>" in html
    assert "Nom d’utilisateur" in html
    assert "Log in" not in html


def test_without_accept_language_the_page_is_in_english(client):
    html = client.get("/login/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html


def test_a_language_the_dashboard_lacks_falls_back_to_english(client):
    html = client.get("/login/", headers={"accept-language": "de-DE"}).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html


def test_a_signed_in_page_comes_in_french(organiser_client):
    html = organiser_client.get("/audit/", headers={"accept-language": "fr"}).content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Journal d’audit</h1>" in html
    assert ">Se déconnecter</button>" in html
