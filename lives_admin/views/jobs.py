"""Jobs: the list, one job's progress and per-person report, and steering (pause, resume…)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from lives_admin.forms.jobs import JobsPollForm
from lives_admin.i18n.filenames import download_name
from lives_admin.invites import activity
from lives_admin.invites import jobs as steering
from lives_admin.invites.time_left import time_left
from lives_admin.jobs import key_share
from lives_admin.meltingspot import MeltingSpotError, RateLimiterUnavailable
from lives_admin.models import InviteJob, InviteJobItem, ItemState, JobStatus
from lives_admin.people.exports import csv_stream
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.web.htmx import fragment_or_page

JOBS_PER_PAGE = 25
ITEMS_PER_PAGE = 50
# While a job runs its progress is polled this often (seconds).
POLL_SECONDS = 1
# A live's jobs panel looks this often for a job started elsewhere (another tab, another
# organiser): a read of our own database, never a MeltingSpot call.
PANEL_POLL_SECONDS = 10


def _can_steer(user, job: InviteJob) -> bool:
    return has_role(user, Role.ADMIN if job.is_cross_live else Role.ORGANISER)


# Shown instead of the day's API budget while Redis (the shared cache) is down.
BUDGET_UNKNOWN = "unknown while the shared cache is down"


def _budget_left() -> int | str | None:
    try:
        return get_client().rate_limiter.remaining_today()
    except RateLimiterUnavailable:
        return BUDGET_UNKNOWN
    except (AttributeError, MeltingSpotError):
        return None


def _key_share(job: InviteJob) -> dict | None:
    """The job's requests in the last window over the key's (key_share.py)."""
    limiter = getattr(get_client(), "rate_limiter", None)
    if limiter is None:
        return None
    try:
        return key_share.share(job.pk, limiter)
    except Exception:
        return None


def progress_context(job: InviteJob, user) -> dict:
    counts = job.counts()
    return {
        "job": job,
        "counts": counts,
        "percent": _percent(job, counts),
        "time_left": time_left(job, counts),  # none while the job is stalled
        "happening": activity.describe(job),  # a silent worker, a retry and why
        "budget_left": _budget_left() if job.is_active else None,  # shown while it runs
        "key_share": _key_share(job) if job.is_active else None,
        "can_steer": _can_steer(user, job),
        "poll_seconds": POLL_SECONDS,
    }


def _percent(job: InviteJob, counts: dict[str, int]) -> int:
    """The share of what the job sends that is sent: the people already there, left to
    another job or on unsendable lines are not progress (0 % until the first batch)."""
    if not counts["sendable"]:
        return 0 if job.is_active else 100
    return round(100 * counts["sent"] / counts["sendable"])


@role_required(Role.VIEWER)
def job_list(request):
    page = Paginator(InviteJob.objects.select_related("created_by"), JOBS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [progress_context(job, request.user) for job in page.object_list]
    return render(
        request,
        "lives_admin/jobs/list.html",
        {"page": page, "rows": rows, "nav_active": "jobs"},
    )


@role_required(Role.VIEWER)
def job_detail(request, job_id):
    job = get_object_or_404(InviteJob.objects.select_related("created_by"), pk=job_id)
    state = request.GET.get("state", "")
    items = job.items.all()
    if state in ItemState.values:
        items = items.filter(state=state)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    context = progress_context(job, request.user)
    context.update(
        {
            "items_page": page,
            "state": state,
            "states": _state_tabs(job, state),
            "nav_active": "jobs",
        }
    )
    template = fragment_or_page(request, "lives_admin/jobs/detail.html", ("job-items",))
    return render(request, template, context)


def _state_tabs(job: InviteJob, selected: str) -> list[tuple[str, str, int]]:
    """(state, label, how many) for the states this job has, and the one selected."""
    per_state = dict(
        job.items.order_by()
        .values_list("state")
        .annotate(count=Count("id"))
        .values_list("state", "count")
    )
    return [
        (value, label, per_state.get(value, 0))
        for value, label in ItemState.choices
        if per_state.get(value) or value == selected
    ]


@role_required(Role.VIEWER)
def job_progress(request, job_id):
    """The progress bar, polled while the job runs. A crashed worker's job is resumed by
    the workers' watchdog (one delay for all); the page only says what is going on."""
    job = get_object_or_404(InviteJob, pk=job_id)
    response = render(
        request, "lives_admin/jobs/progress.html", progress_context(job, request.user)
    )
    if not job.is_active:
        # 286 tells htmx to stop polling; the final state is in this answer.
        response.status_code = 286
        # Finished, paused or cancelled, it may have written: the live's page refreshes
        # its metrics, participants and history (peopleChanged), and its groups and
        # speakers (jobFinished: their own writes refresh them already).
        response = trigger_client_event(response, "peopleChanged")
        response = trigger_client_event(response, "jobFinished")
    # The per-person table of the job's page follows (it listens for this event).
    return trigger_client_event(response, "jobProgress")


