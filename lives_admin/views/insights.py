"""Insights across lives: make a set from the lives list, read it, open it again at once.

Opening stored insights makes no API call: the figures come from the snapshot, with
the time they were taken. Refreshing (organisers) reads MeltingSpot again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lives_admin.forms.insights import SegmentInviteForm, TargetSearchForm
from lives_admin.i18n.formats import number
from lives_admin.i18n.languages import rows_in
from lives_admin.i18n.stored import shown
from lives_admin.insights import runner
from lives_admin.insights.charts import rate_chart
from lives_admin.insights.comparison import COLUMNS, comparison
from lives_admin.insights.segments import ALL_SEGMENTS, SEGMENTS, counts, csv_rows, people_of
from lives_admin.insights.selection import set_from_post
from lives_admin.invites import sources
from lives_admin.invites.drafts import store_parsed
from lives_admin.lives.figures import NOT_OVER_YET
from lives_admin.meltingspot import LiveFilters, MeltingSpotError, NotFoundError, Page
from lives_admin.models import InsightLive, InsightSnapshot
from lives_admin.people.exports import csv_stream
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.views.invites import new_draft
from lives_admin.views.panels import panel_error
from lives_admin.web.htmx import fragment_or_page

DETAIL = "lives_admin/insights/detail.html"
PEOPLE_PER_PAGE = 50
SNAPSHOTS_PER_PAGE = 20
POLL_SECONDS = 1


def _snapshot(snapshot_id) -> InsightSnapshot:
    return get_object_or_404(InsightSnapshot, pk=snapshot_id)


def _segment(name: str):
    segment = ALL_SEGMENTS.get(name)
    if segment is None:
        raise Http404
    return segment


def _read(request, snapshot: InsightSnapshot) -> bool:
    """Start reading MeltingSpot for the snapshot (True once started); problems become
    messages."""
    try:
        done = runner.begin(snapshot)
    except runner.EmptySet as empty:
        for note in empty.notes:
            messages.warning(request, shown(note))
        messages.error(request, _("No live is in this set: change the filters or the selection."))
        return False
    except MeltingSpotError as error:
        messages.error(
            request,
            _("The lives could not be read: %(reason)s")
            % {"reason": panel_error(error).explanation},
        )
        return False
    snapshot.refresh_from_db()
    if not done:
        messages.info(
            request,
            ngettext(
                "Reading the participants of %(count)s live. You can leave this page: it "
                "carries on.",
                "Reading the participants of %(count)s lives. You can leave this page: it "
                "carries on.",
                snapshot.lives_total,
            )
            % {"count": number(snapshot.lives_total)},
        )
    return True


@role_required(Role.VIEWER)
def insight_list(request):
    page = Paginator(
        InsightSnapshot.objects.select_related("created_by"), SNAPSHOTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "lives_admin/insights/list.html",
        {
            "page": page,
            "can_create": has_role(request.user, Role.ORGANISER),
            "nav_active": "insights",
        },
    )


@role_required(Role.ORGANISER)
@require_POST
def insight_create(request):
    """From the lives list: its ticked rows or "all N matching" its filters."""
    back = reverse("lives_admin:live_list") + (
        f"?{request.POST['filters']}" if request.POST.get("filters") else ""
    )
    chosen = set_from_post(request.POST, request.organiser_timezone)
    if chosen is None:
        messages.error(request, _("Tick at least one live first, or take every matching live."))
        return redirect(back)
    snapshot = InsightSnapshot.objects.create(
        created_by=request.user,
        label=chosen.label[:300],
        filters_query=chosen.filters_query,
        live_ids=list(chosen.live_ids),
        zone=str(request.organiser_timezone),
    )
    if not _read(request, snapshot):
        snapshot.delete()  # nothing was read: leave no empty snapshot behind
        return redirect(back)
    return redirect("lives_admin:insight_detail", snapshot_id=snapshot.pk)


@role_required(Role.ORGANISER)
@require_POST
def insight_refresh(request, snapshot_id):
    snapshot = _snapshot(snapshot_id)
    if snapshot.is_running and not snapshot.is_stale():
        messages.info(request, _("These insights are being refreshed already."))
    else:
        _read(request, snapshot)
    return redirect("lives_admin:insight_detail", snapshot_id=snapshot.pk)


def _detail_context(request, snapshot: InsightSnapshot) -> dict:
    rows = comparison(list(snapshot.lives.all()))
    sizes = counts(snapshot) if snapshot.has_result else {}
    return {
        "snapshot": snapshot,
        "segments": [(segment, sizes.get(name, 0)) for name, segment in SEGMENTS.items()],
        "everyone": sizes.get("everyone", 0),
        "rows": rows,
        "columns": COLUMNS,
        "not_over_yet": NOT_OVER_YET,
        "chart": rate_chart(rows) if rows else None,
        "can_refresh": has_role(request.user, Role.ORGANISER),
        "poll_seconds": POLL_SECONDS,
        "nav_active": "insights",
    }


@role_required(Role.VIEWER)
def insight_detail(request, snapshot_id):
    snapshot = _snapshot(snapshot_id)
    template = fragment_or_page(request, DETAIL, ("insight-progress",))
    return render(request, template, _detail_context(request, snapshot))


@role_required(Role.VIEWER)
def insight_progress(request, snapshot_id):
    """Polled while MeltingSpot is read; once finished the page reloads with the result."""
    snapshot = _snapshot(snapshot_id)
    if request.htmx and not snapshot.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        f"{DETAIL}#insight-progress",
        {"snapshot": snapshot, "poll_seconds": POLL_SECONDS},
    )


@role_required(Role.VIEWER)
def insight_segment(request, snapshot_id, segment):
    snapshot, segment = _snapshot(snapshot_id), _segment(segment)
    page = Paginator(people_of(snapshot, segment), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    template = fragment_or_page(request, "lives_admin/insights/segment.html", ("segment-people",))
    return render(
        request,
        template,
        {
            "snapshot": snapshot,
            "segment": segment,
            "page": page,
            "segments": ALL_SEGMENTS.values(),
            "sizes": counts(snapshot),
            "can_invite": has_role(request.user, Role.ORGANISER),
            "nav_active": "insights",
        },
    )


@role_required(Role.VIEWER)
def insight_segment_csv(request, snapshot_id, segment):
    snapshot, segment = _snapshot(snapshot_id), _segment(segment)
    stamp = timezone.localtime(snapshot.taken_at or timezone.now()).strftime("%Y%m%d-%H%M")
    filename = f"{segment.name}-{slugify(snapshot.label_shown)[:50] or 'lives'}-{stamp}.csv"
    response = StreamingHttpResponse(
        csv_stream(rows_in(translation.get_language(), csv_rows(snapshot, segment))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


TARGETS_PER_PAGE = 25


@dataclass(frozen=True)
class TargetSearch:
    """The upcoming lives offered, searched by title and paged (MeltingSpot has no sort:
    each page is shown soonest first)."""

    query: str
    page: Page | None

    @property
    def lives(self) -> list:
        items = self.page.items if self.page else ()
        return sorted(items, key=lambda live: (live.start_date is None, live.start_date))


def _target_search(form: TargetSearchForm) -> TargetSearch:
    query = form.query
    filters = LiveFilters(status="Planned", title_contains=query or None)
    page = get_client().lives.list(filters, page=form.number, limit=TARGETS_PER_PAGE)
    return TargetSearch(query=query, page=page)


def _offered_live(live_id: str):
    """The live to invite to, read again: it must still exist and not have started."""
    live = get_client().lives.retrieve(live_id)
    return live if live.computed_status == "Planned" else None


@role_required(Role.ORGANISER)
def insight_segment_invite(request, snapshot_id, segment):
    """Pick the live, then the bulk-invite wizard's preview lists exactly these people."""
    snapshot, segment = _snapshot(snapshot_id), _segment(segment)
    size = counts(snapshot)[segment.name]
    problem, search = None, TargetSearch(query="", page=None)
    form = SegmentInviteForm(request.POST or None)
    target_search = TargetSearchForm(request.POST or request.GET)
    if request.method == "POST" and size and form.is_valid():
        response, problem = _pick(request, snapshot, segment, form)
        if response is not None:
            return response
    if size and problem is None:
        try:
            search = _target_search(target_search)
        except MeltingSpotError as error:
            problem = panel_error(error)
    return render(
        request,
        "lives_admin/insights/invite.html",
        {
            "snapshot": snapshot,
            "segment": segment,
            "size": size,
            "form": form,
            "search": search,
            "target_search": target_search,
            "problem": problem,
            "nav_active": "insights",
        },
        status=problem.status if problem else 200,
    )


