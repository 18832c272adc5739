"""The participants of a live: filter, count by status, invite one, export."""

from __future__ import annotations

import hashlib
from collections import Counter

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lives_admin.audit.titles import names_the_live
from lives_admin.forms.participants import InviteParticipantForm, ParticipantFilterForm
from lives_admin.forms.people_filters import FILTER_DEFAULTS, status_label
from lives_admin.i18n.languages import rows_in
from lives_admin.meltingspot import PARTICIPANT_STATUSES, MeltingSpotError
from lives_admin.meltingspot.priority import EXPORT, iterate_as
from lives_admin.people import folded_search, members, shared_export
from lives_admin.people.exports import csv_stream, export_filename, participant_rows, xlsx_file
from lives_admin.people.versions import people_changed, people_version
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.upstream.read_cache import NotShared, only_if_shared
from lives_admin.views.panels import (
    add_api_error,
    after_write,
    load_page,
    panel_error,
    picked_member,
    render_panel,
)
from lives_admin.web.query_strings import filters_in_use
from lives_admin.web.submit_once import submit_once

TEMPLATE = "lives_admin/people/participants.html"
PANEL = "participants-panel"
TABS_TARGET = "participants-tabs"
COUNTS_SECONDS = 60
ONE_READ = 100  # the most one page of the API holds


def _counts_key(live_id: str, form: ParticipantFilterForm) -> str | None:
    """None when the live's people version cannot be read: counts are then not cached."""
    version = people_version(live_id)
    if version is None:
        return None
    base = form.to_filters(statuses=())
    # A stable digest (not hash(), which differs per process) so web processes share it.
    digest = hashlib.sha256(repr(base).encode()).hexdigest()[:16]
    return f"lives_admin:people:counts:{live_id}:{version}:{digest}"


def _status_counts(live_id: str, form: ParticipantFilterForm) -> dict[str, int]:
    """Totals per status with the other filters applied, for the tabs (cached briefly).

    The API has no aggregate: one call per status, so an htmx panel paints with its
    one list call and the tabs fetch their counts right after (see TABS_TARGET).
    """
    key = _counts_key(live_id, form)
    counts = cache.get(key) if key else None
    if counts is None:
        counts = _count_by_status(live_id, form)
        if key:
            cache.set(key, counts, COUNTS_SECONDS)
    return counts


def _panel_rows(client, live_id: str, form: ParticipantFilterForm):
    """The page of rows the panel itself just read, when it holds everyone the other
    filters match and the shared cache still has it (never a call); else None."""
    if form.to_filters() != form.to_filters(statuses=()):
        return None  # a status tab: its rows are not everyone's
    try:
        with only_if_shared():
            return client.participants.list(
                live_id, form.to_filters(), page=1, limit=form.per_page_value
            )
    except NotShared:
        return None


def _count_by_status(live_id: str, form: ParticipantFilterForm) -> dict[str, int]:
    """Counted from a page of rows when everyone the other filters match fits in it: the
    panel's own (shared, no call) or one read of a whole page; else one call per status
    (issue 18: most lives' tabs cost one call or none, not three). A live the panel's
    rows show is too big for a page skips that read."""
    client = get_client()
    found = folded_search.matching(client.participants, live_id, form.to_filters(statuses=()))
    if found is not None:  # a name search compared without accents: counted here
        return _by_status(found)
    shown = _panel_rows(client, live_id, form)
    if shown is not None and shown.total <= len(shown.items):
        everyone = shown
    elif shown is not None and shown.total > ONE_READ:
        everyone = None
    else:
        everyone = client.participants.list(live_id, form.to_filters(statuses=()), limit=ONE_READ)
    if everyone is not None and everyone.total <= len(everyone.items):
        return _by_status(everyone.items)
    return {
        status: client.participants.list(
            live_id, form.to_filters(statuses=(status,)), limit=1
        ).total
        for status in PARTICIPANT_STATUSES
    }


def _by_status(people) -> dict[str, int]:
    found = Counter(participant.status for participant in people)
    return {status: found[status] for status in PARTICIPANT_STATUSES}


