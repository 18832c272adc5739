"""The lives list (the organiser's home) and saved views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from lives_admin.forms.lives import ListQueryForm, SavedViewForm
from lives_admin.insights.selection import MAX_LIVES as INSIGHTS_MAX_LIVES
from lives_admin.lives import index as lives_index
from lives_admin.lives import index_tasks
from lives_admin.lives.list_state import list_state_from_query
from lives_admin.lives.rows import live_rows
from lives_admin.meltingspot import BadRequestError, MeltingSpotError
from lives_admin.models import SavedView
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.web.htmx import fragment_or_page
from lives_admin.web.middleware import describe_api_error

LIST_TEMPLATE = "lives_admin/lives/list.html"
# The fragments an htmx request may ask for, by the id of its target.
LIST_FRAGMENTS = ("lives-results", "lives-page")


def _fetch_page(state, index_status):
    """(page, error as (title, explanation), status): the list's one API call, or the
    lives index when the list is sorted or searched by title and the index is whole."""
    if state.wants_index and index_status.usable:
        page = lives_index.lives_page(
            state.filters, sort=state.sort, page=state.page, limit=state.per_page
        )
        return page, None, 200
    try:
        # One call per render: the page, its items and the total in one answer.
        page = get_client().lives.list(state.filters, page=state.page, limit=state.per_page)
    except BadRequestError as error:
        return None, (_("MeltingSpot refused these filters"), error.message), 400
    except MeltingSpotError as error:
        status, title, explanation = describe_api_error(error)
        return None, (title, explanation), status
    return page, None, 200


def _index_for(state):
    """The index's status when the list needs it (else None); a pass is queued for the
    worker when the index is cold or due for a refresh."""
    if not state.wants_index:
        return None
    status = lives_index.index_status()
    age = None if status.synced_at is None else timezone.now() - status.synced_at
    if age is None or age.total_seconds() >= settings.LIVES_INDEX_REFRESH_SECONDS:
        index_tasks.queue_sync()
    return status


def _tidy_url(state) -> str:
    """The list's address without empty fields, defaults or ignored values."""
    page = f"page={state.page}" if state.page > 1 else ""
    query = "&".join(part for part in (state.query, page) if part)
    base = reverse("lives_admin:live_list")
    return f"{base}?{query}" if query else base


def _sent_by_the_form(request, state) -> bool:
    """Only the filter form's fields, all read: a value it cannot read, or a parameter
    it does not know, stays in the address for the page to say it was ignored."""
    known = set(state.form.fields) | {"page"}
    return bool(request.GET) and not state.errors and set(request.GET) <= known


@role_required(Role.VIEWER)
def live_list(request):
    state = list_state_from_query(request.GET, request.organiser_timezone)
    tidy = _tidy_url(state)
    if not request.htmx and _sent_by_the_form(request, state) and tidy != request.get_full_path():
        # The form sent without JavaScript: the address keeps only the filters in use.
        return redirect(tidy)
    template = fragment_or_page(request, LIST_TEMPLATE, LIST_FRAGMENTS)
    context, status = _list_context(
        request, state, only_results=template.endswith("#lives-results")
    )
    # An htmx refresh answers 200 so the error box (with its retry) lands in place.
    response = render(request, template, context, status=200 if request.htmx else status)
    if request.htmx and not request.htmx.history_restore_request:
        # A copied address is short and reproduces exactly this view.
        response["HX-Push-Url"] = tidy
    return response


