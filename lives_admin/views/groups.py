"""The groups linked to a live: list, link several at once, unlink one or several."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from lives_admin import audit
from lives_admin.audit.titles import names_the_live
from lives_admin.forms.fields import PageForm, form_errors
from lives_admin.forms.groups import (
    GroupSearchForm,
    LinkGroupsForm,
    TickedGroupsForm,
    UnlinkGroupsForm,
)
from lives_admin.i18n.formats import number
from lives_admin.meltingspot import GroupFilters, InvalidIdError, MeltingSpotError, NotFoundError
from lives_admin.people import spot_groups
from lives_admin.people.versions import people_changed
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.views.panels import (
    LINK_GROUPS,
    UNLINK_GROUPS,
    PanelError,
    after_write,
    bulk_failure,
    load_page,
    panel_error,
    render_panel,
)
from lives_admin.web.submit_once import submit_once

TEMPLATE = "lives_admin/people/groups.html"
PANEL = "groups-panel"
PAGE_SIZE = 25


def render_groups_panel(
    request, live_id: str, *, notice=None, form_errors=None, kept=None, selected=(), status=200
):
    page, error = load_page(
        lambda: get_client().live_groups.list(
            live_id, page=PageForm(request.GET).number, limit=PAGE_SIZE
        )
    )
    context = {
        "page": page,
        "error": error,
        "notice": notice,
        "form_errors": form_errors or [],
        # The search box says the link failed, and names the errors beside it.
        "link_search_invalid": "true" if form_errors else None,
        "link_errors_id": f"link-errors-{live_id}" if form_errors else None,
        # What the organiser had typed and ticked in the link form, after a failed link.
        "kept": kept,
        "link_form": TickedGroupsForm(initial=kept, auto_id=f"link-%s-{live_id}"),
        "group_search_url": _group_search_url(ticked=(kept or {}).get("group_ids", ())),
        # The rows ticked for an unlink that failed, ticked again.
        "selected": set(selected),
        "can_edit": has_role(request.user, Role.ORGANISER),
    }
    return render_panel(request, TEMPLATE, live_id, context, panel=PANEL, status=status)


def _group_search_url(ticked) -> str:
    """The picker's search, keeping ticked the groups of a link that failed."""
    url = reverse("lives_admin:group_search")
    return f"{url}?{urlencode([('ticked', gid) for gid in ticked])}" if ticked else url


@role_required(Role.VIEWER)
def live_groups_panel(request, live_id):
    return render_groups_panel(request, live_id)


def _after_write(request, live_id, text: str, *, level=messages.SUCCESS, status=200, selected=()):
    def render_again(notice):
        return render_groups_panel(
            request, live_id, notice=notice, selected=selected, status=status
        )

    return after_write(
        request, live_id, panel=PANEL, notice=(level, text), render_again=render_again
    )


def _link_not_found(live_id: str, error: MeltingSpotError) -> PanelError | None:
    """A 404 from the link names the live or a group (deleted between our check and the
    write): the live is said gone only if it is; otherwise a group is. None: not a 404."""
    if not isinstance(error, NotFoundError) or isinstance(error, InvalidIdError):
        return None
    try:
        get_client().lives.retrieve(live_id)
    except MeltingSpotError:
        return None  # gone (or unreadable): the usual words
    return PanelError(
        _("A group you ticked no longer exists on MeltingSpot"),
        _("It may have been deleted since the search: search again and tick the groups anew."),
        409,
    )


@role_required(Role.ORGANISER)
@require_POST
@submit_once
@names_the_live
def live_groups_link(request, live_id):
    ticked = TickedGroupsForm(request.POST)
    ticked.is_valid()  # its errors are said with the link form's, below
    chosen = ticked.cleaned_data.get("group_ids", [])
    kept = {
        "q": ticked.cleaned_data.get("q", ""),
        "with_email_notification": ticked.cleaned_data.get("with_email_notification", False),
    }
    client = get_client()
    try:
        # Only a group the Spot has can be linked: a forged or deleted one is never sent.
        existing = spot_groups.existing(chosen)
    except MeltingSpotError as exc:
        problem = panel_error(exc)
        text = f"{LINK_GROUPS.nothing_done} {problem.title}. {problem.explanation}"
        return _after_write(request, live_id, text, level=messages.ERROR, status=problem.status)
    form = LinkGroupsForm({"group_ids": chosen, **kept}, existing=existing)
    if not form.is_valid() or "group_ids" in ticked.errors:
        # Too many ticked: that alone is said (the link form saw none of them). A search
        # too long to keep does not stop the link (the picker said so as it was typed).
        errors = ticked.errors.get("group_ids") or form_errors(form)
        if not request.htmx:  # the live's page says it
            return _after_write(request, live_id, " ".join(errors), level=messages.ERROR)
        # The link form comes back open with the errors beside its search (which takes the
        # focus), the groups that still exist ticked.
        return render_groups_panel(
            request,
            live_id,
            form_errors=errors,
            kept={**kept, "group_ids": [g for g in chosen if g in existing]},
        )
    group_ids = form.cleaned_data["group_ids"]
    try:
        with audit.describing(names={gid: existing[gid].name for gid in group_ids}):
            outcome = client.live_groups.bulk_link(
                live_id,
                group_ids,
                with_email_notification=form.cleaned_data["with_email_notification"],
            )
    except MeltingSpotError as exc:
        # The link form comes back open with the search, and ticked the groups not linked.
        failure = bulk_failure(
            exc,
            group_ids,
            words=LINK_GROUPS,
            problem=_link_not_found(live_id, exc),
        )
        if exc.bulk_progress and exc.bulk_progress.done:
            people_changed(live_id)
        return render_groups_panel(
            request,
            live_id,
            notice=(messages.ERROR, failure.text),
            kept={
                **kept,
                "group_ids": failure.not_done,
                "with_email_notification": form.cleaned_data["with_email_notification"],
            },
            status=failure.status,
        )
    people_changed(live_id)
    linked = len(group_ids) - len(outcome.rejected)
    notice = ngettext("Linked %(count)s group.", "Linked %(count)s groups.", linked) % {
        "count": number(linked)
    }
    if outcome.rejected:
        refused = len(outcome.rejected)
        notice += " " + ngettext(
            "%(count)s could not be linked (MeltingSpot refused it).",
            "%(count)s could not be linked (MeltingSpot refused them).",
            refused,
        ) % {"count": number(refused)}
    # Linking invites the groups' members: the participants panel reloads on this event.
    return trigger_client_event(_after_write(request, live_id, notice), "peopleChanged")


