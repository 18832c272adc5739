"""The bulk-invite wizard: choose people, see what will happen, start one job.

Nothing is written to MeltingSpot before the organiser confirms the preview. The
input read at each step is kept in an InviteDraft row, not in the session.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from lives_admin.forms.fields import form_errors
from lives_admin.forms.invites import MAX_EXCLUDED, ColumnsForm, InviteSourceForm, LiveSearchForm
from lives_admin.i18n import stored_texts
from lives_admin.i18n.filenames import download_name
from lives_admin.i18n.languages import rows_in
from lives_admin.i18n.stored import shown
from lives_admin.invites import sources
from lives_admin.invites.drafts import (
    load_parsed,
    load_table,
    store_parsed,
    store_table,
    titles_of,
)
from lives_admin.invites.jobs import start_job
from lives_admin.invites.live_picker import find_lives
from lives_admin.invites.parse import (
    ColumnChoice,
    ParsedInput,
    Table,
    TableError,
    invalid_rows,
    parse_table,
    read_table,
)
from lives_admin.invites.plan import InvitePlan
from lives_admin.invites.preview import build_preview, plan_from_preview, preview_rows
from lives_admin.meltingspot import MeltingSpotError, NotFoundError
from lives_admin.models import InviteDraft
from lives_admin.people.exports import csv_stream
from lives_admin.people.versions import people_changed
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.views.panels import panel_error
from lives_admin.web.submit_once import submit_once

DRAFT_LIFETIME = timedelta(days=1)
SOURCE_GONE = {
    "group": ("group_id", _("This group no longer exists on MeltingSpot: pick another one.")),
    "live": ("other_live_id", _("This live no longer exists on MeltingSpot: pick another one.")),
    "members": ("spot_member_ids", _("A picked member could not be found: search again.")),
}


def _problem_page(request, error: MeltingSpotError):
    """MeltingSpot's trouble as a page, with a retry of this same address."""
    problem = panel_error(error)
    return render(
        request,
        "lives_admin/invites/problem.html",
        {"problem": problem, "retry_url": request.path},
        status=problem.status,
    )


# -- drafts -----------------------------------------------------------------------------------
def get_draft(request, draft_id) -> InviteDraft:
    """The organiser's own draft; a cross-live one needs the admin role."""
    try:
        draft_id = uuid.UUID(str(draft_id))
    except ValueError:
        raise Http404 from None  # a tampered ?draft= is a missing page, not a 500
    draft = get_object_or_404(InviteDraft, pk=draft_id, created_by=request.user)
    needed = Role.ADMIN if len(draft.live_ids) > 1 else Role.ORGANISER
    if not has_role(request.user, needed):
        raise Http404
    return draft


def new_draft(request, live_ids, titles) -> InviteDraft:
    InviteDraft.objects.filter(created_at__lt=timezone.now() - DRAFT_LIFETIME).delete()
    return InviteDraft.objects.create(
        created_by=request.user, live_ids=list(live_ids), payload={"titles": titles}
    )


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


def _live_search_url(draft: InviteDraft) -> str:
    exclude = [("exclude", live_id) for live_id in draft.live_ids[:MAX_EXCLUDED]]
    return reverse("lives_admin:invite_live_search") + "?" + urlencode(exclude)


def _source_page(request, draft: InviteDraft, form: InviteSourceForm, status=200):
    # The "another live" source says when the lives cannot be listed; the others still work.
    search = LiveSearchForm(request.POST)
    search.is_valid()  # anything longer than the box takes lists all, the box saying why
    live_choices = find_lives(
        search.cleaned_data.get("live_q", ""),
        exclude=draft.live_ids,
        picked=str(form["other_live_id"].value() or ""),
    )
    return render(
        request,
        "lives_admin/invites/start.html",
        {
            "draft": draft,
            "form": form,
            "titles": titles_of(draft),
            "choices": live_choices,
            "live_search": search,
            "live_search_url": _live_search_url(draft),
            "nav_active": "lives",
        },
        status=status,
    )


