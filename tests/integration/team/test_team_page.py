"""The Team page: who is on the team, inviting, roles, deactivation, and its safety rules."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.db.models import F
from django.test import Client, RequestFactory

from lives_admin import team
from lives_admin.models import LinkMail, UserPreference
from lives_admin.team.roles import Role, role_of
from tests.html import exists, one, soup, text_of
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "team-page"}
LINK = re.compile(r'value="(http://testserver/team/welcome/[^"]+)"')


def a_minute_passes():
    """The link mails already sent move a minute and a second into the past."""
    LinkMail.objects.update(sent_at=F("sent_at") - dt.timedelta(seconds=61))


def login_request():
    """django-axes throttles by request: `Client.login` must pass one to authenticate()."""
    return RequestFactory().post("/login/")


def role_groups_of(user) -> set[str]:
    names = {role.group_name for role in Role}
    return set(user.groups.filter(name__in=names).values_list("name", flat=True))


def invite(client, **changes):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "username": "ada",
        "email": "ada@example.org",
        "role": "organiser",
    }
    data.update(changes)
    return client.post("/team/invite/", data)


def test_the_list_shows_each_teammate_in_the_readers_timezone(admin, admin_user_client, make_user):
    mia = make_user(Role.ORGANISER, username="mia")
    mia.first_name, mia.last_name, mia.email = "Mia", "Wong", "mia@example.org"
    mia.last_login = dt.datetime(2030, 1, 1, 0, 30, tzinfo=dt.UTC)
    mia.save()
    gone = make_user(Role.VIEWER, username="gone")
    gone.is_active = False
    gone.save()
    UserPreference.objects.create(user=admin, timezone="Asia/Tokyo")

    page = text(admin_user_client.get("/team/"))

    assert "Mia Wong mia mia@example.org" in page
    assert "1 Jan 2030, 09:30" in page  # 00:30 UTC read in Tokyo
    assert "2 active of 3" in page
    assert re.search(r"gone .*Deactivated .*Never", page)
    assert "admin-user (you)" in page and "Another admin can change your role." in page


def test_only_admins_see_the_team_link_and_page(viewer_client, organiser_client, admin_user_client):
    assert exists(admin_user_client.get("/jobs/"), 'a[href="/team/"]')
    for client in (viewer_client, organiser_client):
        assert not exists(client.get("/jobs/"), 'a[href="/team/"]')
        assert client.get("/team/").status_code == 403
        assert client.post("/team/invite/", {"username": "x"}).status_code == 403
    assert not Group.objects.get(name="viewer").user_set.filter(username="x").exists()


def test_invite_creates_an_account_with_one_role_and_a_link_sent_both_ways(
    admin_user_client, django_user_model, mailoutbox
):
    response = invite(admin_user_client)

    assert response.status_code == 200
    ada = django_user_model.objects.get(username="ada")
    assert ada.is_active and not ada.has_usable_password()
    assert (ada.email, ada.get_full_name()) == ("ada@example.org", "Ada Lovelace")
    assert role_groups_of(ada) == {"organiser"}
    page = text(response)
    assert "Ada Lovelace is invited as organiser" in page
    assert "It was also emailed to ada@example.org" in page
    link = LINK.search(response.content.decode()).group(1)
    (mail,) = mailoutbox
    assert mail.to == ["ada@example.org"] and link in mail.body and "username is: ada" in mail.body


def test_the_link_sets_the_password_once_and_logs_the_teammate_in(
    admin_user_client, django_user_model
):
    link = LINK.search(invite(admin_user_client).content.decode()).group(1)
    newcomer = Client()

    form_page = newcomer.get(link, follow=True)
    assert "Set your password" in text(form_page) and "Your username is ada" in text(form_page)
    set_password_url = form_page.redirect_chain[-1][0]
    too_short = newcomer.post(set_password_url, {"new_password1": "a1", "new_password2": "a1"})
    assert too_short.status_code == 200 and "too short" in text(too_short)

    done = newcomer.post(
        set_password_url,
        {"new_password1": "a-long-pass-phrase", "new_password2": "a-long-pass-phrase"},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/lives/"
    assert "Your password is set. Welcome to the team!" in text(done)
    assert django_user_model.objects.get(username="ada").check_password("a-long-pass-phrase")
    assert "This link no longer works" in text(Client().get(link, follow=True))
    assert Client().login(request=login_request(), username="ada", password="a-long-pass-phrase")


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"username": "ADMIN-user"}, "The username “admin-user” is already taken"),
        ({"email": "Taken@Example.org"}, "Taken@Example.org already belongs to the account “t”"),
        ({"email": "ada.example.org"}, "This is not an email address: check it for a typo"),
        ({"username": "ada lovelace"}, "Enter a valid username"),
        ({"username": ""}, "Pick the username they will log in with."),
        ({"first_name": ""}, "This field is required."),
        ({"role": "owner"}, "Select a valid choice."),
    ],
)
def test_invalid_invitations_say_why_next_to_the_field_and_keep_what_was_typed(
    changes, field_error, admin_user_client, make_user, django_user_model, mailoutbox
):
    taken = make_user(Role.VIEWER, username="t")
    taken.email = "taken@example.org"
    taken.save()
    before = django_user_model.objects.count()

    response = invite(admin_user_client, **changes)

    assert response.status_code == 200
    html = response.content.decode()
    assert field_error in text(response)
    assert exists(html, ".has-error .errorlist")
    assert exists(html, 'input[value="Lovelace"]')  # nothing typed is lost
    assert django_user_model.objects.count() == before and not mailoutbox


def test_an_htmx_invitation_answers_with_the_region_only(admin_user_client):
    response = admin_user_client.post(
        "/team/invite/",
        {"first_name": "Bo", "username": "bo", "email": "bo@example.org", "role": "viewer"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert [tag.get("id") for tag in soup(html).find_all(recursive=False)] == ["team-page"]
    assert LINK.search(html)
    assert "Bo is invited as viewer" in text(response)


def test_a_failing_mail_server_still_shows_the_link(admin_user_client, settings, django_user_model):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    response = invite(admin_user_client)

    assert LINK.search(response.content.decode())
    assert "The email to ada@example.org could not be sent: give them the link yourself" in text(
        response
    )
    assert django_user_model.objects.filter(username="ada").exists()


def test_change_role_leaves_exactly_one_role_group(admin_user_client, make_user):
    mia = make_user(Role.VIEWER, username="mia")
    mia.groups.add(Group.objects.get(name="organiser"), Group.objects.create(name="newsletter"))

    response = admin_user_client.post(f"/team/{mia.pk}/role/", {"role": "admin"}, follow=True)

    assert "mia is now an admin." in text(response)
    assert role_groups_of(mia) == {"admin"}
    assert mia.groups.filter(name="newsletter").exists()  # other groups are not ours to touch
    again = admin_user_client.post(f"/team/{mia.pk}/role/", {"role": "admin"}, follow=True)
    assert "mia already had this role: nothing changed." in text(again)


def test_change_role_through_htmx_refreshes_the_region_with_its_message(
    admin_user_client, make_user
):
    mia = make_user(Role.ADMIN, username="mia")
    response = admin_user_client.post(f"/team/{mia.pk}/role/", {"role": "viewer"}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert "mia is now a viewer." in text(response)
    assert role_of(type(mia).objects.get(pk=mia.pk)) == Role.VIEWER


def test_a_bad_role_is_refused_with_a_message(admin_user_client, make_user):
    mia = make_user(Role.VIEWER, username="mia")
    response = admin_user_client.post(f"/team/{mia.pk}/role/", {"role": "owner"}, follow=True)
    assert "Pick one of the roles: viewer, organiser or admin." in text(response)
    assert role_groups_of(mia) == {"viewer"}
    assert admin_user_client.post("/team/999999/role/", {"role": "admin"}).status_code == 404


def test_an_admin_cannot_demote_or_deactivate_themselves(admin, admin_user_client):
    demoted = admin_user_client.post(f"/team/{admin.pk}/role/", {"role": "viewer"}, follow=True)
    assert "You cannot change your own role: ask another admin to do it." in text(demoted)
    gone = admin_user_client.post(f"/team/{admin.pk}/active/", {"active": "0"}, **HTMX)
    assert "You cannot deactivate your own account: ask another admin to do it." in text(gone)
    admin.refresh_from_db()
    assert admin.is_active and role_groups_of(admin) == {"admin"}


def test_the_last_active_admin_cannot_be_removed(admin, make_user):
    # Another admin, B, demoted `admin` at the same moment `admin` acts on B: whoever
    # comes second finds B is the last admin, and the team keeps one.
    other = make_user(Role.ADMIN, username="b-admin")
    team.change_role(actor=other, member=admin, role=Role.ORGANISER)
    for attempt in (
        lambda: team.change_role(actor=admin, member=other, role=Role.VIEWER),
        lambda: team.set_active(actor=admin, member=other, active=False),
    ):
        with pytest.raises(team.TeamRuleError, match="b-admin is the last active admin"):
            attempt()
    other.refresh_from_db()
    assert other.is_active and role_groups_of(other) == {"admin"}


def test_a_superusers_role_is_changed_in_the_django_admin(admin_user_client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    response = admin_user_client.post(f"/team/{root.pk}/role/", {"role": "viewer"}, follow=True)
    assert "root is a superuser and holds every role" in text(response)
    assert not role_groups_of(root)


def test_deactivating_ends_their_sessions_and_password_so_reactivating_needs_a_link(
    admin_user_client, organiser, organiser_client
):
    assert organiser_client.get("/lives/new/").status_code == 200
    response = admin_user_client.post(f"/team/{organiser.pk}/active/", {"active": "0"}, follow=True)
    assert "organiser-user is deactivated: they can no longer log in." in text(response)
    assert re.search(r"organiser-user .*Deactivated", text(response))
    refused = organiser_client.get("/lives/new/")
    assert refused.status_code == 302 and refused["Location"].startswith("/login/")
    assert not Client().login(
        request=login_request(), username="organiser-user", password="pw-for-tests"
    )

    back = admin_user_client.post(f"/team/{organiser.pk}/active/", {"active": "1"}, follow=True)
    # As the README says: reactivation brings nothing back, the old password included.
    assert "organiser-user is active again: send them a new link." in text(back)
    assert not Client().login(
        request=login_request(), username="organiser-user", password="pw-for-tests"
    )


def test_deactivation_outside_the_team_page_ends_the_password_too(organiser):
    organiser.is_active = False
    organiser.save()  # the Django admin or a shell
    organiser.is_active = True
    organiser.save()
    organiser.refresh_from_db()
    assert not organiser.has_usable_password()
    assert not Client().login(
        request=login_request(), username="organiser-user", password="pw-for-tests"
    )


@pytest.mark.parametrize("sent", [{}, {"active": ""}, {"active": "yes"}])
def test_an_active_switch_without_a_value_changes_nobody(admin_user_client, organiser, sent):
    response = admin_user_client.post(f"/team/{organiser.pk}/active/", sent, **HTMX)
    assert response.status_code == 400
    assert "Choose whether to activate or deactivate" in text(response)
    organiser.refresh_from_db()
    assert organiser.is_active and organiser.has_usable_password()


def test_a_new_link_for_someone_who_lost_theirs_replaces_it(
    admin_user_client, django_user_model, mailoutbox
):
    first = LINK.search(invite(admin_user_client).content.decode()).group(1)
    ada = django_user_model.objects.get(username="ada")
    a_minute_passes()  # one mail a minute per address (test_link_mails.py)

    again = admin_user_client.post(f"/team/{ada.pk}/link/")

    second = LINK.search(again.content.decode()).group(1)
    assert len(mailoutbox) == 2 and second in mailoutbox[1].body
    assert "This link no longer works" in text(Client().get(first, follow=True))
    assert "Set your password" in text(Client().get(second, follow=True))


def test_no_new_link_for_someone_who_has_a_password(admin_user_client, organiser):
    has_one = admin_user_client.post(f"/team/{organiser.pk}/link/", follow=True)
    assert "organiser-user has already set a password: they can log in with it." in text(has_one)
    assert not LINK.search(has_one.content.decode())


def test_a_deactivated_persons_link_no_longer_works(admin_user_client, django_user_model):
    link = LINK.search(invite(admin_user_client).content.decode()).group(1)
    ada = django_user_model.objects.get(username="ada")
    admin_user_client.post(f"/team/{ada.pk}/active/", {"active": "0"})
    assert "This link no longer works" in text(Client().get(link, follow=True))
    refused = admin_user_client.post(f"/team/{ada.pk}/link/", follow=True)
    assert "Ada Lovelace is deactivated: reactivate them first." in text(refused)


def test_team_forms_need_the_csrf_token(admin, make_user):
    mia = make_user(Role.VIEWER, username="mia")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    assert 'name="csrfmiddlewaretoken"' in strict.get("/team/").content.decode()
    assert strict.post(f"/team/{mia.pk}/role/", {"role": "admin"}).status_code == 403
    assert strict.post("/team/invite/", {"username": "z"}).status_code == 403
    assert role_groups_of(mia) == {"viewer"}


def test_the_django_admin_stays_available_to_superusers(admin_user_client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    superuser = Client()
    superuser.force_login(root)
    assert superuser.get("/django-admin/").status_code == 200
    assert superuser.get("/django-admin/auth/user/").status_code == 200
    assert exists(superuser.get("/team/"), 'a[href="/django-admin/"]')
    # An admin of the dashboard who is not staff is sent to the admin's own login.
    assert admin_user_client.get("/django-admin/").status_code == 302
    assert not exists(admin_user_client.get("/team/"), 'a[href="/django-admin/"]')


@pytest.fixture
def pending_root(django_user_model):
    """A superuser who has not set a password yet: the account a new link would take over."""
    root = django_user_model.objects.create_superuser("root", "root@example.org")
    assert not root.has_usable_password()
    return root


def test_an_admin_cannot_deactivate_a_superuser_or_get_their_link(admin_user_client, pending_root):
    for path, data in (
        (f"/team/{pending_root.pk}/active/", {"active": "0"}),
        (f"/team/{pending_root.pk}/link/", {}),
    ):
        for headers in ({}, HTMX):
            response = admin_user_client.post(path, data, follow=True, **headers)
            page = text(response)
            assert "root is a superuser: superusers are managed in the Django admin." in page
            assert not LINK.search(response.content.decode())
    pending_root.refresh_from_db()
    assert pending_root.is_active and not pending_root.has_usable_password()


def test_a_superusers_row_offers_an_admin_no_action(admin_user_client, pending_root):
    html = admin_user_client.get("/team/").content.decode()
    row = one(html, f"tr#team-member-{pending_root.pk}")
    assert not row.select("form, button")
    assert "Superusers are managed in the Django admin." in text_of(row)


def test_a_superuser_still_manages_another_superuser(django_user_model, pending_root):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    superuser = Client()
    superuser.force_login(boss)
    html = superuser.get("/team/").content.decode()
    row = one(html, f"tr#team-member-{pending_root.pk}")
    buttons = [button.find(string=True, recursive=False) for button in row.select("button")]
    assert {"New link", "Deactivate"} <= set(buttons)  # each button's text, its sr-only part aside

    assert LINK.search(superuser.post(f"/team/{pending_root.pk}/link/").content.decode())
    gone = superuser.post(f"/team/{pending_root.pk}/active/", {"active": "0"}, follow=True)
    assert "root is deactivated: they can no longer log in." in text(gone)
    pending_root.refresh_from_db()
    assert not pending_root.is_active
