"""How an audit entry reads: its action's label, its changed fields, what it sent.

The one place that turns the service client's operation names ("lives.update") and
the API's field names ("startDate") into words: the log page, the live's History
panel and the CSV export all read entries through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lives_admin.forms.live_filters import BUILT_IN_TYPE_LABELS, SOLUTION_LABELS
from lives_admin.i18n.formats import day_time, number
from lives_admin.i18n.phrases import NO, YES, quoted
from lives_admin.i18n.stored import shown
from lives_admin.models.audit import AuditState


@dataclass(frozen=True)
class Action:
    key: str  # what the filter puts in the URL
    label: str
    operations: frozenset[str]


ACTIONS: tuple[Action, ...] = (
    Action("created", _("Created live"), frozenset({"lives.create"})),
    Action("edited", _("Edited live"), frozenset({"lives.update"})),
    Action("deleted", _("Deleted live"), frozenset({"lives.delete"})),
    Action("linked", _("Linked group(s)"), frozenset({"groups.link", "groups.bulk_link"})),
    Action("unlinked", _("Unlinked group(s)"), frozenset({"groups.unlink", "groups.bulk_unlink"})),
    Action(
        "invited_participants",
        _("Invited participant(s)"),
        frozenset({"participants.invite", "participants.bulk_invite"}),
    ),
    Action(
        "invited_speakers",
        _("Invited speaker(s)"),
        frozenset({"speakers.invite", "speakers.invite_member", "speakers.bulk_invite"}),
    ),
)
# Not an operation: any write a bulk job sent, whatever it was.
JOB_BATCH = "job_batch"
JOB_BATCH_LABEL = _("Bulk job batch")
_ACTION_OF_OPERATION = {op: action for action in ACTIONS for op in action.operations}


def action_choices() -> list[tuple[str, str]]:
    return [(a.key, a.label) for a in ACTIONS] + [(JOB_BATCH, JOB_BATCH_LABEL)]


def operations_of(action_key: str) -> frozenset[str]:
    return next((a.operations for a in ACTIONS if a.key == action_key), frozenset())


def action_label(operation: str, job_id: int | None = None) -> str:
    """ "Edited live"; "Bulk job batch: invited participant(s)" for a job's write;
    an operation this module does not know yet shows as it is."""
    action = _ACTION_OF_OPERATION.get(operation)
    label = action.label if action else operation
    if job_id:
        label = str(label)
        return gettext("%(batch)s: %(action)s") % {
            "batch": JOB_BATCH_LABEL,
            "action": f"{label[:1].lower()}{label[1:]}",
        }
    return str(label)


# -- changed fields ---------------------------------------------------------------------
FIELD_LABELS = {
    "title": _("Title"),
    "description": _("Description"),
    "startDate": _("Starts"),
    "endDate": _("Ends"),
    "solution": _("Video solution"),
    "builtInType": _("Built-in type"),
    "record": _("Recorded"),
    "videoUrl": _("Video URL"),
    "visibility": _("Who can see it"),
    "participation": _("Who can take part"),
    "chatVisibility": _("Chat"),
    "participantsVisibility": _("Participant list"),
    "recordAvailable": _("Recording available"),
    "replayVideoUrl": _("Replay video URL"),
}
DATE_FIELDS = {"startDate", "endDate"}
SHOWN_HIDDEN = {
    "Display": pgettext_lazy("chat or list", "Shown"),
    "Hidden": pgettext_lazy("chat or list", "Hidden"),
}
VALUE_LABELS = {
    "solution": SOLUTION_LABELS,
    "builtInType": BUILT_IN_TYPE_LABELS,
    "visibility": {
        "InvitedMembersOnly": pgettext_lazy("visibility", "Secret"),
        "OnlySpotMembers": pgettext_lazy("visibility", "Private"),
        "AnyOne": pgettext_lazy("visibility", "Public"),
    },
    "participation": {
        "InvitedMembersOnly": _("On invitation only"),
        "AnySpotMembers": _("Any member can register"),
    },
    "chatVisibility": SHOWN_HIDDEN,
    "participantsVisibility": SHOWN_HIDDEN,
}
SHOWN_TEXT = 80


def _value(name: str, value, zone) -> str:
    if value is None or value == "":
        return gettext("(none)")
    if isinstance(value, bool):
        return str(YES if value else NO)
    if name in DATE_FIELDS and isinstance(value, int | float):
        moment = dt.datetime.fromtimestamp(value, tz=dt.UTC).astimezone(zone)
        return day_time(moment)
    if name in VALUE_LABELS:
        return str(VALUE_LABELS[name].get(value, str(value)))
    text = " ".join(str(value).split())
    if len(text) > SHOWN_TEXT:
        text = text[: SHOWN_TEXT - 1] + "…"
    return quoted(text)


def describe_change(change: dict, zone=None) -> str:
    """ "Title: “Old” → “New”"; dates in `zone` (default: the active timezone)."""
    zone = zone or timezone.get_current_timezone()
    name = str(change.get("field", ""))
    before = _value(name, change.get("before"), zone)
    after = _value(name, change.get("after"), zone)
    return gettext("%(field)s: %(before)s → %(after)s") % {
        "field": FIELD_LABELS.get(name, name),
        "before": before,
        "after": after,
    }


# -- what a write sent, in a few words ---------------------------------------------------
# Named in a summary; the others are counted ("and 12 more").
NAMED = 3


def _listed(items) -> tuple[list[str], int]:
    """A summarised list's stored items, and how many the "… and N more" marker adds."""
    if not isinstance(items, list):
        return [], 0
    stored, more = [], 0
    for item in items:
        if isinstance(item, str) and item.startswith("… and ") and item.endswith(" more"):
            more += int(item[6:-5]) if item[6:-5].isdigit() else 0
        else:
            stored.append(str(item))
    return stored, more