def _list_context(request, state, *, only_results=False, saved_view_form=None):
    """(context, status) of the lives list for `state`."""
    index_status = _index_for(state)
    page, api_error, status = _fetch_page(state, index_status)
    can_bulk = has_role(request.user, Role.ADMIN)  # cross-live actions
    can_select = has_role(request.user, Role.ORGANISER)  # ticked lives → insights
    can_manage_team_views = has_role(request.user, Role.ADMIN)
    context = {
        "rows": live_rows(page.items) if page else (),
        # None: the list did not need the index (neither sorted nor searched by title).
        "lives_index": index_status,
        # Beside the title box: whether a title search ignores accents (the index answers it).
        "title_search_ignores_accents": (index_status or lives_index.index_status()).usable,
        "only_results": only_results,
        "state": state,
        "form": state.form,
        "page": page,
        "api_error": api_error,
        "nav_active": "lives",
        "can_create": has_role(request.user, Role.ORGANISER),
        "can_bulk": can_bulk,
        "can_select": can_select,
        "insights_max_lives": INSIGHTS_MAX_LIVES,
        "saved_view_form": saved_view_form
        or SavedViewForm(can_share=can_manage_team_views, owner=request.user),
        **_saved_views(request.user, with_the_teams=can_manage_team_views),
        "can_manage_team_views": can_manage_team_views,
    }
    return context, status


def _saved_views(user, *, with_the_teams: bool) -> dict:
    """`my_views`, and for admins (who look after the team's views, whoever saved them)
    `team_views`: the others' shared views. One query for both."""
    mine_or_shared = Q(owner=user) | Q(shared=True) if with_the_teams else Q(owner=user)
    views = list(
        SavedView.objects.filter(mine_or_shared, area=SavedView.Area.LIVES).select_related("owner")
    )
    return {
        "my_views": [view for view in views if view.owner_id == user.pk],
        "team_views": [view for view in views if view.owner_id != user.pk],
    }


def live_not_found(request, live_id: str):
    return render(
        request,
        "lives_admin/lives/not_found.html",
        {"live_id": live_id, "nav_active": "lives"},
        status=404,
    )


@role_required(Role.VIEWER)
def saved_view_create(request):
    if request.method != "POST":
        # A link of the list shown here after an error (its pages, relative): the list.
        query = request.GET.urlencode()
        return redirect(reverse("lives_admin:live_list") + (f"?{query}" if query else ""))
    query_form = ListQueryForm(request.POST)
    posted_query = query_form.cleaned_data["query"] if query_form.is_valid() else ""
    state = list_state_from_query(_query_dict(posted_query), request.organiser_timezone)
    form = SavedViewForm(
        request.POST,
        owner=request.user,
        query_string=state.query,
        filter_form=state.form,  # invalid filters are a reason not to save, said in the form
        can_share=has_role(request.user, Role.ADMIN),  # team views are the admins' to manage
    )
    target = reverse("lives_admin:live_list")
    target = f"{target}?{state.query}" if state.query else target
    if query_form.errors:
        form.is_valid()
        form.add_error("name", query_form.errors["query"])  # said where the form shows errors
    if not form.is_valid():
        # The form comes back open with its errors and what was typed, over the same list.
        if request.htmx:
            context = {"state": state, "saved_view_form": form}
            return render(request, f"{LIST_TEMPLATE}#save-view", context, status=400)
        context, _status = _list_context(request, state, saved_view_form=form)
        return render(request, LIST_TEMPLATE, context, status=400)
    view = form.save()
    messages.success(
        request,
        (
            _("Saved the view “%(name)s” for the whole team.")
            if view.shared
            else _("Saved the view “%(name)s”. It is in the navigation.")
        )
        % {"name": view.name},
    )
    # A whole page: the navigation lists the new view.
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


@role_required(Role.VIEWER)
def saved_view_delete(request, view_id: int):
    view = get_object_or_404(SavedView, pk=view_id, area=SavedView.Area.LIVES)
    # A personal view is its owner's; a team view is the admins' (even its owner's, once
    # they are no longer an admin).
    allowed = (
        has_role(request.user, Role.ADMIN) if view.shared else view.owner_id == request.user.pk
    )
    if request.method == "POST" and allowed:
        view.delete()
        messages.success(request, _("The view “%(name)s” was removed.") % {"name": view.name})
    elif request.method == "POST":
        messages.error(
            request,
            _("Only an admin can remove a team view.")
            if view.shared
            else _("Only its owner can remove this view."),
        )
    return redirect("lives_admin:live_list")


def _query_dict(query: str) -> QueryDict:
    return QueryDict(query.lstrip("?"))
