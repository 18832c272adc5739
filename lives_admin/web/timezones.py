"""The organiser's timezone: their saved preference, else their browser's, else the site's."""

from __future__ import annotations

import unicodedata
import zoneinfo
from collections import defaultdict
from functools import lru_cache

from django.conf import settings

TZ_COOKIE = "tz"
# The IANA areas of today's names (legacy aliases such as "US/Eastern" are outside them).
_AREAS = frozenset(
    [
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    ]
)


@lru_cache(maxsize=1)
def available_timezones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _key(text: str) -> str:
    """ "São Paulo", "sao_paulo" and "Sao_Paulo" alike."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold().replace(" ", "_"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=1)
def _by_name_or_city() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    names, cities = {}, defaultdict(list)
    for name in available_timezones():
        names[_key(name)] = name
        cities[_key(name.rsplit("/", 1)[-1])].append(name)
    return names, {city: tuple(found) for city, found in cities.items()}


def timezone_named(typed: str) -> str | None:
    """The timezone a person means: its name in any case ("europe/paris"), or a city only
    one timezone is named after ("Paris", "New York"). None: none, or more than one."""
    names, cities = _by_name_or_city()
    key = _key(typed)
    if key in names:
        return names[key]
    found = cities.get(key, ())
    if len(found) > 1:  # "Singapore" is also a legacy alias: the continent's name wins
        found = tuple(name for name in found if name.split("/", 1)[0] in _AREAS)
    return found[0] if len(found) == 1 else None  # several: the list says which


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
