"""The bulk-invite wizard: choose people, see what will happen, start one job.

Nothing is written to MeltingSpot before the organiser confirms the preview. The
input read at each step is kept in an InviteDraft row, not in the session.
"""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lives_admin.exports import safe_cell
from lives_admin.forms.invites import ColumnsForm, GroupActionForm, InviteSourceForm
from lives_admin.invites import sources
from lives_admin.invites.jobs import start_job
from lives_admin.invites.parse import (
    Candidate,
    ColumnChoice,
    Duplicate,
    ParsedInput,
    Rejected,
    Table,
    TableError,
    invalid_rows_csv,
    parse_table,
    read_table,
)
from lives_admin.invites.plan import InvitePlan
from lives_admin.invites.preview import build_preview, plan_from_preview, preview_rows
from lives_admin.lives.list_state import live_filters_from_query
from lives_admin.meltingspot import MeltingSpotError, NotFoundError, get_client
from lives_admin.models import InviteDraft, JobKind
from lives_admin.people_version import people_changed
from lives_admin.roles import Role, has_role, role_required
from lives_admin.views.panels import panel_error

DRAFT_LIFETIME = timedelta(days=1)
SOURCE_GONE = {
    "group": ("group_id", "This group no longer exists on MeltingSpot: pick another one."),
    "live": ("other_live_id", "This live no longer exists on MeltingSpot: pick another one."),
    "members": ("spot_member_ids", "A picked member could not be found: search again."),
}
MAX_CROSS_LIVES = 200


# -- drafts -------------------------------------------------------------------------------
def _draft(request, draft_id) -> InviteDraft:
    draft = get_object_or_404(InviteDraft, pk=draft_id, created_by=request.user)
    needed = Role.ADMIN if len(draft.live_ids) > 1 else Role.ORGANISER
    if not has_role(request.user, needed):
        raise Http404
    return draft


def _new_draft(request, live_ids, titles) -> InviteDraft:
    InviteDraft.objects.filter(created_at__lt=timezone.now() - DRAFT_LIFETIME).delete()
    return InviteDraft.objects.create(
        created_by=request.user, live_ids=list(live_ids), payload={"titles": titles}
    )


def _store_parsed(draft: InviteDraft, parsed: ParsedInput) -> None:
    draft.payload["parsed"] = {
        "valid": [[c.line, c.raw, c.email, c.first_name, c.last_name] for c in parsed.valid],
        "duplicates": [[d.line, d.raw, d.email, d.first_line] for d in parsed.duplicates],
        "invalid": [[r.line, r.raw, r.reason] for r in parsed.invalid],
    }


def _load_parsed(draft: InviteDraft) -> ParsedInput:
    data = draft.payload.get("parsed") or {}
    return ParsedInput(
        valid=tuple(Candidate(*row) for row in data.get("valid", [])),
        duplicates=tuple(Duplicate(*row) for row in data.get("duplicates", [])),
        invalid=tuple(Rejected(*row) for row in data.get("invalid", [])),
    )


def _titles(draft: InviteDraft) -> dict[str, str]:
    return draft.payload.get("titles", {})


# -- step 1: where the people come from ---------------------------------------------------
def _read_source(form: InviteSourceForm) -> tuple[ParsedInput | None, str, Table | None]:
    data = form.cleaned_data
    source = data["source"]
    if source == "paste":
        parsed, label = sources.from_paste(data["pasted"])
        return parsed, label, None
    if source == "upload":
        upload = data["upload"]
        return None, upload.name, read_table(upload.read(), upload.name)
    if source == "group":
        parsed, label = sources.from_group(data["group_id"])
    elif source == "members":
        parsed, label = sources.from_members(data["spot_member_ids"])
    else:
        parsed, label = sources.from_live_audience(data["other_live_id"], data["audience"])
    return parsed, label, None


def _source_page(request, draft: InviteDraft, form: InviteSourceForm, status=200):
    recent_lives = []
    # Without them the "another live" source is empty; the other sources still work.
    with contextlib.suppress(MeltingSpotError):
        recent_lives = get_client().lives.list(limit=100).items
    return render(
        request,
        "lives_admin/invites/start.html",
        {
            "draft": draft,
            "form": form,
            "titles": _titles(draft),
            "recent_lives": [live for live in recent_lives if live.id not in draft.live_ids],
            "nav_active": "lives",
        },
        status=status,
    )