def _tab_links(params, counts) -> list[dict]:
    query = params.copy()
    for name in ("status", "page"):
        query.pop(name, None)
    selected = params.getlist("status")
    tabs = [
        {"label": _("All"), "query": query.urlencode(), "count": None, "selected": not selected}
    ]
    for status in PARTICIPANT_STATUSES:
        tab_query = query.copy()
        tab_query["status"] = status
        tabs.append(
            {
                "label": status_label(status),
                "query": tab_query.urlencode(),
                "count": counts.get(status) if counts else None,
                "selected": selected == [status],
            }
        )
    if counts:
        tabs[0]["count"] = sum(counts.values())
    return tabs


def _filter_params(data) -> QueryDict:
    """The list filters among a POST's fields (the invite form sends the filter form along)."""
    params = QueryDict(mutable=True)
    for name in ParticipantFilterForm.base_fields:
        if name != "page" and name in data:
            params.setlist(name, data.getlist(name))
    return params


def without_empty(params) -> QueryDict:
    """The filters that say something: a filter form sends its empty boxes and its defaults
    too, and `?first_name=&match=contains&per_page=25…` would fill the address bar and the
    export links. The status tab is one when chosen: its default, "All", is no parameter."""
    return filters_in_use(params, FILTER_DEFAULTS)


def render_participants_panel(
    request, live_id, *, params=None, invite_form=None, notice=None, status=200
):
    """The panel for `params` (the request's query unless given)."""
    params = without_empty(request.GET if params is None else params)
    form = ParticipantFilterForm(params)
    form.is_valid()
    lazy_counts = bool(request.htmx) and not request.htmx.history_restore_request

    def rows_and_counts():
        page, told_apart = folded_search.search_page(
            get_client().participants,
            live_id,
            form.to_filters(),
            page=form.page_number,
            limit=form.per_page_value,
        )
        context["accents_told_apart"] = told_apart
        # A plain visit shows the counts at once (no script needed); htmx gets them
        # from the cache, or loads them just after the rows.
        key = _counts_key(live_id, form) if lazy_counts else None
        counts = cache.get(key) if key else None
        if counts is None and not lazy_counts:
            counts = _status_counts(live_id, form)
        return page, counts

    context = {"folded_max": folded_search.MAX_PEOPLE}
    loaded, error = load_page(rows_and_counts)
    page, counts = loaded or (None, None)
    query = params.copy()
    query.pop("page", None)
    context |= {
        "form": form,
        "page": page,
        "error": error,
        "tabs": _tab_links(params, counts),
        "counts_pending": counts is None and error is None,
        "params_query": params.urlencode(),
        "query": query.urlencode(),
        "invite_form": invite_form or InviteParticipantForm(),
        "picked_member": picked_member(invite_form) if invite_form else None,
        "notice": notice,
        "can_invite": has_role(request.user, Role.ORGANISER),
    }
    # Swapping only the rows brings the export links (in the panel's header) along.
    response = render_panel(
        request,
        TEMPLATE,
        live_id,
        context,
        panel=PANEL,
        fragments=("participants-results",),
        status=status,
    )
    if _wants_address(request):
        # The address bar shows the live's page with these filters, so a reload or a
        # shared link opens the whole page with this panel filtered the same way.
        live_url = reverse("lives_admin:live_detail", args=[live_id])
        response["HX-Push-Url"] = f"{live_url}?{params.urlencode()}" if params else live_url
    return response


def _wants_address(request) -> bool:
    """A filter, tab or page the organiser chose (not the panel's own lazy load)."""
    return bool(
        request.htmx
        and request.method == "GET"
        and not request.htmx.history_restore_request
        and request.htmx.trigger not in ("participants-panel", TABS_TARGET)
    )


def _invitee_name(target: str) -> str | None:
    """The picked member's name, not the letters typed to find them."""
    if "@" in target:
        return None
    try:
        member = members.get(target)
    except MeltingSpotError:
        return None
    return member.display_name if member else None


def _status_tabs(request, live_id):
    """The status tabs with their counts, loaded by the panel right after its rows."""
    params = without_empty(request.GET)
    form = ParticipantFilterForm(params)
    form.is_valid()
    counts, counts_error = None, None
    try:
        counts = _status_counts(live_id, form)
    except MeltingSpotError as exc:
        counts_error = panel_error(exc)  # the tabs still work, without their numbers
    context = {
        "live_id": live_id,
        "tabs": _tab_links(params, counts),
        "counts_pending": False,
        "counts_error": counts_error,
        "params_query": params.urlencode(),
    }
    return render(request, f"{TEMPLATE}#{TABS_TARGET}", context)


