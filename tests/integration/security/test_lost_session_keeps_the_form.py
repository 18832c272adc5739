"""Issue 15, item 19: a form sent after the session was lost keeps what was typed through
the login; the login says the change was not saved; after it the form comes back filled,
not sent, to the same browser and the same account only."""

import json
import time

import pytest
from django.test import Client

from lives_admin.team.sessions import LAST_SEEN_KEY
from tests.integration.lives.helpers import api_requests, text

pytestmark = pytest.mark.django_db
KEPT_KEY = "_lives_admin_kept_form"  # lives_admin/web/kept_forms.py
PASSWORD = "pw-for-tests"
NOT_SAVED = (
    "You were signed out: your change to the new live was not saved yet. Sign in and it "
    "will be back in the form, ready to send again."
)
LIVE = "live003"
LIVE_FIELDS = {"title": "Kept through the login", "description": "Typed before", "q": ""}


def log_in(client: Client, user, next_url: str):
    return client.post(
        f"/login/?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
        follow=True,
    )


def kept_form(response) -> dict | None:
    page = response.content.decode()
    marker = '<script id="kept-form" type="application/json">'
    if marker not in page:
        return None
    return json.loads(page.split(marker, 1)[1].split("</script>", 1)[0])


@pytest.fixture
def signed_out(organiser, sandbox):
    """A browser whose account logged out in another tab (same cookies)."""
    client = Client()
    client.force_login(organiser)
    client.get("/lives/new/")
    client.post("/logout/")
    return client


def test_a_plain_form_sent_after_a_logout_elsewhere_comes_back_after_the_login(
    signed_out, organiser, sandbox
):
    refused = signed_out.post(
        "/lives/new/", {**LIVE_FIELDS, "csrfmiddlewaretoken": "x", "submit_token": "t"}
    )

    assert refused.status_code == 302 and refused["Location"] == "/login/?next=/lives/new/"
    login = signed_out.get(refused["Location"])
    assert NOT_SAVED in text(login)
    back = log_in(signed_out, organiser, "/lives/new/")
    kept = kept_form(back)
    assert kept["action"] == "/lives/new/"
    assert ["title", "Kept through the login"] in kept["fields"]
    names = {name for name, _ in kept["fields"]}
    assert not names & {"csrfmiddlewaretoken", "submit_token", "password"}
    assert api_requests(sandbox, "POST") == []  # nothing sent to MeltingSpot
    assert kept_form(signed_out.get("/lives/new/")) is None  # given back once