def _handle_source(request, draft: InviteDraft):
    form = InviteSourceForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _source_page(request, draft, form)
    try:
        parsed, label, table = _read_source(form)
    except TableError as error:
        form.add_error("upload", str(error))
        return _source_page(request, draft, form)
    except NotFoundError:
        # The group or live picked as the source, not the live being invited to.
        field, message = SOURCE_GONE.get(
            form.cleaned_data["source"], (None, "Something picked no longer exists: retry.")
        )
        form.add_error(field, message)
        return _source_page(request, draft, form)
    except MeltingSpotError as error:
        problem = panel_error(error)
        form.add_error(None, f"{problem.title}. {problem.explanation}")
        return _source_page(request, draft, form, status=problem.status)
    draft.payload.update(
        {"role": form.cleaned_data["role"], "options": form.options, "source_label": label}
    )
    if table is not None:
        draft.payload["table"] = {
            "headers": list(table.headers or []),
            "rows": [list(row) for row in table.rows],
            "guess": [table.guess.email, table.guess.first_name, table.guess.last_name],
            "first_row_number": table.first_row_number,
            "has_headers": table.headers is not None,
        }
        draft.save()
        return redirect("lives_admin:invite_columns", draft_id=draft.pk)
    _store_parsed(draft, parsed)
    draft.save()
    return redirect("lives_admin:invite_preview", draft_id=draft.pk)


@role_required(Role.ORGANISER)
def invite_start(request, live_id):
    """Invite many people to one live."""
    draft_id = request.GET.get("draft") or request.POST.get("draft")
    if draft_id:
        draft = _draft(request, draft_id)
    else:
        titles = {}
        try:
            titles[live_id] = get_client().lives.retrieve(live_id).title
        except MeltingSpotError as error:
            problem = panel_error(error)
            # What the organiser just sent is kept; only a live that is gone stops here.
            if request.method != "POST" or problem.gone:
                return render(
                    request,
                    "lives_admin/invites/problem.html",
                    {"problem": problem, "retry_url": request.path},
                    status=problem.status,
                )
        if request.method == "POST":
            draft = _new_draft(request, [live_id], titles)
        else:
            # Not saved (no id) until the organiser submits: a GET leaves no row behind.
            draft = InviteDraft(id=None, live_ids=[live_id], payload={"titles": titles})
    return _handle_source(request, draft)


@role_required(Role.ADMIN)
def invite_many(request, draft_id):
    """Invite the same people to several lives (from the lives list's selection)."""
    return _handle_source(request, _draft(request, draft_id))


# -- step 1b: which columns of an upload ----------------------------------------------------
def _table(draft: InviteDraft) -> Table:
    data = draft.payload["table"]
    email, first, last = data["guess"]
    return Table(
        headers=tuple(data["headers"]) if data["has_headers"] else None,
        rows=tuple(tuple(row) for row in data["rows"]),
        guess=ColumnChoice(email, first, last),
        first_row_number=data["first_row_number"],
    )


@role_required(Role.ORGANISER)
def invite_columns(request, draft_id):
    draft = _draft(request, draft_id)
    if "table" not in draft.payload:
        return redirect("lives_admin:invite_preview", draft_id=draft.pk)
    table = _table(draft)
    initial = {
        "email": table.guess.email,
        "first_name": table.guess.first_name,
        "last_name": table.guess.last_name,
    }
    form = ColumnsForm(request.POST or None, initial=initial, column_names=table.column_names)
    if request.method == "POST" and form.is_valid():
        columns = ColumnChoice(
            form.cleaned_data["email"],
            form.cleaned_data["first_name"],
            form.cleaned_data["last_name"],
        )
        _store_parsed(draft, parse_table(table, columns))
        draft.payload.pop("table")
        draft.payload["source_label"] = (
            f"{draft.payload.get('source_label', 'File')} ({len(table.rows):,} rows)"
        )
        draft.save()
        return redirect("lives_admin:invite_preview", draft_id=draft.pk)
    return render(
        request,
        "lives_admin/invites/columns.html",
        {
            "draft": draft,
            "form": form,
            "table": table,
            "sample": table.rows[:5],
            "titles": _titles(draft),
            "nav_active": "lives",
        },
    )


# -- step 2: the preview, then one click ------------------------------------------------------
def _preview(draft: InviteDraft):
    return build_preview(
        get_client(),
        _load_parsed(draft),
        draft.live_ids,
        role=draft.payload.get("role", "participants"),
        with_email_notification=draft.payload.get("options", {}).get(
            "with_email_notification", False
        ),
        titles=_titles(draft),
    )


@role_required(Role.ORGANISER)
def invite_preview(request, draft_id):
    draft = _draft(request, draft_id)
    if draft.job_id:
        return _to_started_job(request, draft)
    if "parsed" not in draft.payload:
        return redirect(_start_url(draft))
    try:
        preview = _preview(draft)
    except MeltingSpotError as error:
        problem = panel_error(error)
        return render(
            request,
            "lives_admin/invites/problem.html",
            {"problem": problem, "retry_url": request.path},
            status=problem.status,
        )
    if request.method == "POST":
        plan = plan_from_preview(
            preview,
            source_label=draft.payload.get("source_label", ""),
            options=draft.payload.get("options", {}),
        )
        return _start(request, draft, plan)
    return render(
        request,
        "lives_admin/invites/preview.html",
        {
            "draft": draft,
            "preview": preview,
            "source_label": draft.payload.get("source_label", ""),
            "start_url": _start_url(draft),
            "nav_active": "lives",
        },
    )


