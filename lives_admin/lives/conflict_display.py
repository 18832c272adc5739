"""A value of the PUT body as the edit form's reader knows it, for the conflict screen:
a date in the form's timezone, a choice by its label, a switch as Yes / No."""

from __future__ import annotations

import datetime as dt
import zoneinfo

EMPTY = "(empty)"
DATE_FORMAT = "%a %-d %b %Y, %H:%M"


def shown_value(form, form_field: str, value, zone_name: str) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if form_field in ("start", "end"):
        moment = dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
        return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).strftime(DATE_FORMAT)
    choices = getattr(form.fields[form_field], "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)
