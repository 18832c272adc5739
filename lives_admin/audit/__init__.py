"""Who is acting, and the one place every MeltingSpot write is recorded.

The service client calls `record_start` before each POST/PUT/DELETE it sends and
`record_write` after it (settings.MELTINGSPOT_WRITE_START_OBSERVER and
MELTINGSPOT_WRITE_OBSERVER), so recording cannot be forgotten by a view or a job. The
entry is committed in state "sending" before the request leaves, then completed ("done",
"failed", "not confirmed"): a process killed on the way leaves an entry that says the
write may have happened, never nothing. If it cannot be stored, the write is not sent.
The actor comes from a context variable set by the middleware for web requests and by
the job runner for background work.

What only the caller knows (the fields an edit changes, the title of a live being
deleted) travels the same way: the caller wraps its client call in `describing(...)`
and `record_write`, still the one place that writes entries, stores it.
"""

from __future__ import annotations

import contextlib
import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DatabaseError, models

from lives_admin.audit.durable_writes import committed
from lives_admin.meltingspot.errors import WriteNotRecorded

logger = logging.getLogger(__name__)

# Bodies can hold thousands of emails; the audit keeps a readable summary.
MAX_LISTED_ITEMS = 20


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    job_id: int | None = None


@dataclass(frozen=True)
class WriteDetail:
    """What the caller adds to the writes it sends inside `describing(...)`."""

    # [{"field": <API body key>, "before": value, "after": value}, …]
    changes: tuple[dict, ...] = ()
    live_title: str = ""
    # Id (or email) → how a person or group reads ("Ada Lovelace", "Volunteers").
    names: tuple[tuple[str, str], ...] = ()


_current_actor: ContextVar[Actor | None] = ContextVar("lives_admin_actor", default=None)
_current_detail: ContextVar[WriteDetail | None] = ContextVar(
    "lives_admin_write_detail", default=None
)


def current_actor() -> Actor | None:
    return _current_actor.get()


@contextlib.contextmanager
def acting_as(actor: Actor):
    token = _current_actor.set(actor)
    try:
        yield actor
    finally:
        _current_actor.reset(token)


@contextlib.contextmanager
def describing(*, changes=(), live_title: str = "", names: dict[str, str] | None = None):
    """Attach the changed fields, the live's title and the names of the people and groups
    sent by id to the writes sent in the block. A block inside another keeps what the
    outer one said unless it says otherwise (a view names the live, its write the groups)."""
    outer = _current_detail.get()
    detail = WriteDetail(
        changes=tuple(changes) or (outer.changes if outer else ()),
        live_title=live_title or (outer.live_title if outer else ""),
        names=tuple((names or {}).items()) or (outer.names if outer else ()),
    )
    token = _current_detail.set(detail)
    try:
        yield
    finally:
        _current_detail.reset(token)


def actor_for_user(user, job_id: int | None = None) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        # A job whose creator's account is gone still says whose work it is: the job's.
        label = f"job #{job_id}" if job_id else "anonymous"
        return Actor(user_id=None, label=label, job_id=job_id)
    return Actor(user_id=user.pk, label=user.get_username(), job_id=job_id)


def summarise_body(body: dict | None) -> dict:
    """Shorten long lists so one bulk call does not store 100 emails per row."""
    if not body:
        return {}
    summary: dict = {}
    for key, value in body.items():
        if isinstance(value, dict):
            summary[key] = summarise_body(value)
        elif isinstance(value, list | tuple) and len(value) > MAX_LISTED_ITEMS:
            summary[key] = [
                *value[:MAX_LISTED_ITEMS],
                f"… and {len(value) - MAX_LISTED_ITEMS} more",
            ]
        else:
            summary[key] = value
    return summary


NOT_RECORDED = (
    "The dashboard could not record this change in its log (its database did not "
    "answer), so it was not sent to MeltingSpot. Nothing changed: try again in a moment."
)


