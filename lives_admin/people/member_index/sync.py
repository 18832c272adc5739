"""Keep the member index in step with the Spot's directory.

- A full pass reads every page of `GET /v1/spotMembers` (100 a page: 1,000 calls for
  100,000 members) and then drops the members it did not see: they left the Spot.
- An incremental pass asks only for the members registered or invited since the last pass
  began (`registrationDate[after]`, `invitationDate[after]`, a margin for clocks): one call
  each when few joined.
- A full pass comes again every FULL_PASS_EVERY, since only a full pass sees departures
  and changed names.

Both run in the job worker (`tasks.sync_member_index`) with the `job` client (a long
retry budget) as background requests (`priority.as_background`). One pass at a time:
`claim` marks the state row with a conditional UPDATE.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lives_admin.meltingspot import SpotMember, SpotMemberFilters
from lives_admin.models import IndexedMember, MemberIndexState
from lives_admin.people.member_index.folding import fold
from lives_admin.people.member_index.priority import as_background
from lives_admin.upstream import get_client

FOLDED_MAX = 600
PAGE_SIZE = 100  # the largest page the API serves (docs/api.md, D4)
# Members who joined in the seconds before the last pass began may be missing from it
# (MeltingSpot's clock and ours differ a little): the next pass asks a little further back.
CLOCK_MARGIN = timedelta(minutes=5)
# `running_since` is the running pass's last sign of life (it beats after every page). Silent
# longer than a job's takeover delay (one page's whole retry budget and a margin,
# JOB_STALE_SECONDS), it belongs to a process that died: the next pass takes over.


def stale_run() -> timedelta:
    return timedelta(seconds=settings.JOB_STALE_SECONDS)


def beat() -> None:
    """The running pass is alive (only while one is marked running)."""
    MemberIndexState.objects.filter(pk=1, running_since__isnull=False).update(
        running_since=timezone.now()
    )


UPDATED_FIELDS = [
    "email",
    "email_folded",
    "first_name",
    "last_name",
    "title",
    "status",
    "role",
    "lang",
    "folded",
    "seen_at",
]


def full_pass_every() -> timedelta:
    return timedelta(seconds=settings.MEMBER_INDEX_FULL_PASS_SECONDS)


def state() -> MemberIndexState:
    found, _ = MemberIndexState.objects.get_or_create(pk=1)
    return found


def claim(now: datetime) -> bool:
    """Mark a pass as running, unless another one is (and is not stale)."""
    state()
    return bool(
        MemberIndexState.objects.filter(pk=1)
        .filter(Q(running_since__isnull=True) | Q(running_since__lt=now - stale_run()))
        .update(running_since=now, queued_at=None)
    )


def run_sync(*, full: bool | None = None) -> str | None:
    """One pass: full when due (or asked), else incremental. Returns which ran, or None
    when another pass is running."""
    started = timezone.now()
    if not claim(started):
        return None
    current = state()
    if full is None:
        full = current.full_pass_at is None or started - current.full_pass_at >= full_pass_every()
    try:
        with as_background():
            total = _full_pass(started) if full else _incremental_pass(current, started)
    except Exception as error:
        MemberIndexState.objects.filter(pk=1).update(
            running_since=None, last_error=type(error).__name__[:300]
        )
        raise
    finished = timezone.now()
    fields = {"synced_at": finished, "synced_from": started, "running_since": None, "total": total}
    if full:
        fields["full_pass_at"] = finished
    MemberIndexState.objects.filter(pk=1).update(last_error="", **fields)
    return "full" if full else "incremental"


def _full_pass(started: datetime) -> int:
    client = get_client("job")
    number, seen, total = 1, 0, 0
    while True:
        page = client.spot_members.list(page=number, limit=PAGE_SIZE)
        store(page.items, seen_at=started)
        beat()
        seen += len(page.items)
        total = page.total
        if len(page.items) < PAGE_SIZE or seen >= page.total:
            break
        number += 1
    # Whoever this pass did not see has left the Spot. Unless the pass saw fewer members
    # than the Spot has: someone left while it paged, the pages after moved up by one and
    # a member was skipped; the next full pass drops them instead.
    if IndexedMember.objects.filter(seen_at__gte=started).count() >= total:
        IndexedMember.objects.filter(seen_at__lt=started).delete()
    return max(total, IndexedMember.objects.count())


def _incremental_pass(current: MemberIndexState, started: datetime) -> int:
    client = get_client("job")
    since = (current.synced_from or started) - CLOCK_MARGIN
    for filters in (
        SpotMemberFilters(registration_date_after=since),
        SpotMemberFilters(invitation_date_after=since),
    ):
        store(client.spot_members.iter_all(filters), seen_at=started)
    return IndexedMember.objects.count()


def store(members: Iterable[SpotMember], *, seen_at: datetime) -> None:
    """Insert or update these members (one statement per batch)."""
    rows = [_row(member, seen_at) for member in members if member.id]
    if not rows:
        return
    with transaction.atomic():
        IndexedMember.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["member_id"],
            update_fields=UPDATED_FIELDS,
        )


def _row(member: SpotMember, seen_at: datetime) -> IndexedMember:
    first, last = member.first_name or "", member.last_name or ""
    return IndexedMember(
        member_id=member.id,
        email=member.email[:320],
        email_folded=member.email.strip().casefold()[:320],
        first_name=first,
        last_name=last,
        title=member.title or "",
        status=(member.status or "")[:40],
        role=(member.role or "")[:40],
        lang=(member.lang or "")[:16],
        # Bounded: a b-tree entry has a size limit (PostgreSQL's is about 2,700 bytes).
        folded=fold(f"{first} {last} {member.email}")[:FOLDED_MAX],
        seen_at=seen_at,
    )