@role_required(Role.VIEWER)
def live_jobs_panel(request, live_id):
    """The panel, or when polled with the jobs the page shows (`known`; `running`, those
    it shows running), nothing (204) unless a job started elsewhere: then the panel, and if
    a job has ended unseen (new, or running on the page), the events a job ending on this
    page sends, so the figures and panels follow."""
    context = jobs_context(live_id, request.user)
    shown = {row["job"].pk for row in context["rows"]}
    if "known" not in request.GET:
        return render(request, "lives_admin/jobs/live_panel.html", context)
    poll = JobsPollForm(request.GET)
    if not poll.is_valid():  # not what the page sends: answer as to a first look
        return render(request, "lives_admin/jobs/live_panel.html", context)
    known, running = poll.cleaned_data["known"], poll.cleaned_data["running"]
    if shown <= known:
        return HttpResponse(status=204)
    response = render(request, "lives_admin/jobs/live_panel.html", context)
    if any(
        not job.is_active and (job.pk not in known or job.pk in running)
        for job in (row["job"] for row in context["rows"])
    ):
        response = trigger_client_event(response, "peopleChanged")
        response = trigger_client_event(response, "jobFinished")
    return response


def jobs_context(live_id: str, user) -> dict:
    """What the jobs panel shows; the live's page renders it at once (no API call)."""
    jobs = [
        progress_context(job, user)
        for job in InviteJob.objects.filter(items__live_id=live_id).distinct()[:5]
    ]
    return {
        "live_id": live_id,
        "rows": jobs,
        "known": ",".join(str(row["job"].pk) for row in jobs),
        "running": ",".join(str(row["job"].pk) for row in jobs if row["job"].is_active),
        "can_invite": has_role(user, Role.ORGANISER),
        "panel_poll_seconds": PANEL_POLL_SECONDS,
    }


def _steer(request, job_id, action, done: str, refused: str):
    job = get_object_or_404(InviteJob, pk=job_id)
    if not _can_steer(request.user, job):
        messages.error(request, _("Your role does not allow steering this job."))
    elif action(job):
        messages.success(request, done)
    else:
        messages.info(request, refused)
    if request.htmx:
        job.refresh_from_db()
        return render(
            request, "lives_admin/jobs/progress.html", progress_context(job, request.user)
        )
    return redirect("lives_admin:job_detail", job_id=job.pk)


@role_required(Role.ORGANISER)
@require_POST
def job_pause(request, job_id):
    return _steer(
        request,
        job_id,
        steering.pause,
        _("Paused after the current batch."),
        _("It is not running."),
    )


@role_required(Role.ORGANISER)
@require_POST
def job_resume(request, job_id):
    return _steer(request, job_id, steering.resume, _("Resumed."), _("It is not paused."))


@role_required(Role.ORGANISER)
@require_POST
def job_cancel(request, job_id):
    return _steer(
        request,
        job_id,
        steering.cancel,
        _("Cancelled: people not sent yet are marked as not sent."),
        _("It has already finished."),
    )


@role_required(Role.ORGANISER)
@require_POST
def job_retry_failed(request, job_id):
    def retry(job):
        # A paused job is resumed with its own button, not by retrying.
        finished = job.status in (JobStatus.COMPLETED, JobStatus.CANCELLED)
        return finished and steering.retry_failed(job)

    return _steer(
        request, job_id, retry, _("The failed ones are being sent again."), _("Nothing to retry.")
    )


REPORT_HEADER = (
    pgettext_lazy("report column", "line"),
    pgettext_lazy("report column", "live"),
    pgettext_lazy("report column", "live title"),
    pgettext_lazy("report column", "email"),
    pgettext_lazy("report column", "first name"),
    pgettext_lazy("report column", "last name"),
    pgettext_lazy("report column", "group"),
    pgettext_lazy("report column", "result"),
    pgettext_lazy("report column", "why"),
    pgettext_lazy("report column", "entry"),
)


def _report_rows(job: InviteJob, language: str):
    """The report, a row at a time: a job of 50,000 people never sits in memory. In the
    reader's language, though the rows are written after the request has ended."""
    with translation.override(language):
        yield from _report_lines(job)


def _report_lines(job: InviteJob):
    yield [str(column) for column in REPORT_HEADER]
    item: InviteJobItem
    for item in job.items.order_by("id").iterator(chunk_size=2000):
        yield (
            item.source_line or "",
            item.live_id,
            job.live_titles.get(item.live_id, ""),
            item.email,
            item.first_name,
            item.last_name,
            item.group_name or item.group_id,
            item.get_state_display(),
            item.error_shown,
            item.entry,
        )


@role_required(Role.VIEWER)
def job_report_csv(request, job_id):
    job = get_object_or_404(InviteJob, pk=job_id)
    response = StreamingHttpResponse(
        csv_stream(_report_rows(job, translation.get_language())),
        content_type="text/csv; charset=utf-8",
    )
    name = download_name(
        pgettext("file name", "job %(number)s report") % {"number": job.pk}, extension="csv"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