def _searched_only(request) -> InviteSourceForm:
    """The form as sent, shown again without checking it: "Search" (no JavaScript) only
    looked for a live, it did not ask for the preview."""
    initial = request.POST.dict()
    initial.update({name: name in request.POST for name in InviteSourceForm.SWITCHES})
    return InviteSourceForm(initial=initial)


@role_required(Role.ORGANISER)
def invite_live_search(request):
    """The other-live picker's results as the organiser types (htmx)."""
    form = LiveSearchForm(request.GET)
    if not form.is_valid():
        context = {"invalid": " ".join(form_errors(form))}
        return render(request, "lives_admin/invites/live_search.html", context)
    choices = find_lives(
        form.cleaned_data["live_q"],
        exclude=form.cleaned_data["exclude"],
        picked=form.cleaned_data["other_live_id"],
    )
    return render(request, "lives_admin/invites/live_search.html", {"choices": choices})


def _handle_source(request, draft: InviteDraft):
    # "Change the list" comes back here with what was sent last time filled in.
    form = InviteSourceForm(
        request.POST or None, request.FILES or None, initial=draft.payload.get("form")
    )
    if request.method == "POST" and "find_live" in request.POST:
        return _source_page(request, draft, _searched_only(request))
    if request.method != "POST" or not form.is_valid():
        return _source_page(request, draft, form)
    try:
        parsed, label, table = _read_source(form)
    except TableError as error:
        form.add_error("upload", str(error))
        return _source_page(request, draft, form)
    except (NotFoundError, sources.SourceNotFound):
        # The group or live picked as the source, not the live being invited to.
        field, message = SOURCE_GONE.get(
            form.cleaned_data["source"], (None, _("Something picked no longer exists: retry."))
        )
        form.add_error(field, message)
        return _source_page(request, draft, form)
    except MeltingSpotError as error:
        problem = panel_error(error)
        form.add_error(
            None,
            gettext("%(title)s. %(explanation)s")
            % {"title": problem.title, "explanation": problem.explanation},
        )
        return _source_page(request, draft, form, status=problem.status)
    draft.payload.update(
        {
            "role": form.cleaned_data["role"],
            "options": form.options,
            "source_label": label,
            "form": form.to_keep(),
        }
    )
    if table is not None:
        store_table(draft, table)
        draft.save()
        return redirect("lives_admin:invite_columns", draft_id=draft.pk)
    store_parsed(draft, parsed)
    draft.save()
    return redirect("lives_admin:invite_preview", draft_id=draft.pk)


@role_required(Role.ORGANISER)
def invite_start(request, live_id):
    """Invite many people to one live."""
    draft_id = request.GET.get("draft") or request.POST.get("draft")
    if draft_id:
        draft = get_draft(request, draft_id)
    else:
        titles = {}
        try:
            titles[live_id] = get_client().lives.retrieve(live_id).title
        except MeltingSpotError as error:
            # What the organiser just sent is kept; only a live that is gone stops here.
            if request.method != "POST" or panel_error(error).gone:
                return _problem_page(request, error)
        if request.method == "POST":
            draft = new_draft(request, [live_id], titles)
        else:
            # Not saved (no id) until the organiser submits: a GET leaves no row behind.
            draft = InviteDraft(id=None, live_ids=[live_id], payload={"titles": titles})
    return _handle_source(request, draft)


@role_required(Role.ADMIN)
def invite_many(request, draft_id):
    """Invite the same people to several lives (from the lives list's selection)."""
    return _handle_source(request, get_draft(request, draft_id))


# -- step 1b: which columns of an upload ----------------------------------------------------
@role_required(Role.ORGANISER)
def invite_columns(request, draft_id):
    draft = get_draft(request, draft_id)
    if "table" not in draft.payload:
        return redirect("lives_admin:invite_preview", draft_id=draft.pk)
    table = load_table(draft)
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
        store_parsed(draft, parse_table(table, columns))
        draft.payload.pop("table")
        draft.payload["source_label"] = stored_texts.UPLOAD_ROWS(
            source=draft.payload.get("source_label") or stored_texts.FILE(),
            count=len(table.rows),
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
            "titles": titles_of(draft),
            "nav_active": "lives",
        },
    )


