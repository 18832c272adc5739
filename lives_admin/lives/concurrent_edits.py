"""An edit sent from a form opened before someone else saved the same live.

MeltingSpot's update is a full PUT (docs/api.md, D6) and a Live carries no version or `updatedAt`
(docs/api.md, The Live): MeltingSpot cannot refuse a stale write. The choice is made here,
in one place: the edit form carries a signed fingerprint of each field as the live was
when the form was opened (`opened_as`). On save the view reads the live again, then per
field:

- the organiser did not change it: the live's current value is sent (someone else's
  save stays, nothing goes back to what the form was opened with);
- the organiser changed it and nobody else did: the organiser's value is sent;
- both changed it, to different values: a conflict. Nothing is sent; the form comes back
  with each such field, theirs now and yours, and a choice (keep mine / take theirs).

The conflict screen carries a new fingerprint (the live as shown) and the names of the
fields awaiting a choice, so a further save by someone else is a new conflict and a
field cannot be saved without its answer. A POST without `opened_as` (a script, a page
from before this existed) is sent as it is, as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field, replace

from django.core import signing

from lives_admin.forms.lives import DATETIME_FORMAT
from lives_admin.lives.changes import comparable
from lives_admin.meltingspot import Live, LiveUpdate

SNAPSHOT_FIELD = "opened_as"
CHOICE_PREFIX = "choose_"
MINE, THEIRS = "mine", "theirs"
_SALT = "lives_admin.live-edit.opened-as"

# Each PUT field (docs/api.md, Update a live): its LiveUpdate attribute, and the edit
# form's field that shows it.
EDITABLE = {
    "title": ("title", "title"),
    "description": ("description", "description"),
    "startDate": ("start_date", "start"),
    "endDate": ("end_date", "end"),
    "solution": ("solution", "solution"),
    "builtInType": ("built_in_type", "built_in_type"),
    "videoUrl": ("video_url", "video_url"),
    "record": ("record", "record"),
    "recordAvailable": ("record_available", "record_available"),
    "replayVideoUrl": ("replay_video_url", "replay_video_url"),
    "visibility": ("visibility", "visibility"),
    "participation": ("participation", "participation"),
    "chatVisibility": ("chat_visibility", "chat_visibility"),
    "participantsVisibility": ("participants_visibility", "participants_visibility"),
}


def _fingerprint(value) -> str:
    encoded = json.dumps(comparable(value), sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()[:16]


def _body_of(live: Live) -> dict:
    return LiveUpdate.from_live(live).to_body()


def sign_opened_as(live: Live, awaiting: list[str] = ()) -> str:
    """The hidden field's value: the live as the form shows it, and the form fields still
    waiting for a keep-mine / take-theirs answer."""
    body = _body_of(live)
    return signing.dumps(
        {
            "live": live.id,
            "fields": {key: _fingerprint(body.get(key)) for key in EDITABLE},
            "awaiting": list(awaiting),
            "at": time.time(),
        },
        salt=_SALT,
        compress=True,
    )


@dataclass(frozen=True)
class OpenedAs:
    sent: bool  # False: a POST without the field, sent as it is
    fields: dict | None = None  # None: unreadable, so every difference is a question
    awaiting: tuple = ()
    at: float | None = None  # when the form was opened (Unix seconds)


def read_opened_as(value: str | None, live_id: str) -> OpenedAs:
    if value is None:
        return OpenedAs(sent=False)
    try:
        data = signing.loads(value, salt=_SALT)
    except signing.BadSignature:
        return OpenedAs(sent=True)
    if not isinstance(data, dict) or data.get("live") != live_id:
        return OpenedAs(sent=True)
    return OpenedAs(
        sent=True,
        fields=data.get("fields"),
        awaiting=tuple(data.get("awaiting", ())),
        at=data.get("at"),
    )


@dataclass(frozen=True)
class Conflict:
    form_field: str
    theirs: object  # the PUT body's value now on MeltingSpot
    mine: object  # the one this form sends


@dataclass
class Reconciled:
    update: LiveUpdate  # what to send when there is no conflict
    conflicts: list[Conflict] = field(default_factory=list)
    unanswered: bool = False  # a field of the conflict screen was sent without its choice
    theirs_kept: list[str] = field(default_factory=list)  # form fields someone else changed


def reconcile(opened: OpenedAs, mine: LiveUpdate, live: Live, choices: dict) -> Reconciled:
    """What this edit may send to `live` as it is now. `choices`: form field → mine/theirs."""
    if not opened.sent:
        return Reconciled(update=mine)
    theirs = LiveUpdate.from_live(live)
    mine_body, theirs_body = mine.to_body(), theirs.to_body()
    keep_mine, outcome = {}, Reconciled(update=theirs)
    for key, (attr, form_field) in EDITABLE.items():
        mine_value, theirs_value = mine_body.get(key), theirs_body.get(key)
        if comparable(mine_value) == comparable(theirs_value):
            continue  # the same: the live's own value is sent (a CRLF copy is not a change)
        opened_print = (opened.fields or {}).get(key)
        mine_changed = opened_print is None or _fingerprint(mine_value) != opened_print
        theirs_changed = opened_print is None or _fingerprint(theirs_value) != opened_print
        choice = choices.get(form_field)
        if mine_changed and theirs_changed:
            outcome.conflicts.append(Conflict(form_field, theirs_value, mine_value))
        elif form_field in opened.awaiting and choice not in (MINE, THEIRS):
            outcome.unanswered = True
            outcome.conflicts.append(Conflict(form_field, theirs_value, mine_value))
        elif choice == THEIRS and form_field in opened.awaiting:
            continue  # the value shown as theirs, unchanged since
        elif mine_changed:
            keep_mine[attr] = getattr(mine, attr)
        else:
            outcome.theirs_kept.append(form_field)
    outcome.update = replace(theirs, **keep_mine)
    return outcome


def form_values_of(form_fields: list[str], initial: dict) -> dict:
    """The edit form's posted values for `form_fields`, from the live's initial values
    (`initial_from_live` in the form's timezone): the conflict screen shows their change."""
    values = {}
    for name in form_fields:
        value = initial.get(name)
        if isinstance(value, dt.datetime):
            value = value.strftime(DATETIME_FORMAT)
        values[name] = value
    return values
