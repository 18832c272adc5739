"""The member type-ahead used by the host, speaker and invite pickers."""

import re

from django.shortcuts import render

from lives_admin.forms.fields import form_errors
from lives_admin.forms.members import MemberSearchForm
from lives_admin.meltingspot import MeltingSpotError
from lives_admin.people import members
from lives_admin.team.roles import Role, role_required
from lives_admin.views.panels import panel_error

# The picker says which form field its radios fill; anything else is ignored.
FIELD_NAME = re.compile(r"^[a-z_]{1,40}$")
MAX_RESULTS = 20


# Organiser and up, like the group picker: every picker serves an organiser's action
# (host, speakers, invitations) and each search costs API calls from the Spot's quota.
@role_required(Role.ORGANISER)
def member_search(request):
    search_form = MemberSearchForm(request.GET)
    if not search_form.is_valid():  # a box stops at its length: only a crafted query
        context = {"invalid": " ".join(form_errors(search_form))}
        return render(request, "lives_admin/members/search_results.html", context)
    query = search_form.cleaned_data["q"]
    field = request.GET.get("field", "spot_member_id")
    if not FIELD_NAME.match(field):
        field = "spot_member_id"
    multiple = request.GET.get("multiple") == "1"
    results, error, search = [], None, None
    try:
        if len(query) >= 2:
            search = members.search(query, limit=MAX_RESULTS)
            results = search.members
    except MeltingSpotError as exc:
        error = panel_error(exc)  # the picker says so, with a retry; the form still works
    return render(
        request,
        "lives_admin/members/search_results.html",
        {
            "query": query,
            "results": results,
            "error": error,
            "field": field,
            "multiple": multiple,
            "too_short": 0 < len(query) < 2,
            "max_results": MAX_RESULTS,
            # The Spot has more members than the name search read: say so.
            "partial_search": search if search is not None and search.partial else None,
            # "Members as of 3 minutes ago", or a sync under way (lives_admin/people/member_index/).
            "index": search.index if search is not None else None,
        },
    )