# -- step 2: the preview, then one click ------------------------------------------------------
def _preview(draft: InviteDraft):
    return build_preview(
        get_client(),
        load_parsed(draft),
        draft.live_ids,
        role=draft.payload.get("role", "participants"),
        with_email_notification=draft.payload.get("options", {}).get(
            "with_email_notification", False
        ),
        titles=titles_of(draft),
    )


@role_required(Role.ORGANISER)
@submit_once
def invite_preview(request, draft_id):
    draft = get_draft(request, draft_id)
    if draft.job_id:
        return to_started_job(request, draft)
    if "parsed" not in draft.payload:
        return redirect(start_url(draft))
    try:
        preview = _preview(draft)
    except MeltingSpotError as error:
        return _problem_page(request, error)
    if request.method == "POST":
        plan = plan_from_preview(
            preview,
            source_label=draft.payload.get("source_label", ""),
            options=draft.payload.get("options", {}),
        )
        return start_plan(request, draft, plan)
    return render(
        request,
        "lives_admin/invites/preview.html",
        {
            "draft": draft,
            "preview": preview,
            "source_label": shown(draft.payload.get("source_label", "")),
            "start_url": start_url(draft),
            "nav_active": "lives",
        },
    )


def start_url(draft: InviteDraft) -> str:
    """Where "Change the list" goes: back to where the people came from."""
    insight = draft.payload.get("insight")
    if insight:  # a segment of insights: its page, with the other segments a tab away
        return reverse(
            "lives_admin:insight_segment", args=[insight["snapshot_id"], insight["segment"]]
        )
    if len(draft.live_ids) == 1:
        return reverse("lives_admin:invite_start", args=[draft.live_ids[0]]) + f"?draft={draft.pk}"
    return reverse("lives_admin:invite_many", args=[draft.pk])


def start_plan(request, draft: InviteDraft, plan: InvitePlan):
    with transaction.atomic():
        # The draft's row is locked first (SQLite: the transaction holds the write lock),
        # so of two clicks at once (a double click, a second tab) the second waits here,
        # then finds the job the first started and is shown it: one job, no error.
        locked = InviteDraft.objects.select_for_update().filter(pk=draft.pk).first()
        started = locked is None or locked.job_id is not None
        if not started:
            job = start_job(plan, request.user)
            InviteDraft.objects.filter(pk=draft.pk).update(job=job)
    if started:
        if locked is None:  # the draft expired meanwhile: start again from the beginning
            return redirect(start_url(draft))
        return to_started_job(request, locked)
    for live_id in plan.live_ids:
        people_changed(live_id)
    messages.success(
        request,
        gettext("%(job)s started. You can leave this page: it keeps running.") % {"job": job},
    )
    return job_page(job)


def job_page(job):
    if len(job.live_ids) == 1:
        return redirect(reverse("lives_admin:live_detail", args=[job.live_ids[0]]) + "#jobs-panel")
    return redirect("lives_admin:job_detail", job_id=job.pk)


def to_started_job(request, draft: InviteDraft):
    if draft.job is None:  # the job was deleted since: start again from the beginning
        return redirect(start_url(draft))
    messages.info(
        request, gettext("%(job)s was already started from this preview.") % {"job": draft.job}
    )
    return job_page(draft.job)


@role_required(Role.ORGANISER)
def invite_preview_csv(request, draft_id):
    """The whole preview, one row per entry and live, before anything is sent."""
    draft = get_draft(request, draft_id)
    if "parsed" not in draft.payload:
        return redirect(start_url(draft))
    try:
        preview = _preview(draft)
    except MeltingSpotError as error:
        return _problem_page(request, error)
    return _csv_download(preview_rows(preview), pgettext("file name", "invitation preview"))


@role_required(Role.ORGANISER)
def invite_invalid_rows(request, draft_id):
    draft = get_draft(request, draft_id)
    return _csv_download(
        invalid_rows(load_parsed(draft)), pgettext("file name", "invalid rows to fix")
    )


def _csv_download(rows, name: str) -> StreamingHttpResponse:
    rows = rows_in(translation.get_language(), rows)
    response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv; charset=utf-8")
    filename = download_name(name, extension="csv", stamped=False)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
