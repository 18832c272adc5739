"""A cached directory of the Spot's members.

The API cannot search members by name (only exact `email[in]` lists, §4.1), so the
pickers walk the member list once, keep it in the cache for a few minutes, and
search it locally. An exact email is looked up directly when the directory is
not cached yet, which costs one call instead of a full walk.
"""

from __future__ import annotations

import unicodedata

from django.core.cache import cache

from lives_admin.meltingspot import NotFoundError, SpotMember, SpotMemberFilters, get_client

CACHE_KEY = "lives_admin:members:directory:v1"
CACHE_SECONDS = 300


def _fold(text: str | None) -> str:
    """Lower-case without accents, so "helene" finds "Hélène"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _load() -> list[SpotMember]:
    members = cache.get(CACHE_KEY)
    if members is None:
        members = list(get_client().spot_members.iter_all())
        cache.set(CACHE_KEY, members, CACHE_SECONDS)
    return members


def all_members() -> list[SpotMember]:
    return _load()


def forget() -> None:
    """Drop the cached directory (after inviting new people by email, for instance)."""
    cache.delete(CACHE_KEY)


def search(query: str, limit: int = 20) -> list[SpotMember]:
    """Members whose name or email contains every word of the query."""
    words = _fold(query).split()
    if not words:
        return []
    found = []
    for member in _load():
        haystack = _fold(f"{member.first_name or ''} {member.last_name or ''} {member.email}")
        if all(word in haystack for word in words):
            found.append(member)
            if len(found) >= limit:
                break
    return found


def find_by_email(email: str) -> SpotMember | None:
    wanted = email.strip().casefold()
    if not wanted:
        return None
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return next((m for m in cached if m.email.casefold() == wanted), None)
    page = get_client().spot_members.list(SpotMemberFilters(emails=(wanted,)), page=1, limit=1)
    return page.items[0] if page.items else None


def index_by_email() -> dict[str, SpotMember]:
    """Every member by lower-cased email: one walk, for matching long lists."""
    return {m.email.casefold(): m for m in _load()}


def get(member_id: str) -> SpotMember | None:
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return next((m for m in cached if m.id == member_id), None)
    try:
        return get_client().spot_members.retrieve(member_id)
    except NotFoundError:
        return None