def _pick(request, snapshot, segment, form):
    """(the redirect to the preview, None) or (None, a problem); form errors on the form."""
    live_id = form.cleaned_data["live_id"]
    try:
        live = _offered_live(live_id)
    except NotFoundError:
        form.add_error("live_id", _("This live no longer exists on MeltingSpot: pick another."))
        return None, None
    except MeltingSpotError as error:
        return None, panel_error(error)
    if live is None:
        form.add_error("live_id", _("This live is not offered any more: pick another one."))
        return None, None
    return _to_preview(request, snapshot, segment, live.id, live.title, form), None


def _to_preview(request, snapshot, segment, live_id: str, title: str, form):
    parsed, label = sources.from_insight_segment(snapshot.pk, segment.name)
    if not parsed.total_lines:  # emptied by a refresh meanwhile: no empty draft
        messages.info(request, _("Nobody in this segment any more: nobody to invite."))
        return redirect(
            "lives_admin:insight_segment", snapshot_id=snapshot.pk, segment=segment.name
        )
    draft = new_draft(request, [live_id], {live_id: title})
    draft.payload.update(
        {
            "role": "participants",
            "options": {
                "with_email_notification": form.cleaned_data["with_email_notification"],
                "highlighted": False,
                "grant_host_rights": False,
            },
            "source_label": label,
            # Where the people came from, for "Change the list" and for the record.
            "insight": {"snapshot_id": snapshot.pk, "segment": segment.name},
        }
    )
    store_parsed(draft, parsed)
    draft.save()
    return redirect("lives_admin:invite_preview", draft_id=draft.pk)


@role_required(Role.VIEWER)
def live_insights_panel(request, live_id):
    """A live's page: its repeat attendees and last time's no-shows, from the newest
    stored insights that include it. Reads only our database."""
    return render(request, "lives_admin/insights/live_panel.html", insights_context(live_id))


def insights_context(live_id: str) -> dict:
    """What the insights panel shows; the live's page renders it at once (no API call)."""
    row = (
        InsightLive.objects.filter(live_id=live_id, snapshot__taken_at__isnull=False)
        .select_related("snapshot")
        .order_by("-snapshot__taken_at", "-snapshot_id")
        .first()
    )
    context = {"live_id": live_id, "row": row}
    if row is not None:
        context["lives_count"] = row.snapshot.lives.count()
        context["is_first"] = row.position == 1
    return context