def test_an_htmx_form_goes_to_the_login_and_back_to_its_page_filled(signed_out, organiser):
    refused = signed_out.post(
        "/lives/live003/participants/invite/",
        {"q": "someone@example.com", "with_email_notification": "on"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/lives/live003/",
    )

    assert refused["HX-Redirect"] == "/login/?next=/lives/live003/"
    assert "your change to the person to invite was not saved yet" in text(
        signed_out.get(refused["HX-Redirect"])
    )
    kept = kept_form(log_in(signed_out, organiser, "/lives/live003/"))
    assert kept["action"] == "/lives/live003/participants/invite/"
    assert ["q", "someone@example.com"] in kept["fields"]


def test_another_account_signing_in_on_that_browser_gets_nothing(signed_out, make_user):
    from lives_admin.team.roles import Role

    someone_else = make_user(Role.ORGANISER, username="someone-else")
    signed_out.post("/lives/new/", LIVE_FIELDS)

    assert kept_form(log_in(signed_out, someone_else, "/lives/new/")) is None
    assert KEPT_KEY not in signed_out.session


def test_kept_fields_expire(signed_out, organiser):
    signed_out.post("/lives/new/", LIVE_FIELDS)
    session = signed_out.session
    session[KEPT_KEY]["until"] = int(time.time()) - 1
    session.save()

    assert kept_form(log_in(signed_out, organiser, "/lives/new/")) is None


def test_an_idle_session_keeps_the_form_too(organiser, sandbox, settings):
    settings.SESSION_IDLE_TIMEOUT = 3600
    client = Client()
    client.force_login(organiser)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 3700
    session.save()

    refused = client.post("/lives/new/", LIVE_FIELDS)

    assert refused["Location"] == "/login/?next=/lives/new/"
    assert NOT_SAVED in text(client.get(refused["Location"]))
    assert ["title", "Kept through the login"] in kept_form(
        log_in(client, organiser, "/lives/new/")
    )["fields"]


def test_a_stale_token_from_a_signed_out_tab_gets_the_login_not_a_403(organiser, sandbox):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    client.post("/logout/", {"csrfmiddlewaretoken": "stale"})  # refused: log out for real
    client.logout()
    session = client.session
    session["_lives_admin_last_account"] = organiser.pk
    session.save()

    refused = client.post(
        "/lives/new/",
        {**LIVE_FIELDS, "csrfmiddlewaretoken": "stale"},
        HTTP_ORIGIN="http://testserver",
    )

    assert refused.status_code == 302 and refused["Location"] == "/login/?next=/lives/new/"
    assert NOT_SAVED in text(client.get(refused["Location"]))


def test_a_post_from_another_site_is_not_kept(organiser, sandbox):
    client = Client(enforce_csrf_checks=True)
    session = client.session
    session["_lives_admin_last_account"] = organiser.pk
    session.save()

    refused = client.post("/lives/new/", LIVE_FIELDS, HTTP_ORIGIN="https://evil.example")

    assert refused.status_code == 403
    assert KEPT_KEY not in client.session


def test_log_out_from_a_tab_already_signed_out_is_no_change_to_speak_of(signed_out):
    refused = signed_out.post("/logout/", HTTP_REFERER="http://testserver/lives/")

    assert refused.status_code == 302 and refused["Location"].startswith("/login/")
    assert "was not saved" not in text(signed_out.get(refused["Location"]))
    assert KEPT_KEY not in signed_out.session


def test_a_file_is_never_kept_only_that_there_was_one(signed_out, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("people.csv", b"secret@example.org\n", content_type="text/csv")
    signed_out.post(
        f"/lives/{LIVE}/invite/",
        {"role": "participants", "source": "upload", "upload": upload},
        HTTP_REFERER=f"http://testserver/lives/{LIVE}/invite/",
    )

    kept = kept_form(log_in(signed_out, organiser, f"/lives/{LIVE}/invite/"))
    assert kept["had_file"] is True and ["source", "upload"] in kept["fields"]
    assert "secret@example.org" not in str(kept)


def test_the_password_form_does_not_promise_passwords_back(signed_out, organiser):
    """Every field of the password form is a password: nothing is kept, and the login
    says so, naming the page, rather than promising a refill."""
    refused = signed_out.post(
        "/me/password/",
        {"old_password": PASSWORD, "new_password1": "n3w-Secret!", "new_password2": "n3w-Secret!"},
        HTTP_REFERER="http://testserver/me/password/",
    )

    assert refused["Location"] == "/login/?next=/me/password/"
    login = text(signed_out.get(refused["Location"]))
    assert "your change to your password was not saved" in login
    assert "Passwords are never kept" in login
    assert "back in the form" not in login
    assert KEPT_KEY not in signed_out.session


def test_typing_in_a_live_search_after_a_logout_comes_back_after_the_login(
    signed_out, organiser, sandbox
):
    """An htmx GET fired while typing (the member search of "Invite one person"): the
    value of the element that fired it is kept for its page, with the same note."""
    refused = signed_out.get(
        "/members/search/",
        {"field": "spot_member_id", "q": "typed.then.lost@example.org"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/lives/{LIVE}/",
        HTTP_HX_TRIGGER=f"invite-member-{LIVE}",
        HTTP_HX_TRIGGER_NAME="q",
    )

    assert refused["HX-Redirect"] == f"/login/?next=/lives/{LIVE}/"
    login = text(signed_out.get(refused["HX-Redirect"]))
    assert "what you were typing" in login and "was not sent" in login
    kept = kept_form(log_in(signed_out, organiser, f"/lives/{LIVE}/"))
    assert kept["trigger"] == f"invite-member-{LIVE}"
    assert ["q", "typed.then.lost@example.org"] in kept["fields"]
    assert "typed.then.lost" not in str(api_requests(sandbox))  # nothing searched, sent


def test_an_htmx_load_from_a_signed_out_page_is_no_typing_to_speak_of(signed_out):
    """A panel loading by itself (no named element fired it) has nothing typed."""
    refused = signed_out.get(
        f"/lives/{LIVE}/participants/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/lives/{LIVE}/",
        HTTP_HX_TRIGGER="participants-tabs",
    )

    assert refused["HX-Redirect"] == f"/login/?next=/lives/{LIVE}/"
    assert "not sent" not in text(signed_out.get(refused["HX-Redirect"]))
    assert KEPT_KEY not in signed_out.session


def test_a_post_only_address_without_referer_leads_back_to_its_page_not_a_405(
    admin, make_user, sandbox
):
    """A plain form (no JavaScript, no Referer) sent to an address that only takes POSTs:
    after the login, the page that shows the form, filled, never the 405 page."""
    from lives_admin.team.roles import Role

    teammate = make_user(Role.VIEWER, username="teammate")
    client = Client()
    client.force_login(admin)
    client.get("/team/")
    client.post("/logout/")

    refused = client.post(f"/team/{teammate.pk}/role/", {"role": "organiser"})

    assert refused["Location"] == "/login/?next=/team/"
    assert "your change to the team was not saved yet" in text(client.get(refused["Location"]))
    back = log_in(client, admin, "/team/")
    assert back.status_code == 200 and back.redirect_chain[-1][0] == "/team/"
    kept = kept_form(back)
    assert kept["action"] == f"/team/{teammate.pk}/role/"
    assert ["role", "organiser"] in kept["fields"]


def test_a_post_only_address_of_the_lives_list_leads_back_to_the_list(signed_out, organiser):
    refused = signed_out.post("/lives/bulk/", {"action": "delete", "live_ids": [LIVE]})

    assert refused["Location"] == "/login/?next=/lives/"
    back = log_in(signed_out, organiser, "/lives/")
    assert back.status_code == 200 and back.redirect_chain[-1][0] == "/lives/"


@pytest.mark.parametrize(
    "address",
    [
        "/team/{member}/role/",
        "/team/{member}/active/",
        "/team/{member}/reset/",
        f"/lives/{LIVE}/groups/link/",
        f"/lives/{LIVE}/participants/invite/",
        "/lives/bulk/",
        "/insights/new/",
    ],
)
def test_every_address_that_only_takes_a_form_has_a_page_to_come_back_to(
    address, admin, admin_user_client, sandbox
):
    """Guard: which addresses only take POSTs is read from their views' decorators
    (require_POST…); should that stop working, a login would lead to a 405 again."""
    from lives_admin.web.kept_forms import page_of

    path = address.format(member=admin.pk)
    assert admin_user_client.get(path).status_code == 405
    page = page_of(path)

    assert page != path
    assert admin_user_client.get(page).status_code == 200


def test_a_french_browser_is_told_in_french_what_was_not_saved(signed_out):
    refused = signed_out.post(
        "/lives/new/",
        {**LIVE_FIELDS, "csrfmiddlewaretoken": "x", "submit_token": "t"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    login = signed_out.get(refused["Location"], HTTP_ACCEPT_LANGUAGE="fr")
    assert (
        "Votre session a pris fin : votre modification (le nouveau live) n’a pas encore "
        "été enregistrée. Connectez-vous et elle réapparaîtra dans le formulaire, prête à "
        "être renvoyée."
    ) in text(login)
