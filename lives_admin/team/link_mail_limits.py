"""How often one address may be mailed a one-time link (welcome or password reset).

At most one mail per `TEAM_LINK_MAIL_INTERVAL` seconds and `TEAM_LINK_MAILS_PER_DAY` per
sliding 24 hours, per address. The count lives in the database (`LinkMail`), so it holds
across web processes and machines; callers reserve inside the transaction that locks the
person's row, so two admins clicking at once cannot both get through.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.utils import timezone

from lives_admin.models import LinkMail

DAY = dt.timedelta(days=1)


class TooManyLinkMails(Exception):
    """Refused: the message says when the next mail may go, in the reader's timezone."""


def _in_words(delta: dt.timedelta) -> str:
    seconds = max(1, math.ceil(delta.total_seconds()))
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    day = "" if local.date() == today else f" on {local.day} {local:%b}"
    return f"at {local:%H:%M}{day}"


def reserve(address: str, *, kind: str, user, now: dt.datetime | None = None) -> LinkMail:
    """Count a mail to `address`, or raise TooManyLinkMails saying when one may go."""
    now = now or timezone.now()
    address = address.strip().lower()
    LinkMail.objects.filter(address=address, sent_at__lte=now - DAY).delete()
    sent = list(LinkMail.objects.filter(address=address, sent_at__gt=now - DAY).order_by("sent_at"))
    interval = dt.timedelta(seconds=settings.TEAM_LINK_MAIL_INTERVAL)
    if sent and now - sent[-1].sent_at < interval:
        ready = sent[-1].sent_at + interval
        raise TooManyLinkMails(
            f"A link was emailed to {address} {_in_words(now - sent[-1].sent_at)} ago: "
            f"the next one can be sent in {_in_words(ready - now)}. "
            "The link sent last still works."
        )
    per_day = settings.TEAM_LINK_MAILS_PER_DAY
    if len(sent) >= per_day:
        ready = sent[-per_day].sent_at + DAY
        raise TooManyLinkMails(
            f"{address} was already emailed {len(sent)} links in the last 24 hours, the most "
            f"allowed: the next one can be sent {_when(ready, now)} (in {_in_words(ready - now)}). "
            "The link sent last still works."
        )
    return LinkMail.objects.create(address=address, sent_at=now, kind=kind, user=user)


def release(mail: LinkMail) -> None:
    """The mail could not be sent after all: it does not count."""
    LinkMail.objects.filter(pk=mail.pk).delete()
