"""What the member pickers ask the index: is it warm, who matches a name, how old it is.

Warm: a full pass has finished and the last pass is less than MAX_AGE old. Cold, the
pickers use the API's bounded look-ups (lives_admin/members.py) as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from lives_admin.meltingspot import SpotMember
from lives_admin.models import IndexedMember, MemberIndexState
from lives_admin.people.member_index.folding import fold


def max_age() -> timedelta:
    return timedelta(seconds=settings.MEMBER_INDEX_MAX_AGE_SECONDS)


@dataclass(frozen=True)
class IndexAge:
    """What a page says about the index: "members as of 3 min ago", "syncing…"."""

    synced_at: datetime | None
    syncing: bool
    warm: bool
    total: int


def age() -> IndexAge:
    found = MemberIndexState.objects.filter(pk=1).first()
    if found is None:
        return IndexAge(synced_at=None, syncing=False, warm=False, total=0)
    warm = (
        found.full_pass_at is not None
        and found.synced_at is not None
        and timezone.now() - found.synced_at < max_age()
    )
    syncing = found.running_since is not None or found.queued_at is not None
    return IndexAge(synced_at=found.synced_at, syncing=syncing, warm=warm, total=found.total)


def search(query: str, limit: int = 20) -> list[SpotMember]:
    """Members whose names or email contain every word of the query, accents and case
    aside, in name order."""
    words = fold(query).split()
    if not words:
        return []
    rows = IndexedMember.objects.all()
    for word in words:
        # INSTR / STRPOS: a plain substring test, twice as fast as SQLite's LIKE (which
        # folds case again, for nothing: the column is folded already).
        rows = rows.filter(GreaterThan(StrIndex("folded", Value(word)), 0))
    return [as_member(row) for row in rows[:limit]]


def by_ids(member_ids) -> dict[str, SpotMember]:
    rows = IndexedMember.objects.filter(member_id__in=set(member_ids))
    return {row.member_id: as_member(row) for row in rows}


def by_emails(emails) -> dict[str, SpotMember]:
    """The indexed members with these emails, by lower-cased email."""
    wanted = {e.strip().casefold() for e in emails if e and e.strip()}
    rows = IndexedMember.objects.filter(email_folded__in=wanted)
    return {row.email_folded: as_member(row) for row in rows}


def as_member(row: IndexedMember) -> SpotMember:
    return SpotMember(
        id=row.member_id,
        email=row.email,
        first_name=row.first_name or None,
        last_name=row.last_name or None,
        title=row.title or None,
        status=row.status or None,
        role=row.role or None,
        lang=row.lang or None,
    )