def _named(lists, names: dict, noun) -> str:
    """ "Ada Lovelace, ann@example.org and Volunteers"; "A, B, C and 12 more"; an id the
    entry has no name for is counted ("2 groups") rather than shown as a bare id."""
    stored, more = [], 0
    for items in lists:
        listed, extra = _listed(items)
        stored += listed
        more += extra
    readable = [names.get(item) or item for item in stored if names.get(item) or "@" in item]
    shown = readable[:NAMED]
    rest = len(stored) + more - len(shown)
    if not shown:
        total = len(stored) + more
        return noun(total) if total else ""
    if not rest:
        return str(get_text_list(shown, gettext("and")))
    return gettext("%(names)s and %(count)s more") % {
        "names": ", ".join(shown),
        "count": number(rest),
    }


def _people(count: int) -> str:
    return ngettext("%(count)s person", "%(count)s people", count) % {"count": number(count)}


def _groups(count: int) -> str:
    return ngettext("%(count)s group", "%(count)s groups", count) % {"count": number(count)}


def summary_of(entry) -> str:
    """Who or what the write was about: "ann@example.org", "Ada Lovelace, Bob and 12
    more", "Volunteers and Staff"."""
    body = entry.request_body if isinstance(entry.request_body, dict) else {}
    names = entry.names if isinstance(getattr(entry, "names", None), dict) else {}
    operation = entry.operation
    people, groups = _people, _groups
    parts: list[str] = []
    if operation.startswith("groups."):
        ids = body.get("groupIds")
        if operation == "groups.unlink" and not ids:  # its group is in the path
            ids = [getattr(entry, "path", "").rstrip("/").rsplit("/", 1)[-1]]
        parts.append(_named([ids], names, groups))
    elif operation in ("participants.invite", "speakers.invite"):
        member = body.get("member")
        email = member.get("email") if isinstance(member, dict) else member
        if email:
            parts.append(_named([[str(email)]], names, people))
    elif operation == "participants.bulk_invite":
        members = body.get("members") if isinstance(body.get("members"), dict) else {}
        lists = [members.get("emails"), members.get("spotMemberIds")]
        parts.append(_named(lists, names, people) or gettext("0 people"))
    elif operation in ("speakers.invite_member", "speakers.bulk_invite"):
        parts.append(_named([body.get("spotMemberIds")], names, people) or gettext("0 people"))
    if body.get("withEmailNotification") is True:
        parts.append(gettext("with an email"))
    return " · ".join(part for part in parts if part)


# -- how it went -------------------------------------------------------------------------
# The one vocabulary of outcomes: the rows, the CSV and the log's Outcome filter.
DONE = pgettext_lazy("outcome", "Done")
REFUSED = _("Refused by MeltingSpot")
FAILED = _("Not done")
# A write recorded before it was sent whose answer never came: the process stopped on
# the way (its entry is still "sending") or MeltingSpot did not answer in time.
MAY_HAVE = _("May have happened")
MAY_HAVE_HAPPENED = _("May have happened: no answer from MeltingSpot")
# The Outcome filter: "failed" is every write not done (those that may have happened too).
OUTCOME_CHOICES = [
    ("", _("Any outcome")),
    ("ok", DONE),
    ("failed", _("Not done, refused or may have happened")),
    ("unconfirmed", MAY_HAVE),
]


