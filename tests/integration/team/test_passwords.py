"""Issue 14, item 21: everyone changes their own password; an admin sends a teammate a
password-reset link (the one-time link of item 6), within the team's rules."""

import re

import pytest
from django.test import Client

from lives_admin.team.roles import Role
from tests.integration.lives.helpers import text
from tests.integration.team.links import (
    DEAD,
    LINK,
    a_minute_passes,
    link_in,
    login_request,
    page_of,
    set_password,
)

pytestmark = pytest.mark.django_db
NEW = "a-brand-new-pass-phrase"


def logs_in(username: str, password: str) -> bool:
    return Client().login(request=login_request(), username=username, password=password)


def change(client, old: str, new: str, again: str | None = None, **headers):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post("/me/password/", data, follow=True, **headers)


def test_preferences_lead_to_a_labelled_password_form(viewer_client):
    assert 'href="/me/password/"' in viewer_client.get("/me/").content.decode()
    html = viewer_client.get("/me/password/").content.decode()
    for field in ("old_password", "new_password1", "new_password2"):
        assert f'<label for="id_{field}">' in html and f'id="id_{field}"' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'aria-current="page"' in html


def test_each_person_changes_their_own_password_and_their_other_sessions_end(viewer):
    here, elsewhere = Client(), Client()
    here.force_login(viewer)
    elsewhere.force_login(viewer)

    done = change(here, "pw-for-tests", NEW)

    assert done.redirect_chain[-1][0] == "/me/"
    assert "Your password is changed. Your other sessions, on other browsers, are logged out." in (
        text(done)
    )
    assert here.get("/me/").status_code == 200  # still logged in here
    assert elsewhere.get("/me/")["Location"].startswith("/login/")
    assert logs_in("viewer-user", NEW) and not logs_in("viewer-user", "pw-for-tests")


@pytest.mark.parametrize(
    ("old", "new", "again", "error"),
    [
        ("wrong", NEW, None, "Your old password was entered incorrectly."),
        ("pw-for-tests", NEW, "another-pass-phrase", "The two password fields didn’t match."),
        ("pw-for-tests", "short1", None, "This password is too short."),
        ("pw-for-tests", "12345678901", None, "This password is entirely numeric."),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(
    viewer, viewer_client, old, new, again, error
):
    response = change(viewer_client, old, new, again)
    assert response.status_code == 200 and error in text(response)
    assert logs_in("viewer-user", "pw-for-tests")


# -- an admin sends a reset link ------------------------------------------------------
@pytest.fixture
def mia(make_user):
    mia = make_user(Role.ORGANISER, username="mia")
    mia.first_name, mia.email = "Mia", "mia@example.org"
    mia.save()
    return mia


def test_an_admin_emails_a_teammate_a_reset_link_that_works_once(
    mia, admin_user_client, mailoutbox
):
    mias_old_session = Client()
    mias_old_session.force_login(mia)

    response = admin_user_client.post(f"/team/{mia.pk}/reset/")

    page = text(response)
    assert "A password-reset link for Mia" in page and "It was emailed to mia@example.org" in page
    assert not LINK.search(response.content.decode())  # emailed: not for the admin's eyes
    (mail,) = mailoutbox
    assert mail.to == ["mia@example.org"] and "pick a new password" in mail.body
    link = link_in(mail)
    mia.refresh_from_db()
    assert mia.check_password("pw-for-tests")  # the old password stands until the link is used

    done = set_password(link, NEW)

    assert done.redirect_chain[-1][0] == "/lives/" and "Your new password is set" in text(done)
    assert logs_in("mia", NEW) and not logs_in("mia", "pw-for-tests")
    assert mias_old_session.get("/lives/new/")["Location"].startswith("/login/")
    assert DEAD in page_of(link)


def test_the_reset_link_shows_on_screen_only_when_it_could_not_be_mailed(
    mia, admin_user_client, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = admin_user_client.post(f"/team/{mia.pk}/reset/")
    assert "could not be sent: give them this link yourself" in text(response)
    assert "Pick a new password" in page_of(LINK.search(response.content.decode()).group(1))


def test_a_new_reset_link_revokes_the_previous_one(mia, admin_user_client, mailoutbox):
    admin_user_client.post(f"/team/{mia.pk}/reset/")
    a_minute_passes()
    admin_user_client.post(f"/team/{mia.pk}/reset/")
    first, second = (link_in(mail) for mail in mailoutbox)
    assert DEAD in page_of(first) and "Pick a new password" in page_of(second)


def test_viewers_and_organisers_cannot_send_reset_links(
    mia, viewer_client, organiser_client, mailoutbox
):
    for client in (viewer_client, organiser_client):
        assert client.post(f"/team/{mia.pk}/reset/").status_code == 403
        assert client.post(f"/team/{mia.pk}/reset/", HTTP_HX_REQUEST="true").status_code == 403
    assert not mailoutbox


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


def test_a_superuser_is_out_of_an_admins_reach_but_not_of_another_superusers(
    root, admin_user_client, django_user_model, mailoutbox
):
    refused = admin_user_client.post(f"/team/{root.pk}/reset/", follow=True)
    assert "root is a superuser: superusers are managed in the Django admin." in text(refused)
    assert not mailoutbox

    boss = Client()
    boss.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "pw"))
    assert "It was emailed to root@example.org" in text(boss.post(f"/team/{root.pk}/reset/"))
    assert mailoutbox[0].to == ["root@example.org"]


def test_reset_links_only_for_active_teammates_with_a_password(
    admin, admin_user_client, mia, django_user_model, mailoutbox
):
    own = admin_user_client.post(f"/team/{admin.pk}/reset/", follow=True)
    assert "Change your own password from Preferences" in text(own)
    admin_user_client.post(
        "/team/invite/",
        {"first_name": "Ada", "username": "ada", "email": "ada@example.org", "role": "viewer"},
    )
    ada = django_user_model.objects.get(username="ada")
    pending = admin_user_client.post(f"/team/{ada.pk}/reset/", follow=True)
    assert "Ada has not set a password yet: send them a new welcome link instead." in text(pending)
    admin_user_client.post(f"/team/{mia.pk}/active/", {"active": "0"})
    gone = admin_user_client.post(f"/team/{mia.pk}/reset/", follow=True)
    assert "Mia is deactivated: reactivate them first." in text(gone)
    assert len(mailoutbox) == 1  # Ada's invitation only


def test_the_team_list_offers_a_reset_where_it_applies(
    admin, admin_user_client, mia, root, django_user_model
):
    admin_user_client.post(
        "/team/invite/",
        {"first_name": "Ada", "username": "ada", "email": "ada@example.org", "role": "viewer"},
    )
    html = admin_user_client.get("/team/").content.decode()

    def row(user) -> str:
        return re.search(rf'<tr id="team-member-{user.pk}".*?</tr>', html, re.S).group(0)

    ada = django_user_model.objects.get(username="ada")
    assert f'action="/team/{mia.pk}/reset/"' in row(mia) and "Reset password" in row(mia)
    assert "/reset/" not in row(ada) and ">New link<" in row(ada)
    assert "/reset/" not in row(root)  # out of an admin's reach
    assert "/reset/" not in row(admin) and 'href="/me/password/"' in row(admin)
