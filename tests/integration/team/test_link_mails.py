"""Issue 14, item 20: welcome and reset links cannot be mailed without limit. One address
gets at most one such mail a minute and TEAM_LINK_MAILS_PER_DAY a day, counted in the
database so every web process sees the same count; a refused re-send says when the next
one can go and keeps the link sent last working."""

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from lives_admin.models import LinkMail, UserPreference
from lives_admin.team.roles import Role
from tests.integration.lives.helpers import text
from tests.integration.team.links import (
    LINK,
    a_minute_passes,
    link_in,
    link_on,
    page_of,
    time_passes,
)

pytestmark = pytest.mark.django_db
WAIT = re.compile(
    r"A link was emailed to ada@example.org (?P<ago>\d+) seconds? ago: "
    r"the next one can be sent in (?P<wait>\d+) seconds?\."
)


def invite_ada(client):
    return client.post(
        "/team/invite/",
        {"first_name": "Ada", "username": "ada", "email": "Ada@Example.org", "role": "viewer"},
    )


@pytest.fixture
def ada(admin_user_client, django_user_model):
    invite_ada(admin_user_client)
    return django_user_model.objects.get(username="ada")


def test_four_re_sends_in_a_second_send_one_mail(ada, admin_user_client, mailoutbox):
    first = link_in(mailoutbox[0])
    for _ in range(3):
        refused = admin_user_client.post(f"/team/{ada.pk}/link/", follow=True)
        page = text(refused)
        said = WAIT.search(page)
        assert said, page
        # What the two numbers are depends on the machine's speed; they add up to a minute.
        assert 60 <= int(said["ago"]) + int(said["wait"]) <= 61
        assert "The link sent last still works." in page
        assert not LINK.search(refused.content.decode())
    assert len(mailoutbox) == 1
    assert "Set your password" in page_of(first)  # a refused re-send revokes nothing

    a_minute_passes()
    again = admin_user_client.post(f"/team/{ada.pk}/link/")
    assert link_on(again) == link_in(mailoutbox[1]) and len(mailoutbox) == 2


def test_an_address_gets_a_few_mails_a_day_and_is_told_when(
    ada, admin, admin_user_client, mailoutbox, settings
):
    settings.TEAM_LINK_MAILS_PER_DAY = 3
    UserPreference.objects.create(user=admin, timezone="Asia/Tokyo")
    for _ in range(2):
        time_passes(hours=1)
        assert LINK.search(admin_user_client.post(f"/team/{ada.pk}/link/").content.decode())
    time_passes(hours=1)
    first_sent = LinkMail.objects.order_by("sent_at").first().sent_at

    refused = text(admin_user_client.post(f"/team/{ada.pk}/link/", follow=True))

    ready = (first_sent + dt.timedelta(days=1)).astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert "ada@example.org was already emailed 3 links in the last 24 hours" in refused
    assert f"the next one can be sent at {ready:%H:%M}" in refused  # in the reader's timezone
    assert "(in 21 hours)" in refused
    assert len(mailoutbox) == 3

    time_passes(hours=21)
    assert LINK.search(admin_user_client.post(f"/team/{ada.pk}/link/").content.decode())
    assert len(mailoutbox) == 4


def test_reset_links_count_against_the_same_address(admin_user_client, make_user, mailoutbox):
    mia = make_user(Role.VIEWER, username="mia")
    mia.email = "mia@example.org"
    mia.save()
    assert "was emailed to mia@example.org" in text(
        admin_user_client.post(f"/team/{mia.pk}/reset/")
    )
    refused = text(admin_user_client.post(f"/team/{mia.pk}/reset/", follow=True))
    assert "A link was emailed to mia@example.org" in refused
    assert len(mailoutbox) == 1


def test_a_mail_that_could_not_be_sent_does_not_count(ada, admin_user_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    a_minute_passes()
    failed = admin_user_client.post(f"/team/{ada.pk}/link/")
    assert "could not be sent: give them the link yourself" in text(failed)
    retried = admin_user_client.post(f"/team/{ada.pk}/link/")
    assert LINK.search(retried.content.decode()), text(retried)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_count_is_shared_by_every_process(admin_user_client, django_user_model, mailoutbox):
    """Another web process mailed ada a moment ago: this one refuses to mail her again."""
    invite_ada(admin_user_client)
    ada = django_user_model.objects.get(username="ada")
    a_minute_passes()
    database = connection.settings_dict["NAME"]
    url = (
        f"sqlite:///{database}"
        if connection.vendor == "sqlite"
        else os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database
    )
    other_process = (
        "import django; django.setup(); from lives_admin.team import link_mail_limits; "
        "link_mail_limits.reserve('ada@example.org', kind='welcome', user=None)"
    )
    subprocess.run(
        [sys.executable, "-c", other_process],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": url},
        check=True,
        timeout=60,
    )

    refused = text(admin_user_client.post(f"/team/{ada.pk}/link/", follow=True))

    assert "A link was emailed to ada@example.org" in refused and len(mailoutbox) == 1
    recent = LinkMail.objects.filter(sent_at__gt=timezone.now() - dt.timedelta(seconds=30))
    assert recent.count() == 1  # the other process's, and no second one
