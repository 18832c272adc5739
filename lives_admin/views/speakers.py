"""The speakers of a live: filter, invite one (member or new), invite several members."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from lives_admin import audit
from lives_admin.audit.titles import names_the_live
from lives_admin.forms.fields import form_errors
from lives_admin.forms.speakers import BulkSpeakersForm, InviteSpeakerForm, SpeakerFilterForm
from lives_admin.meltingspot import BadRequestError, MeltingSpotError
from lives_admin.people import members
from lives_admin.people.versions import people_changed
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.views.panels import bulk_failure, panel_error, picked_member, title_for_full_page
from lives_admin.web.htmx import fragment_or_page
from lives_admin.web.submit_once import submit_once

TEMPLATE = "lives_admin/people/speakers.html"


def render_speakers_panel(
    request, live_id, *, invite_form=None, notice=None, kept_bulk=None, status=200
):
    # Its own ids: the participants' filters, on the same page, have the same fields.
    form = SpeakerFilterForm(request.GET, auto_id="speakers_%s")
    form.is_valid()
    page, error = None, None
    try:
        page = get_client().speakers.list(
            live_id, form.to_filters(), page=form.page_number, limit=form.per_page_value
        )
    except MeltingSpotError as exc:
        error = panel_error(exc)
        status = error.status
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "live_id": live_id,
        "form": form,
        "page": page,
        "error": error,
        "query": query.urlencode(),
        "invite_form": invite_form or InviteSpeakerForm(),
        "picked_member": picked_member(invite_form) if invite_form else None,
        "notice": notice,
        # The members still ticked, and the switches, after a bulk invitation that failed.
        "kept_bulk": kept_bulk,
        "can_invite": has_role(request.user, Role.ORGANISER),
    }
    template = fragment_or_page(request, TEMPLATE, ("speakers-panel", "speakers-results"))
    if request.method == "POST" and request.htmx:
        template = f"{TEMPLATE}#speakers-panel"
    context["live_title"] = title_for_full_page(template, live_id)
    return render(request, template, context, status=status)


@role_required(Role.VIEWER)
def live_speakers_panel(request, live_id):
    return render_speakers_panel(request, live_id)


def _done(request, live_id, level, text):
    people_changed(live_id)
    if request.htmx:
        # Speakers are participants too: the participants panel reloads on this event.
        response = render_speakers_panel(request, live_id, notice=(level, text))
        return trigger_client_event(response, "peopleChanged")
    messages.add_message(request, level, text)
    return redirect(reverse("lives_admin:live_detail", args=[live_id]) + "#speakers-panel")


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
            text = f"{member.display_name if member else 'The member'} is now a speaker."
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
                    f"{data['email']} is already a speaker: nothing was sent again.",
                )
            text = f"{data['email']} is invited as a speaker."
    except BadRequestError as exc:
        form.add_error(None, f"MeltingSpot refused this invitation: {exc.message}")
        return render_speakers_panel(request, live_id, invite_form=form)
    except MeltingSpotError as exc:
        problem = panel_error(exc)
        form.add_error(None, f"{problem.title}. {problem.explanation}")
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
    invited = len(member_ids) - len(outcome.rejected)
    text = f"{invited} member{'s' if invited != 1 else ''} invited as speakers."
    if outcome.rejected:
        text += f" {len(outcome.rejected)} could not be invited: MeltingSpot refused them."
    return _done(request, live_id, messages.SUCCESS, text)


def _bulk_invite_failed(request, live_id, error, form: BulkSpeakersForm):
    """Say how far the invitation got; the members not invited stay ticked to try again."""
    failure = bulk_failure(
        error,
        form.cleaned_data["spot_member_ids"],
        done_verb="Invited",
        nothing_done="Nobody was invited.",
        noun="members as speakers",
        check="the speakers",
    )
    if error.bulk_progress and error.bulk_progress.done:
        people_changed(live_id)
    if not request.htmx:
        messages.error(request, failure.text)
        return redirect(reverse("lives_admin:live_detail", args=[live_id]) + "#speakers-panel")
    kept = {
        "members": _members_by_id(failure.not_done),
        "with_email_notification": form.cleaned_data["with_email_notification"],
    }
    response = render_speakers_panel(
        request,
        live_id,
        notice=(messages.ERROR, failure.text),
        kept_bulk=kept,
        status=failure.status,
    )
    return trigger_client_event(response, "peopleChanged")


def _members_by_id(member_ids: list[str]) -> list:
    """The kept members by name when the picker's cache knows them, else by id: showing
    them again costs no call."""
    known = members.known(member_ids)
    return [
        known.get(i) or SimpleNamespace(id=i, display_name=f"Member {i}", email="")
        for i in member_ids
    ]
