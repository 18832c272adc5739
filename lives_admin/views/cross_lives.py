"""Across lives, from the lives list's selection: invite the same people, link or unlink a group.

The selection ("these rows" or "all N matching") becomes a draft; inviting then goes
through the same wizard as one live, linking through a per-live preview here.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lives_admin.forms.invites import GroupActionForm
from lives_admin.i18n import stored_texts
from lives_admin.invites.drafts import titles_of
from lives_admin.invites.plan import InvitePlan
from lives_admin.lives.list_state import live_filters_from_query
from lives_admin.meltingspot import MeltingSpotError
from lives_admin.models import JobKind
from lives_admin.team.roles import Role, role_required
from lives_admin.upstream import get_client
from lives_admin.views.invites import get_draft, new_draft, start_plan, to_started_job
from lives_admin.views.panels import panel_error
from lives_admin.web.submit_once import submit_once

MAX_CROSS_LIVES = 200


def _selected_lives(request) -> tuple[list[str], dict[str, str], list[str]]:
    """(ids, titles, messages) of the lives the list's selection stands for."""
    filters, notes = live_filters_from_query(
        request.POST.get("filters", ""), request.organiser_timezone
    )
    chosen = set(request.POST.getlist("selected"))
    across = request.POST.get("select_across") == "1"
    titles: dict[str, str] = {}
    for live in get_client().lives.iter_all(filters):
        if across or live.id in chosen:
            titles[live.id] = live.title
        if len(titles) >= MAX_CROSS_LIVES:
            notes.append(
                _("Only the first %(count)s lives are taken at once.") % {"count": MAX_CROSS_LIVES}
            )
            break
    return list(titles), titles, notes


@role_required(Role.ADMIN)
@require_POST
def lives_bulk_action(request):
    action = request.POST.get("action")
    back = reverse("lives_admin:live_list") + (
        f"?{request.POST['filters']}" if request.POST.get("filters") else ""
    )
    if action not in ("invite", "link_group", "unlink_group"):
        messages.error(request, _("Choose what to do with the selected lives."))
        return redirect(back)
    try:
        live_ids, titles, notes = _selected_lives(request)
    except MeltingSpotError as error:
        messages.error(
            request,
            _("The lives could not be read: %(reason)s")
            % {"reason": panel_error(error).explanation},
        )
        return redirect(back)
    for note in notes:
        messages.warning(request, note)
    if not live_ids:
        messages.error(request, _("Tick at least one live first."))
        return redirect(back)
    draft = new_draft(request, live_ids, titles)
    if action == "invite":
        return redirect("lives_admin:invite_many", draft_id=draft.pk)
    draft.payload["group_action"] = "link" if action == "link_group" else "unlink"
    draft.save()
    return redirect("lives_admin:lives_bulk_groups", draft_id=draft.pk)


@role_required(Role.ADMIN)
@submit_once
def lives_bulk_groups(request, draft_id):
    """Link or unlink one group on every selected live, with a per-live preview."""
    draft = get_draft(request, draft_id)
    if draft.job_id:
        return to_started_job(request, draft)
    linking = draft.payload.get("group_action") == "link"
    form = GroupActionForm(request.POST or request.GET or None)
    group, preview, problem = None, None, None
    if form.is_bound and form.is_valid():
        client = get_client()
        try:
            groups = {g.id: g for g in client.groups.iter_all()}
            group = groups.get(form.cleaned_data["group_id"])
            if group is None:
                form.add_error("group_id", _("This group does not exist any more."))
            else:
                preview = [
                    (
                        live_id,
                        titles_of(draft).get(live_id, live_id),
                        group.id in {g.id for g in client.live_groups.iter_all(live_id)},
                    )
                    for live_id in draft.live_ids
                ]
        except MeltingSpotError as error:
            problem = panel_error(error)
    if request.method == "POST" and preview is not None and "confirm" in request.POST:
        to_change = [live_id for live_id, _, linked in preview if linked != linking]
        plan = InvitePlan(
            kind=JobKind.LINK_GROUPS if linking else JobKind.UNLINK_GROUPS,
            live_ids=tuple(to_change),
            group_ids=(group.id,),
            group_names={group.id: group.name},
            live_titles=titles_of(draft),
            with_email_notification=form.cleaned_data["with_email_notification"],
            source_label=stored_texts.LINKED_GROUP(name=group.name),
        )
        if not to_change:
            messages.info(request, _("Nothing to do: every selected live is already as asked."))
            return redirect("lives_admin:live_list")
        return start_plan(request, draft, plan)
    return render(
        request,
        "lives_admin/invites/groups.html",
        {
            "draft": draft,
            "form": form,
            "linking": linking,
            "group": group,
            "preview": preview,
            "problem": problem,
            "titles": titles_of(draft),
            "nav_active": "lives",
        },
    )
