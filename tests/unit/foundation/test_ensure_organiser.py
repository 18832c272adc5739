import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from lives_admin.team.roles import Role, role_of

pytestmark = pytest.mark.django_db


def test_first_account_gets_a_generated_password_printed_once(capsys):
    call_command("ensure_organiser")
    first = capsys.readouterr().out
    user = get_user_model().objects.get()
    password = first.split("password: ")[1].split()[0]
    assert len(password) >= 16
    assert user.check_password(password)
    assert role_of(user) is Role.ADMIN

    call_command("ensure_organiser")
    assert capsys.readouterr().out == ""
    assert get_user_model().objects.count() == 1


def test_two_fresh_installs_never_share_a_password(capsys):
    call_command("ensure_organiser")
    one = capsys.readouterr().out.split("password: ")[1].split()[0]
    get_user_model().objects.all().delete()
    call_command("ensure_organiser")
    two = capsys.readouterr().out.split("password: ")[1].split()[0]
    assert one != two
