"""The local index of the Spot's lives: sorting and accent-free title search.

`GET /v1/lives` has no sort and its title search is accent-sensitive (docs/api.md). The
worker copies every live into `IndexedLive` (a full pass: `sync_all`), the dashboard's own
writes update it at once (`record_live`, `forget_live`), and the list reads it while it is
whole: filled at least once, the Spot's lives within `LIVES_INDEX_MAX_LIVES`, and its last
pass younger than `LIVES_INDEX_STALE_SECONDS`. Otherwise the list asks the API as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import unicodedata

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone

from lives_admin.lives.figures import NOT_OVER_STATUSES
from lives_admin.meltingspot import Live, LiveFilters, LiveMetrics, Page
from lives_admin.models import IndexedLive, LivesIndexState

logger = logging.getLogger(__name__)
PAGE_SIZE = 100  # the largest page the API serves (docs/api.md, D4)
_BATCH = 500

# The API's metric names → the index's columns.
METRIC_COLUMNS = {
    "invited": "invited",
    "registrant": "registrant",
    "attendee": "attendee",
    "attendanceRate": "attendance_rate",
    "noShow": "no_show",
    "averageViewTime": "average_view_time",
    "totalReplayView": "total_replay_view",
}
_LOOKUPS = {"lt": "lt", "lte": "lte", "gt": "gt", "gte": "gte", "eq": "exact"}
# Figures that cannot exist before a live is over sort after the others (lives/figures.py).
_AFTER_THE_END = {"attendee", "attendance_rate"}
# The list's sortable columns (the `sort` parameter) → the index's column.
SORT_COLUMNS = {
    "title": "title_folded",
    "start": "start_date",
    "status": "status_order",
    "solution": "solution",
    "invited": "invited",
    "registrants": "registrant",
    "attendees": "attendee",
    "attendance": "attendance_rate",
}
_STATUS_ORDER = {"Planned": 0, "Live": 1, "Ended": 2}


def fold(text: str) -> str:
    """Lower case without accents: "Conférence" and "CONFERENCE" both read "conference"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclasses.dataclass(frozen=True)
class IndexStatus:
    usable: bool
    synced_at: dt.datetime | None
    too_many: bool
    upstream_total: int
    max_lives: int

    @property
    def cold(self) -> bool:
        return self.synced_at is None


def max_lives() -> int:
    return settings.LIVES_INDEX_MAX_LIVES


def index_status(now: dt.datetime | None = None) -> IndexStatus:
    state = LivesIndexState.current()
    now = now or timezone.now()
    fresh = state.synced_at is not None and (now - state.synced_at).total_seconds() <= (
        settings.LIVES_INDEX_STALE_SECONDS
    )
    return IndexStatus(
        usable=fresh and not state.too_many,
        synced_at=state.synced_at,
        too_many=state.too_many,
        upstream_total=state.upstream_total,
        max_lives=max_lives(),
    )


def _values(live: Live, now: dt.datetime) -> dict:
    metrics = live.metrics
    replay_views = metrics.total_replay_view or 0
    return {
        "title": live.title[:500],
        "title_folded": fold(live.title)[:500],
        "start_date": live.start_date,
        "end_date": live.end_date,
        "computed_status": live.computed_status[:20],
        "solution": live.solution[:20],
        "built_in_type": (live.built_in_type or "")[:20],
        "has_replay": bool(live.record_available) or replay_views > 0,
        "invited": metrics.invited,
        "registrant": metrics.registrant,
        "attendee": metrics.attendee,
        "attendance_rate": metrics.attendance_rate,
        "no_show": metrics.no_show,
        "average_view_time": metrics.average_view_time,
        "total_replay_view": metrics.total_replay_view,
        "indexed_at": now,
        "deleted": False,
    }


# What a pass rewrites: every column but the keys.
_COLUMNS = [f.name for f in IndexedLive._meta.concrete_fields if f.name not in ("id", "live_id")]


def sync_all(client) -> int:
    """A full pass: every live of the Spot, or none beyond the cap. Returns how many."""
    started = timezone.now()
    first = client.lives.list(None, page=1, limit=PAGE_SIZE)
    if first.total > max_lives():
        with transaction.atomic():
            IndexedLive.objects.all().delete()
            LivesIndexState.objects.update_or_create(
                pk=1,
                defaults={"synced_at": timezone.now(), "upstream_total": first.total,
                          "too_many": True, "queued_at": None},
            )  # fmt: skip
        return 0
    lives = list(first.items)
    page_number = 1
    while len(first.items) == PAGE_SIZE and len(lives) < first.total:
        page_number += 1
        page = client.lives.list(None, page=page_number, limit=PAGE_SIZE)
        lives.extend(page.items)
        if len(page.items) < PAGE_SIZE:
            break
    _store_pass(lives, started)
    return len(lives)


