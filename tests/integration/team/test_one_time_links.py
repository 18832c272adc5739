"""Issue 14, item 6: a new link revokes every older one; deactivation ends the person's
sessions and links for good, so reactivating brings none of them back."""

import pytest
from django.test import Client

from tests.integration.lives.helpers import text
from tests.integration.team.links import (
    DEAD,
    a_minute_passes,
    link_on,
    login_request,
    page_of,
    set_password,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/lives/new/"}


@pytest.fixture
def ada(admin_user_client, django_user_model):
    """Invited a moment ago: (the account, the link the admin was shown)."""
    response = admin_user_client.post(
        "/team/invite/",
        {"first_name": "Ada", "username": "ada", "email": "ada@example.org", "role": "organiser"},
    )
    return django_user_model.objects.get(username="ada"), link_on(response)


def new_link(admin_client, member) -> str:
    a_minute_passes()  # re-sends to one address are limited (test_link_mails.py)
    return link_on(admin_client.post(f"/team/{member.pk}/link/"))


def test_a_new_link_revokes_every_older_one(ada, admin_user_client):
    member, first = ada
    second = new_link(admin_user_client, member)
    third = new_link(admin_user_client, member)

    assert DEAD in page_of(first) and DEAD in page_of(second)
    assert "Set your password" in page_of(third)
    # The older link cannot set the password either, even sent straight to the form.
    assert DEAD in text(set_password(first, "a-long-pass-phrase"))
    member.refresh_from_db()
    assert not member.has_usable_password()


def test_a_link_opened_before_a_newer_one_was_made_stops_there_too(ada, admin_user_client):
    member, first = ada
    newcomer = Client()
    form_page = newcomer.get(first, follow=True)  # the form is open, the token in its session
    assert "Set your password" in text(form_page)

    new_link(admin_user_client, member)
    sent = newcomer.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-pass-phrase", "new_password2": "a-long-pass-phrase"},
    )

    assert DEAD in text(sent)
    member.refresh_from_db()
    assert not member.has_usable_password()


def test_a_link_refused_while_deactivated_stays_dead_after_reactivation(ada, admin_user_client):
    member, link = ada
    admin_user_client.post(f"/team/{member.pk}/active/", {"active": "0"})
    assert DEAD in page_of(link)

    back = admin_user_client.post(f"/team/{member.pk}/active/", {"active": "1"}, follow=True)

    assert DEAD in page_of(link)
    assert "Ada is active again: send them a new link." in text(back)
    assert DEAD in text(set_password(link, "a-long-pass-phrase"))
    fresh = new_link(admin_user_client, member)
    done = set_password(fresh, "a-long-pass-phrase")
    assert "Your password is set. Welcome to the team!" in text(done)


@pytest.mark.parametrize(
    "engine",
    [
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.signed_cookies",
    ],
)
def test_deactivation_ends_every_session_for_good(engine, settings, admin, organiser):
    settings.SESSION_ENGINE = engine
    admin_client, old_session, htmx_session = Client(), Client(), Client()
    admin_client.force_login(admin)
    old_session.force_login(organiser)
    htmx_session.force_login(organiser)
    assert old_session.get("/lives/new/").status_code == 200

    admin_client.post(f"/team/{organiser.pk}/active/", {"active": "0"})
    admin_client.post(f"/team/{organiser.pk}/active/", {"active": "1"})

    refused = old_session.get("/lives/new/")
    assert refused.status_code == 302 and refused["Location"].startswith("/login/")
    assert "Your session has ended: log in again." in text(old_session.get(refused["Location"]))
    assert old_session.get("/lives/new/").status_code == 302  # still out, not only once
    htmx = htmx_session.get("/lives/new/", **HTMX)
    assert htmx["HX-Redirect"] == "/login/?next=/lives/new/"
    # Reactivated, their old password no longer works either: they need a new link.
    again = Client()
    assert not again.login(
        request=login_request(), username="organiser-user", password="pw-for-tests"
    )


def test_deactivating_outside_the_team_page_ends_sessions_too(organiser, organiser_client):
    """The Django admin or a shell saves `is_active=False`: the same revocation applies."""
    organiser.is_active = False
    organiser.save()
    organiser.is_active = True
    organiser.save()
    assert organiser_client.get("/lives/new/").status_code == 302


def test_other_changes_to_an_account_leave_its_sessions_alone(
    organiser, organiser_client, admin_user_client
):
    admin_user_client.post(f"/team/{organiser.pk}/role/", {"role": "admin"})
    organiser.first_name = "Olga"
    organiser.save()
    assert organiser_client.get("/team/").status_code == 200