@role_required(Role.VIEWER)
def live_participants_tabs(request, live_id):
    """The status tabs with their counts, at an address of their own. Visited without htmx
    (an address kept from the network panel, say), it opens the panel filtered alike."""
    if not request.htmx:
        url = reverse("lives_admin:live_participants_panel", args=[live_id])
        kept = without_empty(request.GET)
        return redirect(f"{url}?{kept.urlencode()}" if kept else url)
    return _status_tabs(request, live_id)


@role_required(Role.VIEWER)
def live_participants_panel(request, live_id):
    if request.htmx and request.htmx.target == TABS_TARGET:
        # The tabs' former address (the panel's, picked by header), for a page opened
        # before they had their own: the same answer.
        return _status_tabs(request, live_id)
    kept = without_empty(request.GET)
    if not request.htmx and kept != request.GET:
        # The form sent without JavaScript: the address keeps only the filters in use.
        url = reverse("lives_admin:live_participants_panel", args=[live_id])
        return redirect(f"{url}?{kept.urlencode()}" if kept else url)
    return render_participants_panel(request, live_id)


@role_required(Role.ORGANISER)
@require_POST
@submit_once
@names_the_live
def live_participants_invite(request, live_id):
    data = request.POST.copy()
    if "member" not in data:
        # The panel's box is named q, the name the member search it drives reads.
        data["member"] = data.get("q", "")
    form = InviteParticipantForm(data)
    # The panel comes back with the filters the organiser was looking at.
    params = _filter_params(request.POST)
    if not form.is_valid():
        return render_participants_panel(request, live_id, params=params, invite_form=form)
    target = form.cleaned_data["target"]
    try:
        result = get_client().participants.invite(
            live_id,
            target,
            with_email_notification=form.cleaned_data["with_email_notification"],
        )
    except MeltingSpotError as exc:
        add_api_error(form, exc, field="member")
        return render_participants_panel(request, live_id, params=params, invite_form=form)
    people_changed(live_id)
    who = _invitee_name(target) or form.cleaned_data.get("invitee") or form.cleaned_data["member"]
    if result.already_invited:
        level = messages.INFO
        text = _("%(name)s was already invited: nothing was sent again.") % {"name": who}
    else:
        level, text = messages.SUCCESS, _("%(name)s is invited.") % {"name": who}
        if "@" in target:
            members.forget()  # MeltingSpot may have created a member for this email
    return after_write(
        request,
        live_id,
        panel=PANEL,
        notice=(level, text),
        render_again=lambda notice: render_participants_panel(
            request, live_id, params=params, notice=notice
        ),
    )


@role_required(Role.VIEWER)
def live_participants_export(request, live_id, extension):
    """The filtered participants as a file, fetched and written page by page."""
    form = ParticipantFilterForm(request.GET)
    form.is_valid()
    client = get_client()
    try:
        live = client.lives.retrieve(live_id)
    except MeltingSpotError as exc:
        problem = panel_error(exc)
        messages.error(
            request, _("The export could not start: %(reason)s") % {"reason": problem.explanation}
        )
        return redirect(reverse("lives_admin:live_list"))
    # An export is background work: pages go first (meltingspot/priority.py). A name
    # search ignores accents within the bounded read (people/folded_search.py); other
    # exports stream, and identical ones in flight read each page once (shared_export.py).
    filters = form.to_filters()
    if folded_search.searches_names(filters):
        rows = folded_search.iter_matching(client.participants, live_id, filters)
    else:
        rows = shared_export.participants(client, live_id, filters)
    people = iterate_as(EXPORT, rows)
    filename = export_filename(live.title, extension)
    zone = timezone.get_current_timezone()  # the organiser's, for rows written later
    if extension == "xlsx":
        try:
            # Written whole before the answer: a failure can still be told on a page.
            file = xlsx_file(people, zone)
        except MeltingSpotError as exc:
            messages.error(
                request,
                _("The export stopped: %(reason)s") % {"reason": panel_error(exc).explanation},
            )
            return redirect(reverse("lives_admin:live_detail", args=[live_id]))
        return FileResponse(file, as_attachment=True, filename=filename)
    response = StreamingHttpResponse(
        csv_stream(rows_in(translation.get_language(), participant_rows(people, zone))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
