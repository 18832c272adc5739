"""Which language a page is in: the saved preference, else Accept-Language, else English;
the switch in every page's header saves the choice."""

import re

import pytest

from lives_admin.models import UserPreference
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
FRENCH_BROWSER = {"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH_BROWSER = {"accept-language": "en-GB,en;q=0.9"}


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_a_french_browser_without_a_preference_gets_french(viewer_client):
    page = viewer_client.get("/me/", headers=FRENCH_BROWSER)
    assert html_lang(page) == "fr"
    assert "Changer de langue" in text(page)
    assert page["Content-Language"] == "fr"


def test_without_a_preference_or_accept_language_the_page_is_english(viewer_client):
    page = viewer_client.get("/me/")
    assert html_lang(page) == "en"
    assert "Change language" in text(page)


def test_the_saved_preference_wins_over_accept_language(viewer, viewer_client):
    UserPreference.objects.create(user=viewer, language="fr")
    page = viewer_client.get("/me/", headers=ENGLISH_BROWSER)
    assert html_lang(page) == "fr"
    assert "Changer de langue" in text(page)
    UserPreference.objects.filter(user=viewer).update(language="en")
    assert html_lang(viewer_client.get("/me/", headers=FRENCH_BROWSER)) == "en"


def test_the_switch_saves_the_choice_and_goes_back_to_the_page(viewer, viewer_client):
    response = viewer_client.post(
        "/language/", {"language": "fr", "next": "/me/"}, headers=ENGLISH_BROWSER
    )
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert UserPreference.objects.get(user=viewer).language == "fr"
    assert viewer_client.cookies["django_language"].value == "fr"  # for the pages before login
    del viewer_client.cookies["django_language"]  # the saved preference alone decides
    page = viewer_client.get("/me/", headers=ENGLISH_BROWSER)
    assert html_lang(page) == "fr"


def test_the_switch_keeps_the_saved_timezone(viewer, viewer_client):
    UserPreference.objects.create(user=viewer, timezone="Asia/Tokyo")
    viewer_client.post("/language/", {"language": "fr", "next": "/me/"})
    saved = UserPreference.objects.get(user=viewer)
    assert (saved.language, saved.timezone) == ("fr", "Asia/Tokyo")


def test_the_switch_is_a_labelled_form_on_every_page_and_works_signed_out(client):
    page = client.get("/login/")
    html = page.content.decode()
    assert 'action="/language/"' in html
    assert '<label class="sr-only" for="language-switch">Language</label>' in html
    assert '<option value="fr" lang="fr">Français</option>' in html
    response = client.post("/language/", {"language": "fr", "next": "/login/"})
    assert response["Location"] == "/login/"
    assert html_lang(client.get("/login/")) == "fr"  # the cookie, before any login


def test_the_switch_never_sends_elsewhere_nor_takes_an_unknown_language(viewer, viewer_client):
    response = viewer_client.post("/language/", {"language": "de", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert not UserPreference.objects.filter(user=viewer, language="de").exists()


def test_the_javascript_catalogue_is_a_script_of_our_own_under_the_csp(viewer_client):
    page = viewer_client.get("/me/", headers=FRENCH_BROWSER)
    html = page.content.decode()
    assert '<script src="/language/catalog.js" defer></script>' in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    catalogue = viewer_client.get("/language/catalog.js", headers=FRENCH_BROWSER)
    assert catalogue.status_code == 200
    assert catalogue["Content-Type"].startswith("text/javascript")
    assert "script-src 'self'" in catalogue["Content-Security-Policy"]
    body = catalogue.content.decode()
    assert "Copier le lien" in body and "interpolate" in body
    assert "unsafe-inline" not in page["Content-Security-Policy"]
