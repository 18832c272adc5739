"""Create the first account when there is none, with a generated password printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from lives_admin.roles import Role


class Command(BaseCommand):
    help = "Create an admin organiser account with a generated password if no user exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="organiser")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.exists():
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=password)
        # The first account may do everything, including creating the team's accounts.
        user.groups.add(Group.objects.get(name=Role.ADMIN.group_name))
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        self.stdout.write(
            self.style.SUCCESS(
                "\nFirst account created. Log in at http://127.0.0.1:8000/ with\n"
                f"  username: {username}\n  password: {password}\n"
                "This password is shown only once: keep it somewhere safe.\n"
            )
        )
