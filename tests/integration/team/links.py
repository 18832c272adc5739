"""What the team tests share: the link on the page, the mail window, a login request."""

import datetime as dt
import re

from django.db.models import F
from django.test import Client, RequestFactory

from lives_admin.models import LinkMail
from tests.integration.lives.helpers import text

LINK = re.compile(r'value="(http://testserver/team/welcome/[^"]+)"')
MAILED_LINK = re.compile(r"http://testserver/team/welcome/\S+")
DEAD = "This link no longer works"


def link_on(response) -> str:
    return LINK.search(response.content.decode()).group(1)


def link_in(mail) -> str:
    return MAILED_LINK.search(mail.body).group(0)


def time_passes(**delta) -> None:
    """Every link mail already sent moves that far into the past (the limits' window)."""
    LinkMail.objects.update(sent_at=F("sent_at") - dt.timedelta(**delta))


def a_minute_passes() -> None:
    time_passes(seconds=61)


def page_of(link: str, client: Client | None = None) -> str:
    return text((client or Client()).get(link, follow=True))


def set_password(link: str, password: str, client: Client | None = None):
    """Open the link, then send the form it leads to (as a browser does)."""
    client = client or Client()
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def login_request():
    """django-axes throttles by request: `Client.login` must pass one to authenticate()."""
    return RequestFactory().post("/login/")
