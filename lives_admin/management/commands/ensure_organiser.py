"""Create the first account when there is none, with a generated password printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from lives_admin.team.roles import Role


def create_first_account(username: str) -> str | None:
    """The generated password of the admin account created, or None when accounts exist."""
    User = get_user_model()
    if User.objects.exists():
        return None
    password = secrets.token_urlsafe(12)
    user = User.objects.create_user(username=username, password=password)
    # The first account may do everything, including creating the team's accounts.
    user.groups.add(Group.objects.get(name=Role.ADMIN.group_name))
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return password


def login_lines(url: str, username: str, password: str) -> str:
    return f"Log in at {url} with\n  username: {username}\n  password: {password}\n"


class Command(BaseCommand):
    help = "Create an admin organiser account with a generated password if no user exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="organiser")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where to log in")

    def handle(self, *args, username, url, **options):
        password = create_first_account(username)
        if password is None:
            return
        self.stdout.write(
            self.style.SUCCESS(
                "\nFirst account created. "
                + login_lines(url, username, password)
                + "This password is not stored anywhere readable: keep it somewhere safe.\n"
            )
        )
