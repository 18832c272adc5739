"""The organiser's timezone: their saved preference, else their browser's, else the site's."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.conf import settings

TZ_COOKIE = "tz"


@lru_cache(maxsize=1)
def available_timezones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def parse_timezone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name or name not in available_timezones():
        return None
    return zoneinfo.ZoneInfo(name)


def timezone_for_request(request) -> zoneinfo.ZoneInfo:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # A missing preference raises RelatedObjectDoesNotExist, an AttributeError.
        preference = getattr(user, "preference", None)
        chosen = parse_timezone(preference.timezone if preference else None)
        if chosen:
            return chosen
    return parse_timezone(request.COOKIES.get(TZ_COOKIE)) or zoneinfo.ZoneInfo(settings.TIME_ZONE)


def spot_timezone() -> zoneinfo.ZoneInfo:
    return parse_timezone(settings.MELTINGSPOT_SPOT_TIMEZONE) or zoneinfo.ZoneInfo("UTC")