def _store_pass(lives: list[Live], started: dt.datetime) -> None:
    now = timezone.now()
    with transaction.atomic():
        # What the dashboard wrote since the pass began is newer than what the pass read.
        newer = set(
            IndexedLive.objects.filter(indexed_at__gte=started).values_list("live_id", flat=True)
        )
        seen = {live.id for live in lives}
        rows = [
            IndexedLive(live_id=live.id, **_values(live, now))
            for live in {live.id: live for live in lives}.values()
            if live.id not in newer
        ]
        IndexedLive.objects.bulk_create(
            rows,
            batch_size=_BATCH,
            update_conflicts=True,
            unique_fields=["live_id"],
            update_fields=_COLUMNS,
        )
        gone = [
            live_id
            for live_id in IndexedLive.objects.filter(indexed_at__lt=started).values_list(
                "live_id", flat=True
            )
            if live_id not in seen
        ]
        for start in range(0, len(gone), _BATCH):
            IndexedLive.objects.filter(live_id__in=gone[start : start + _BATCH]).delete()
        # Deleted by the dashboard before this pass began: the pass did not see them.
        IndexedLive.objects.filter(deleted=True, indexed_at__lt=started).delete()
        LivesIndexState.objects.update_or_create(
            pk=1,
            defaults={"synced_at": now, "upstream_total": len(seen), "too_many": False,
                      "queued_at": None},
        )  # fmt: skip


def record_live(live: Live) -> None:
    """After the dashboard created, edited or duplicated a live: the index shows it at once."""
    if not live.id:
        return
    IndexedLive.objects.update_or_create(live_id=live.id, defaults=_values(live, timezone.now()))


def forget_live(live_id: str) -> None:
    """After the dashboard deleted a live (or found it gone)."""
    IndexedLive.objects.filter(live_id=live_id).update(deleted=True, indexed_at=timezone.now())


def _filtered(filters: LiveFilters | None):
    rows = IndexedLive.objects.filter(deleted=False)
    if filters is None:
        return rows
    if filters.title_eq:
        rows = rows.filter(title=filters.title_eq)
    if filters.title_contains:
        rows = rows.filter(title_folded__contains=fold(filters.title_contains))
    if filters.status:
        rows = rows.filter(computed_status=filters.status)
    for op, lookup in _LOOKUPS.items():
        moment = getattr(filters, f"start_date_{op}")
        if moment is not None:
            # The API compares whole Unix seconds.
            rows = rows.filter(**{f"start_date__{lookup}": moment.replace(microsecond=0)})
    if filters.solutions:
        rows = rows.filter(solution__in=filters.solutions)
    if filters.built_in_types:
        rows = rows.filter(built_in_type__in=filters.built_in_types)
    if filters.replay is not None:
        rows = rows.filter(has_replay=filters.replay)
    for api_name, bounds in filters.metrics.items():
        column = METRIC_COLUMNS[api_name]
        for op, lookup in _LOOKUPS.items():
            bound = getattr(bounds, op)
            if bound is not None:
                rows = rows.filter(**{f"{column}__{lookup}": bound})
    return rows


def _ordered(rows, sort: str, now: dt.datetime):
    descending = sort.startswith("-")
    key = SORT_COLUMNS.get(sort.lstrip("-"))
    if key is None:  # the API's own order, as the sandbox serves it: latest start first
        return rows.order_by(F("start_date").desc(nulls_last=True), "live_id")
    order = []
    if key == "status_order":
        rows = rows.annotate(
            status_order=Case(
                *(When(computed_status=s, then=Value(n)) for s, n in _STATUS_ORDER.items()),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
    if key in _AFTER_THE_END:
        not_over = Q(computed_status__in=NOT_OVER_STATUSES) | Q(end_date__gt=now)
        rows = rows.annotate(
            pending=Case(
                When(not_over, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        order.append("pending")  # "—" after the figures, either way
    column = F(key)
    order.append(column.desc(nulls_last=True) if descending else column.asc(nulls_last=True))
    order.append("title_folded")
    order.append("live_id")
    return rows.order_by(*order)


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _live(row: IndexedLive) -> Live:
    metrics = LiveMetrics(
        **{field: _number(getattr(row, field)) for field in METRIC_COLUMNS.values()}
    )
    return Live(
        id=row.live_id,
        title=row.title,
        start_date=row.start_date,
        end_date=row.end_date,
        metrics=metrics,
        status=row.computed_status,
        computed_status=row.computed_status,
        solution=row.solution,
        built_in_type=row.built_in_type or None,
    )


def lives_page(filters: LiveFilters | None, *, sort: str = "", page: int = 1, limit: int = 25):
    """One page of the list from the index, as `client.lives.list` would answer it."""
    rows = _ordered(_filtered(filters), sort, timezone.now())
    total = rows.count()
    start = (page - 1) * limit
    items = tuple(_live(row) for row in rows[start : start + limit])
    return Page(items=items, total=total, page=page, limit=limit)