@role_required(Role.ORGANISER)
def live_groups_link_count(request, live_id):
    """What linking the ticked groups will do, said before the click: each group's
    member count and the total invited (and emailed, with the switch on)."""
    form = TickedGroupsForm(request.GET)
    if not form.is_valid():
        # Said where the count goes: the link itself will refuse the same ticks.
        return render(
            request,
            "lives_admin/people/group_link_count.html",
            {"invalid": " ".join(form_errors(form))},
        )
    chosen = form.cleaned_data["group_ids"]
    counts, error = {}, None
    try:
        counts = spot_groups.member_counts(chosen)
    except MeltingSpotError as exc:
        error = panel_error(exc)
    return render(
        request,
        "lives_admin/people/group_link_count.html",
        {
            "counts": list(counts.values()),
            "total": sum(counts.values()),
            "groups": len(counts),
            "uncounted": len(chosen) - len(counts),
            "with_email_notification": form.cleaned_data["with_email_notification"],
            "error": error,
        },
    )


@role_required(Role.ORGANISER)
@require_POST
@submit_once
@names_the_live
def live_groups_unlink(request, live_id):
    client = get_client()
    try:
        # Only a group linked to this live can be unlinked: what the page offered.
        linked = {group.id: group.name for group in client.live_groups.iter_all(live_id)}
    except MeltingSpotError as exc:
        problem = panel_error(exc)
        text = f"{UNLINK_GROUPS.nothing_done} {problem.title}. {problem.explanation}"
        return _after_write(request, live_id, text, level=messages.ERROR, status=problem.status)
    # One row's button names its group; the bulk bar sends the ticked rows.
    form = UnlinkGroupsForm(request.POST, linked=list(linked))
    if not form.is_valid():
        errors = form_errors(form)
        return _after_write(request, live_id, " ".join(errors), level=messages.ERROR)
    group_ids = form.cleaned_data["group_ids"]
    try:
        with audit.describing(names={gid: linked[gid] for gid in group_ids}):
            if len(group_ids) == 1:
                client.live_groups.unlink(live_id, group_ids[0])
            else:
                client.live_groups.bulk_unlink(live_id, group_ids)
    except MeltingSpotError as exc:
        failure = bulk_failure(
            exc,
            group_ids,
            words=UNLINK_GROUPS,
        )
        return _after_write(
            request,
            live_id,
            failure.text,
            level=messages.ERROR,
            status=failure.status,
            selected=failure.not_done,
        )
    count = len(group_ids)
    return _after_write(
        request,
        live_id,
        ngettext(
            "Unlinked %(count)s group. People already invited through it stay invited.",
            "Unlinked %(count)s groups. People already invited through them stay invited.",
            count,
        )
        % {"count": number(count)},
    )


@role_required(Role.ORGANISER)
def group_search(request):
    """The group picker: the Spot's groups whose name contains the query."""
    form = GroupSearchForm(request.GET)
    if not form.is_valid():
        context = {"invalid": " ".join(form_errors(form)), "groups": [], "ticked": set()}
        return render(request, "lives_admin/people/group_search.html", context)
    query = form.cleaned_data["q"]
    ticked = set(form.cleaned_data["ticked"])  # kept from a link that failed
    groups, error = [], None
    try:
        filters = GroupFilters(name_contains=query) if query else None
        groups = get_client().groups.list(filters, limit=25).items
    except MeltingSpotError as exc:
        error = panel_error(exc)
    return render(
        request,
        "lives_admin/people/group_search.html",
        {
            "groups": groups,
            "query": query,
            "error": error,
            "pick_one": form.cleaned_data["pick"] == "one",
            "ticked": ticked,
        },
    )
