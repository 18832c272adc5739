"""Which of a live's figures can exist yet: the one rule the list, a live's page and insights share.

Before a live is over, MeltingSpot still answers attendees 0, a rate of 0 % and every
registrant (its host included) as a no-show: numbers that read as results but are not
any yet. Those show "—" with the reason instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOT_OVER_STATUSES = ("Planned", "Live")
# Metric fields (LiveMetrics / InsightLive names) that only mean something once it has ended.
AFTER_THE_END = frozenset(
    {
        "attendee",
        "attendance_rate",
        "no_show",
        "no_show_rate",
        "average_view_time",
        "total_replay_view",
    }
)
NOT_OVER_YET = _("Not over yet: known once the live has ended.")
NOT_OVER_YET_SHORT = _("not over yet")  # in a sentence or a chart, where "—" would not read


def is_over(status: str, end: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """Over unless MeltingSpot says planned or live now, or its end is still ahead."""
    if status in NOT_OVER_STATUSES:
        return False
    return end is None or end <= (now or timezone.now())


def pending_figures(status: str, end: dt.datetime | None, now=None) -> frozenset[str]:
    """The metric names that cannot exist yet for a live in this state."""
    return frozenset() if is_over(status, end, now) else AFTER_THE_END


def live_pending_figures(live, now=None) -> frozenset[str]:
    return pending_figures(live.computed_status, live.end_date, now)


def metrics_so_far(metrics, pending: frozenset[str]):
    """The LiveMetrics with what cannot exist yet taken out (None reads "—")."""
    names = {field.name for field in dataclasses.fields(metrics)}
    return dataclasses.replace(metrics, **{name: None for name in pending & names})
