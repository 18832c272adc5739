"""The speakers of a live: filter, invite one (member or new), invite several members."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lives_admin import audit
from lives_admin.audit.titles import names_the_live
from lives_admin.forms.fields import form_errors
from lives_admin.forms.speakers import BulkSpeakersForm, InviteSpeakerForm, SpeakerFilterForm
from lives_admin.i18n.formats import number
from lives_admin.meltingspot import MeltingSpotError
from lives_admin.people import folded_search, members
from lives_admin.people.versions import people_changed
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.views.panels import (
    INVITE_SPEAKERS,
    add_api_error,
    after_write,
    bulk_failure,
    load_page,
    picked_member,
    render_panel,
)
from lives_admin.web.submit_once import submit_once

TEMPLATE = "lives_admin/people/speakers.html"
PANEL = "speakers-panel"


def render_speakers_panel(
    request, live_id, *, invite_form=None, notice=None, kept_bulk=None, status=200
):
    # Its own ids: the participants' filters, on the same page, have the same fields.
    form = SpeakerFilterForm(request.GET, auto_id="speakers_%s")
    form.is_valid()
    loaded, error = load_page(
        lambda: folded_search.search_page(
            get_client().speakers,
            live_id,
            form.to_filters(),
            page=form.page_number,
            limit=form.per_page_value,
        )
    )
    page, told_apart = loaded or (None, False)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "error": error,
        "accents_told_apart": told_apart,
        "folded_max": folded_search.MAX_PEOPLE,
        "query": query.urlencode(),
        "invite_form": invite_form or InviteSpeakerForm(),
        "picked_member": picked_member(invite_form) if invite_form else None,
        "notice": notice,
        # The members still ticked, and the switches, after a bulk invitation that failed.
        "kept_bulk": kept_bulk,
        "bulk_form": BulkSpeakersForm(initial=kept_bulk),
        "can_invite": has_role(request.user, Role.ORGANISER),
    }
    return render_panel(
        request,
        TEMPLATE,
        live_id,
        context,
        panel=PANEL,
        fragments=("speakers-results",),
        status=status,
    )


@role_required(Role.VIEWER)
def live_speakers_panel(request, live_id):
    return render_speakers_panel(request, live_id)


def _done(request, live_id, level, text):
    people_changed(live_id)
    # Speakers are participants too: the participants panel reloads on this event.
    return after_write(
        request,
        live_id,
        panel=PANEL,
        notice=(level, text),
        render_again=lambda notice: render_speakers_panel(request, live_id, notice=notice),
        events=("peopleChanged",),
    )


@role_required(Role.ORGANISER)
@require_POST
@submit_once
@names_the_live
def live_speakers_invite(request, live_id):
    form = InviteSpeakerForm(request.POST)
    if not form.is_valid():
        return render_speakers_panel(request, live_id, invite_form=form)
    data = form.cleaned_data
    switches = {
        "highlighted": data["highlighted"],
        "grant_host_rights": data["grant_host_rights"],
        "with_email_notification": data["with_email_notification"],
    }
    client = get_client()
    try:
        if data["mode"] == "member":
            member = members.get(data["spot_member_id"])
            name = member.display_name if member else ""
            with audit.describing(names={data["spot_member_id"]: name}):
                client.speakers.invite_member(live_id, data["spot_member_id"], **switches)
            text = _("%(name)s is now a speaker.") % {
                "name": member.display_name if member else _("The member")
            }
        else:
            result = client.speakers.invite(
                live_id,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                title=data["title"],
                biography=data["biography"],
                **switches,
            )
            members.forget()
            if result.already_invited:
                return _done(
                    request,
                    live_id,
                    messages.INFO,
                    _("%(email)s is already a speaker: nothing was sent again.")
                    % {"email": data["email"]},
                )
            text = _("%(email)s is invited as a speaker.") % {"email": data["email"]}
    except MeltingSpotError as exc:
        add_api_error(form, exc)
        return render_speakers_panel(request, live_id, invite_form=form)
    return _done(request, live_id, messages.SUCCESS, text)


@role_required(Role.ORGANISER)
@require_POST
@submit_once
@names_the_live
def live_speakers_bulk_invite(request, live_id):
    """Several Spot members at once (speakers~bulkInvite takes member ids only)."""
    form = BulkSpeakersForm(request.POST)
    if not form.is_valid():
        return _done(request, live_id, messages.ERROR, " ".join(form_errors(form)))
    member_ids = form.cleaned_data["spot_member_ids"]
    try:
        outcome = get_client().speakers.bulk_invite(
            live_id,
            member_ids,
            highlighted=form.cleaned_data["highlighted"],
            with_email_notification=form.cleaned_data["with_email_notification"],
        )
    except MeltingSpotError as exc:
        return _bulk_invite_failed(request, live_id, exc, form)
    level, text = _invited_words(member_ids, outcome)
    return _done(request, live_id, level, text)


def _invited_words(member_ids: list[str], outcome) -> tuple[int, str]:
    """What MeltingSpot's answer says was done: the members it names, not those asked for
    (it answers `[]` for ids it does not know, and nobody is invited)."""
    rejected = set(outcome.rejected)
    sent = [member_id for member_id in member_ids if member_id not in rejected]
    named = {participant.spot_member_id for participant in outcome.participants}
    invited = sum(1 for member_id in sent if member_id in named)
    unnamed = len(sent) - invited
    if invited:
        text = ngettext(
            "%(count)s member invited as speakers.",
            "%(count)s members invited as speakers.",
            invited,
        ) % {"count": number(invited)}
    else:
        text = _(
            "Nobody was invited as a speaker: MeltingSpot’s answer names none of the members sent."
        )
    if invited and unnamed:
        text += " " + ngettext(
            "MeltingSpot’s answer does not name %(count)s of the members sent: they may not "
            "be members of the Spot.",
            "MeltingSpot’s answer does not name %(count)s of the members sent: they may not "
            "be members of the Spot.",
            unnamed,
        ) % {"count": number(unnamed)}
    if rejected:
        text += " " + INVITE_SPEAKERS.refused % {"count": len(outcome.rejected)}
    level = messages.SUCCESS if invited and not unnamed else messages.WARNING
    return level, text


def _bulk_invite_failed(request, live_id, error, form: BulkSpeakersForm):
    """Say how far the invitation got; the members not invited stay ticked to try again."""
    failure = bulk_failure(
        error,
        form.cleaned_data["spot_member_ids"],
        words=INVITE_SPEAKERS,
    )
    if error.bulk_progress and error.bulk_progress.done:
        people_changed(live_id)

    def render_again(notice):
        kept = {
            "members": _members_by_id(failure.not_done),
            "with_email_notification": form.cleaned_data["with_email_notification"],
        }
        return render_speakers_panel(
            request, live_id, notice=notice, kept_bulk=kept, status=failure.status
        )

    return after_write(
        request,
        live_id,
        panel=PANEL,
        notice=(messages.ERROR, failure.text),
        render_again=render_again,
        events=("peopleChanged",),
    )


def _members_by_id(member_ids: list[str]) -> list:
    """The kept members by name when the picker's cache knows them, else by id: showing
    them again costs no call."""
    known = members.known(member_ids)
    return [
        known.get(i) or SimpleNamespace(id=i, display_name=_("Member %(id)s") % {"id": i}, email="")
        for i in member_ids
    ]