def record_start(record) -> int:
    """Before a write is sent: its entry, "sending", committed (the id completes it)."""
    from lives_admin.models import AuditEntry, AuditState

    values = _fitted(AuditEntry, {**_who_and_what(record), **_outcome(record)})
    values["state"] = AuditState.SENDING
    try:
        return committed(lambda: AuditEntry.objects.create(**values).pk)
    except DatabaseError as error:
        logger.exception("Could not record %s %s before sending it", record.method, record.path)
        raise WriteNotRecorded(NOT_RECORDED) from error


def record_write(record) -> None:
    """After a write: complete its "sending" entry with the outcome (or, for a write that
    was not announced, store the whole entry)."""
    from lives_admin.models import AuditEntry

    handle = getattr(record, "handle", None)
    try:
        if handle is None:
            values = _fitted(AuditEntry, {**_who_and_what(record), **_outcome(record)})
            committed(lambda: AuditEntry.objects.create(**values))
        else:
            outcome = _fitted(AuditEntry, _outcome(record))
            committed(lambda: AuditEntry.objects.complete(handle, **outcome))
    except Exception:
        # The write itself already happened upstream; its entry stays "sending" (it may
        # have happened), and an error page would not undo it. Log loudly instead.
        logger.exception("Could not record the audit entry for %s %s", record.method, record.path)


def _who_and_what(record) -> dict:
    actor = current_actor()
    detail = _current_detail.get() or WriteDetail()
    return dict(
        actor_id=actor.user_id if actor else None,
        actor_label=actor.label if actor else "system",
        job_id=actor.job_id if actor else None,
        operation=record.operation,
        method=record.method,
        path=record.path,
        request_body=summarise_body(record.body),
        changes=list(detail.changes),
        # The path names the one group an unlink is about; the body, everyone else.
        names=_names_in([summarise_body(record.body), record.path], dict(detail.names)),
    )


def _names_in(body, names: dict[str, str]) -> dict[str, str]:
    """The names of the ids the stored body lists: no more than the body keeps."""
    if not names:
        return {}
    found: dict[str, str] = {}
    values = body.values() if isinstance(body, dict) else body
    for value in values:
        if isinstance(value, dict | list):
            found.update(_names_in(value, names))
        elif isinstance(value, str):
            for key in {value, value.rstrip("/").rsplit("/", 1)[-1]}:
                if names.get(key):
                    found[key] = names[key][:200]
    return found


def _outcome(record) -> dict:
    """What the completion may change: the result, and what only the answer tells (a
    created live's id, the title a refused rename did not give)."""
    from lives_admin.models import AuditState

    detail = _current_detail.get() or WriteDetail()
    state = getattr(record, "outcome", "")
    state = state if state in AuditState.values else None
    outcome = dict(
        live_id=record.live_id or "",
        live_title=_title_of(record, detail),
        ok=record.ok,
        state=state or (AuditState.DONE if record.ok else AuditState.FAILED),
        status_code=record.status_code,
        error_message=record.error_message or "",
        duration_ms=max(0, int(record.duration_ms or 0)),
    )
    if not outcome["live_id"]:
        del outcome["live_id"]  # the start knew it, or nobody does: keep the start's
    return outcome


def _fitted(model, values: dict) -> dict:
    """Each text cut to its column's max_length: a live id or path from the address bar
    can be longer, and Postgres refuses (where SQLite would store) the whole row."""
    fitted = dict(values)
    for name, value in values.items():
        field = model._meta.get_field(name)  # attnames (actor_id) too
        if isinstance(field, models.CharField) and isinstance(value, str) and field.max_length:
            fitted[name] = value[: field.max_length]
    return fitted


def _title_of(record, detail: WriteDetail) -> str:
    """The live's title when known for free. A successful create or edit carries the
    live's new title in its body; otherwise the caller's (the title as loaded: a refused
    rename did not rename the live)."""
    body = record.body if isinstance(record.body, dict) else {}
    sent = body.get("title") if isinstance(body.get("title"), str) else ""
    if record.ok and sent:
        return sent
    return detail.live_title or sent
