"""What an edit of a live answers when the live changed since its form was opened:
the saved message naming the others' changes, the conflict screen, the live gone."""

from __future__ import annotations

import zoneinfo
from types import SimpleNamespace

from django.shortcuts import render
from django.utils import timezone

from lives_admin.forms.lives import LiveEditForm, initial_from_live
from lives_admin.lives.concurrent_edits import CHOICE_PREFIX, form_values_of, sign_opened_as
from lives_admin.lives.conflict_display import shown_value
from lives_admin.lives.saved_since import saved_since
from lives_admin.meltingspot import MeltingSpotError, NotFoundError
from lives_admin.people.members import get as get_member

FORM_TEMPLATE = "lives_admin/lives/form.html"


def _zone_name(request) -> str:
    return str(request.organiser_timezone)


def saved_message(updated, form, theirs_kept: list[str], who: str) -> str:
    saved = " ".join([f"“{updated.title}” was saved.", *form.notes])
    if not theirs_kept:
        return saved
    names = _names([form.fields[name].label for name in theirs_kept])
    verb = "was" if len(theirs_kept) == 1 else "were"
    return (
        f"{saved} Since you opened the form, {names} {verb} changed by {who or 'someone else'}: "
        "that change was kept."
    )


def who_saved_since(request, live_id: str, opened) -> str:
    """Read before this save is logged: the others' saves since the form was opened."""
    saves = saved_since(live_id, opened.at, request.user)
    return _names(list(dict.fromkeys(name for name, _ in saves)))


def _names(labels: list[str]) -> str:
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def conflict_page(request, live, form, outcome, opened, host):
    """Nothing is sent: the form comes back with someone else's other changes in it, the
    organiser's own values kept, and a keep-mine / take-theirs choice per field both changed."""
    zone_name = form.cleaned_data["timezone"]
    data = request.POST.copy()
    for name in (*(c.form_field for c in outcome.conflicts), *outcome.theirs_kept):
        data.pop(CHOICE_PREFIX + name, None)
    theirs_now = initial_from_live(live, zoneinfo.ZoneInfo(zone_name))
    for name, value in form_values_of(outcome.theirs_kept, theirs_now).items():
        if value is True:
            data[name] = "on"
        elif value in (False, None):
            data.pop(name, None)
        else:
            data[name] = value
    fresh = LiveEditForm(data, default_timezone=_zone_name(request), initial=theirs_now)
    fresh.is_valid()
    awaiting = [c.form_field for c in outcome.conflicts]
    conflicts = [
        {
            "field": fresh[c.form_field],
            "choice_name": CHOICE_PREFIX + c.form_field,
            "theirs": shown_value(fresh, c.form_field, c.theirs, zone_name),
            "mine": shown_value(fresh, c.form_field, c.mine, zone_name),
        }
        for c in outcome.conflicts
    ]
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": fresh,
            "mode": "edit",
            "live": live,
            "opened_as": sign_opened_as(live, awaiting),
            "conflicts": conflicts,
            "conflict_unanswered": outcome.unanswered,
            # A forged or emptied `opened_as`: no one else's save is known, so none is named.
            "snapshot_unreadable": opened.fields is None,
            "saved_by": ""
            if opened.fields is None
            else _names(
                [
                    f"{name} at {timezone.localtime(when, request.organiser_timezone):%H:%M}"
                    for name, when in saved_since(live.id, opened.at, request.user)
                ]
            ),
            "theirs_kept": _names([fresh.fields[n].label for n in outcome.theirs_kept])
            if outcome.theirs_kept
            else "",
            "host": host,
            "nav_active": "lives",
        },
        status=409,
    )


def live_gone(request, live_id: str):
    """Deleted since the form was opened: nothing is sent, and what was typed comes back
    on the page, with a way to make a new live of it. The live's host, which only the
    edit form knew (its hidden host_id), is carried into that new live."""
    form = LiveEditForm(request.POST, default_timezone=_zone_name(request))
    form.is_valid()
    stand_in = SimpleNamespace(id=live_id, title=request.POST.get("title", "")[:200] or live_id)
    host_id = request.POST.get("host_id", "").strip()[:100]
    host, host_id = _host_to_carry(host_id)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "mode": "edit",
            "live": stand_in,
            "live_gone": True,
            "host": host,
            "gone_host_id": host_id,
            "nav_active": "lives",
        },
        status=404,
    )


def _host_to_carry(member_id: str):
    """(the member, the id the new live gets): no id for one the Spot does not have (gone,
    or not an id at all), so the page asks for the host; the bare id when MeltingSpot
    cannot say (the new live's creation checks it)."""
    if not member_id:
        return None, ""
    try:
        member = get_member(member_id)
    except NotFoundError:
        return None, ""
    except MeltingSpotError:
        return None, member_id
    return member, member_id if member else ""
