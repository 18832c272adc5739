"""A value of the PUT body as the edit form's reader knows it, for the conflict screen:
a date in the form's timezone, a choice by its label, a switch as Yes / No."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils.translation import gettext_lazy as _

from lives_admin.i18n.formats import date_time

EMPTY = _("(empty)")


def shown_value(form, form_field: str, value, zone_name: str) -> str:
    if value is None or value == "":
        return str(EMPTY)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if form_field in ("start", "end"):
        moment = dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
        return date_time(moment.astimezone(zoneinfo.ZoneInfo(zone_name)))
    choices = getattr(form.fields[form_field], "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)