def outcome_badge(entry) -> str:
    """The outcome in a word or two: "Done", "Refused by MeltingSpot", "Not done"."""
    if getattr(entry, "may_have_happened", False):
        return str(MAY_HAVE_HAPPENED)
    if entry.ok:
        return str(DONE)
    refused = entry.status_code is not None and 400 <= entry.status_code < 500
    return str(REFUSED if refused else FAILED)


def outcome_label(entry) -> str:
    """The outcome in words, with what MeltingSpot said: the export's Outcome column."""
    if getattr(entry, "may_have_happened", False):
        return str(MAY_HAVE_HAPPENED)
    badge = outcome_badge(entry)
    if entry.ok:
        return badge
    return gettext("%(outcome)s: %(reason)s") % {
        "outcome": badge,
        "reason": shown(entry.error_message) or gettext("no answer from MeltingSpot"),
    }


def http_detail(entry) -> str:
    """ "POST · 201 · 4 ms": what the organiser may open, not what they read first."""
    status = entry.status_code if entry.status_code is not None else gettext("no answer")
    if entry.state == AuditState.SENDING:
        # Never completed (its process died on the way, or it is still on its way):
        # nobody timed it, and its stored 0 would read as an instant answer.
        unknown = gettext("duration unknown")
        return f"{entry.method} · {status} · {unknown}"
    return f"{entry.method} · {status} · {number(entry.duration_ms)} ms"


# -- rows as the pages and the export show them ------------------------------------------
@dataclass
class AuditRow:
    entry: object
    action: str
    changes: list[str] = field(default_factory=list)
    summary: str = ""
    live_title: str = ""
    outcome: str = ""
    outcome_badge: str = ""
    http_detail: str = ""
    # Who, and what went wrong, in the reader's language where the words are ours.
    actor: str = ""
    error: str = ""

    @property
    def actor_is_the_job(self) -> bool:
        """A job without its starter's account is named after itself: say it once."""
        job_id = getattr(self.entry, "job_id", None)
        return bool(job_id) and self.entry.actor_label == f"job #{job_id}"


def known_titles(live_ids: Iterable[str]) -> dict[str, str]:
    """The latest title the log holds for each live: one query, no MeltingSpot call."""
    from lives_admin.models import AuditEntry

    wanted = {live_id for live_id in live_ids if live_id}
    if not wanted:
        return {}
    titles: dict[str, str] = {}
    recorded = (
        AuditEntry.objects.filter(live_id__in=wanted)
        .exclude(live_title="")
        .order_by("-created_at", "-id")
        .values_list("live_id", "live_title")
    )
    for live_id, title in recorded.iterator():
        titles.setdefault(live_id, title)
        if len(titles) == len(wanted):
            break
    return titles


def rows_for(entries: Iterable, zone=None) -> list[AuditRow]:
    entries = list(entries)
    missing = {e.live_id for e in entries if e.live_id and not e.live_title}
    titles = known_titles(missing)
    return [
        AuditRow(
            entry=entry,
            action=action_label(entry.operation, entry.job_id),
            changes=[describe_change(c, zone) for c in entry.changes or () if isinstance(c, dict)],
            summary=summary_of(entry),
            live_title=entry.live_title or titles.get(entry.live_id, ""),
            outcome=outcome_label(entry),
            outcome_badge=outcome_badge(entry),
            http_detail=http_detail(entry),
            actor=shown(entry.actor_label) or gettext("system"),
            error=shown(entry.error_message),
        )
        for entry in entries
    ]


CSV_HEADER = (
    _("Who"),
    _("When"),
    pgettext_lazy("one live", "Live"),
    _("Live title"),
    _("Action"),
    _("Changed fields"),
    _("Details"),
    _("Outcome"),
    "HTTP",
    _("Error"),
    _("Job"),
)
CSV_CHUNK = 500


def csv_rows(entries: Iterable, zone) -> Iterator[tuple]:
    """The header, then a row per entry; times in `zone` with their UTC offset (a
    streamed body is written after the request's timezone is gone)."""
    yield [str(column) for column in CSV_HEADER]
    entries = iter(entries)
    while chunk := list(islice(entries, CSV_CHUNK)):
        for row in rows_for(chunk, zone):
            entry = row.entry
            yield (
                row.actor,
                timezone.localtime(entry.created_at, zone).isoformat(sep=" ", timespec="seconds"),
                entry.live_id,
                row.live_title,
                row.action,
                "; ".join(row.changes),
                row.summary,
                row.outcome,
                row.http_detail,
                row.error,
                entry.job_id or "",
            )
