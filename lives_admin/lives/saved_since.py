"""Who saved a live from this dashboard since a form of it was opened: the audit log
records every edit, so the conflict screen can name them (a change made on MeltingSpot
itself has no entry here, and is then "someone")."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from lives_admin.i18n.stored import shown
from lives_admin.models import AuditEntry


def saved_since(live_id: str, opened_at: float | None, user) -> list[tuple[str, dt.datetime]]:
    """[(who, when), …] oldest first; the organiser's own saves (another tab) are "you"."""
    if opened_at is None:
        return []
    entries = AuditEntry.objects.filter(
        live_id=live_id,
        operation="lives.update",
        ok=True,
        created_at__gte=dt.datetime.fromtimestamp(opened_at, tz=dt.UTC),
    ).order_by("created_at")
    return [(_who(entry, user), entry.created_at) for entry in entries]


def _who(entry: AuditEntry, user) -> str:
    if entry.actor_id == user.pk:
        return gettext("you, in another tab")
    return shown(entry.actor_label)  # "job #3" in the reader's language
