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
from django.utils.translation import gettext, ngettext

from lives_admin.i18n.formats import day_and_month, number
from lives_admin.models import LinkMail

DAY = dt.timedelta(days=1)


class TooManyLinkMails(Exception):
    """Refused: the message says when the next mail may go, in the reader's timezone."""


def _in_words(delta: dt.timedelta) -> str:
    seconds = max(1, math.ceil(delta.total_seconds()))
    if seconds < 90:
        return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": number(hours)}


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    if local.date() == today:
        return gettext("at %(time)s") % {"time": f"{local:%H:%M}"}
    return gettext("at %(time)s on %(day)s") % {
        "time": f"{local:%H:%M}",
        "day": day_and_month(local),
    }


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
            gettext(
                "A link was emailed to %(address)s %(ago)s ago: the next one can be sent in "
                "%(wait)s. The link sent last still works."
            )
            % {
                "address": address,
                "ago": _in_words(now - sent[-1].sent_at),
                "wait": _in_words(ready - now),
            }
        )
    per_day = settings.TEAM_LINK_MAILS_PER_DAY
    if len(sent) >= per_day:
        ready = sent[-per_day].sent_at + DAY
        raise TooManyLinkMails(
            gettext(
                "%(address)s was already emailed %(count)s links in the last 24 hours, the "
                "most allowed: the next one can be sent %(when)s (in %(wait)s). The link sent "
                "last still works."
            )
            % {
                "address": address,
                "count": len(sent),
                "when": _when(ready, now),
                "wait": _in_words(ready - now),
            }
        )
    return LinkMail.objects.create(address=address, sent_at=now, kind=kind, user=user)


def release(mail: LinkMail) -> None:
    """The mail could not be sent after all: it does not count."""
    LinkMail.objects.filter(pk=mail.pk).delete()
