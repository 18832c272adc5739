"""Who did what: every write the dashboard sent to MeltingSpot.

Read-only by design: these views list and export entries, nothing here (or anywhere in
the dashboard) edits or deletes one. The Django admin shows them read-only too.
"""

import logging

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from lives_admin.audit.display import csv_rows, known_titles, rows_for
from lives_admin.forms.audit import AuditFilterForm, filter_entries
from lives_admin.i18n.filenames import download_name
from lives_admin.i18n.languages import rows_in
from lives_admin.models import AuditEntry
from lives_admin.people.exports import csv_stream
from lives_admin.team.roles import Role, role_required
from lives_admin.views.panels import PanelError
from lives_admin.web.htmx import fragment_or_page
from lives_admin.web.query_strings import filters_in_use

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
HISTORY_SIZE = 8


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    applied = form.applied()
    entries = filter_entries(AuditEntry.objects.all(), applied)
    return form, applied, entries


def _query_without_page(request) -> str:
    query = filters_in_use(request.GET)
    query.pop("page", None)
    return query.urlencode()


@role_required(Role.VIEWER)
@require_safe
def audit_list(request):
    kept = filters_in_use(request.GET)
    if not request.htmx and kept != request.GET:
        # The form sent without JavaScript: the address keeps only the filters in use.
        url = reverse("lives_admin:audit_list")
        return redirect(f"{url}?{kept.urlencode()}" if kept else url)
    form, applied, entries = _filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    live_id = applied.get("live", "")
    template = fragment_or_page(request, "lives_admin/audit/list.html", ("audit-results",))
    response = render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": rows_for(page.object_list),
            "query": _query_without_page(request),
            "filtered_live": live_id,
            "filtered_live_title": known_titles([live_id]).get(live_id, "") if live_id else "",
            "nav_active": "audit",
        },
    )
    if request.htmx and not request.htmx.history_restore_request:
        # htmx would push the form's every box (`?person=&live=&…`): only those in use.
        url = reverse("lives_admin:audit_list")
        response["HX-Push-Url"] = f"{url}?{kept.urlencode()}" if kept else url
    return response


@role_required(Role.VIEWER)
@require_safe
def audit_export(request):
    """The filtered log as CSV, streamed; bad filters are ignored as on the page."""
    _, _, entries = _filtered(request)
    zone = timezone.get_current_timezone()
    rows = rows_in(translation.get_language(), csv_rows(entries.iterator(chunk_size=500), zone))
    response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv; charset=utf-8")
    name = download_name(pgettext("file name", "audit log"), extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(Role.VIEWER)
@require_safe
def live_history_panel(request, live_id):
    """A live's latest entries, for its page: the database only, no MeltingSpot call."""
    context = history_context(live_id)
    status = context["error"].status if "error" in context else 200
    return render(request, "lives_admin/audit/history_panel.html", context, status=status)


def history_context(live_id: str) -> dict:
    """What the history panel shows; the live's page renders it at once (no API call)."""
    entries = AuditEntry.objects.filter(live_id=live_id)
    context = {"live_id": live_id}
    try:
        latest = list(entries[: HISTORY_SIZE + 1])
        context.update(
            rows=rows_for(latest[:HISTORY_SIZE]),
            more=len(latest) > HISTORY_SIZE,
            total=entries.count() if len(latest) > HISTORY_SIZE else len(latest),
        )
    except DatabaseError:
        # Like the API panels: say so with a retry, the rest of the page still works.
        logger.exception("The history of live %s could not be read", live_id)
        context["error"] = PanelError(
            _("The history cannot be read right now"),
            _("The dashboard's database did not answer. Try again in a moment."),
            503,
        )
    return context