def _start_url(draft: InviteDraft) -> str:
    if len(draft.live_ids) == 1:
        return reverse("lives_admin:invite_start", args=[draft.live_ids[0]]) + f"?draft={draft.pk}"
    return reverse("lives_admin:invite_many", args=[draft.pk])


def _start(request, draft: InviteDraft, plan: InvitePlan):
    with transaction.atomic():
        job = start_job(plan, request.user)
        # Claim the draft for this job; a double click or a second tab loses the race,
        # its job is rolled back and it is shown the job the first click started.
        if not InviteDraft.objects.filter(pk=draft.pk, job__isnull=True).update(job=job):
            transaction.set_rollback(True)
            draft.refresh_from_db()
            return _to_started_job(request, draft)
    for live_id in plan.live_ids:
        people_changed(live_id)
    messages.success(request, f"{job} started. You can leave this page: it keeps running.")
    return _job_page(job)


def _job_page(job):
    if len(job.live_ids) == 1:
        return redirect(reverse("lives_admin:live_detail", args=[job.live_ids[0]]) + "#jobs-panel")
    return redirect("lives_admin:job_detail", job_id=job.pk)


def _to_started_job(request, draft: InviteDraft):
    if draft.job is None:  # the job was deleted since: start again from the beginning
        return redirect(_start_url(draft))
    messages.info(request, f"{draft.job} was already started from this preview.")
    return _job_page(draft.job)


@role_required(Role.ORGANISER)
def invite_preview_csv(request, draft_id):
    """The whole preview, one row per entry and live, before anything is sent."""
    draft = _draft(request, draft_id)
    if "parsed" not in draft.payload:
        return redirect(_start_url(draft))
    try:
        preview = _preview(draft)
    except MeltingSpotError as error:
        problem = panel_error(error)
        return render(
            request,
            "lives_admin/invites/problem.html",
            {"problem": problem, "retry_url": request.path},
            status=problem.status,
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in preview_rows(preview):
        writer.writerow([safe_cell(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invitation-preview.csv"'
    return response


@role_required(Role.ORGANISER)
def invite_invalid_rows(request, draft_id):
    draft = _draft(request, draft_id)
    response = HttpResponse(
        invalid_rows_csv(_load_parsed(draft)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="invalid-rows-to-fix.csv"'
    return response


# -- across lives, from the lives list ------------------------------------------------------------
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
            notes.append(f"Only the first {MAX_CROSS_LIVES} lives are taken at once.")
            break
    return list(titles), titles, notes


@require_POST
@role_required(Role.ADMIN)
def lives_bulk_action(request):
    action = request.POST.get("action")
    back = reverse("lives_admin:live_list") + (
        f"?{request.POST['filters']}" if request.POST.get("filters") else ""
    )
    if action not in ("invite", "link_group", "unlink_group"):
        messages.error(request, "Choose what to do with the selected lives.")
        return redirect(back)
    try:
        live_ids, titles, notes = _selected_lives(request)
    except MeltingSpotError as error:
        messages.error(request, f"The lives could not be read: {panel_error(error).explanation}")
        return redirect(back)
    for note in notes:
        messages.warning(request, note)
    if not live_ids:
        messages.error(request, "Tick at least one live first.")
        return redirect(back)
    draft = _new_draft(request, live_ids, titles)
    if action == "invite":
        return redirect("lives_admin:invite_many", draft_id=draft.pk)
    draft.payload["group_action"] = "link" if action == "link_group" else "unlink"
    draft.save()
    return redirect("lives_admin:lives_bulk_groups", draft_id=draft.pk)


@role_required(Role.ADMIN)
def lives_bulk_groups(request, draft_id):
    """Link or unlink one group on every selected live, with a per-live preview."""
    draft = _draft(request, draft_id)
    if draft.job_id:
        return _to_started_job(request, draft)
    linking = draft.payload.get("group_action") == "link"
    form = GroupActionForm(request.POST or request.GET or None)
    group, preview, problem = None, None, None
    if form.is_bound and form.is_valid():
        client = get_client()
        try:
            groups = {g.id: g for g in client.groups.iter_all()}
            group = groups.get(form.cleaned_data["group_id"])
            if group is None:
                form.add_error("group_id", "This group does not exist any more.")
            else:
                preview = [
                    (
                        live_id,
                        _titles(draft).get(live_id, live_id),
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
            live_titles=_titles(draft),
            with_email_notification=form.cleaned_data["with_email_notification"],
            source_label=f"Group “{group.name}”",
        )
        if not to_change:
            messages.info(request, "Nothing to do: every selected live is already as asked.")
            return redirect("lives_admin:live_list")
        return _start(request, draft, plan)
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
            "titles": _titles(draft),
            "nav_active": "lives",
        },
    )
