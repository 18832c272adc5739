"""Dates of a duplicated live: once, or repeated N times (daily, weekly…).

Repeats keep the wall-clock time in the chosen timezone, so a weekly 10:00 live
stays at 10:00 across a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

REPEATS = {
    "once": None,
    "daily": dt.timedelta(days=1),
    "weekly": dt.timedelta(weeks=1),
    "fortnightly": dt.timedelta(weeks=2),
}
REPEAT_CHOICES = [
    ("once", _("Once")),
    ("daily", _("Every day")),
    ("weekly", _("Every week")),
    ("fortnightly", _("Every two weeks")),
]
MAX_OCCURRENCES = 26


def occurrences(
    start: dt.datetime, end: dt.datetime, repeat: str, count: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of each copy, from aware datetimes in the organiser's chosen zone."""
    step = REPEATS.get(repeat)
    if step is None or count <= 1:
        return [(start, end)]
    zone = start.tzinfo
    naive_start, naive_end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    return [
        (
            (naive_start + step * index).replace(tzinfo=zone),
            (naive_end + step * index).replace(tzinfo=zone),
        )
        for index in range(count)
    ]
