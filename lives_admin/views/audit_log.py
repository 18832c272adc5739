"""Who did what: every write the dashboard sent to MeltingSpot."""

from django.core.paginator import Paginator
from django.shortcuts import render

from lives_admin.forms.audit import AuditFilterForm, filter_entries
from lives_admin.htmx import fragment_or_page
from lives_admin.models import AuditEntry
from lives_admin.roles import Role, role_required

PAGE_SIZE = 50


@role_required(Role.VIEWER)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("actor")
    if form.is_bound and form.is_valid():
        entries = filter_entries(entries, form.cleaned_data)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = fragment_or_page(request, "lives_admin/audit/list.html", ("audit-results",))
    return render(
        request,
        template,
        {"form": form, "page": page, "query": query.urlencode(), "nav_active": "audit"},
    )
