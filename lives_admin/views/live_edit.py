"""Create, edit, duplicate and delete a live; the description's Markdown preview."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from lives_admin import audit
from lives_admin.audit.display import known_titles
from lives_admin.forms.lives import (
    DeleteLiveForm,
    LiveCreateForm,
    LiveDuplicateForm,
    LiveEditForm,
    initial_from_live,
)
from lives_admin.i18n.formats import date_time, number
from lives_admin.i18n.phrases import MAY_HAVE_HAPPENED
from lives_admin.lives.changes import live_changes
from lives_admin.lives.concurrent_edits import (
    CHOICE_PREFIX,
    SNAPSHOT_FIELD,
    read_opened_as,
    reconcile,
    sign_opened_as,
)
from lives_admin.lives.duplicate import current_host_id, duplicate_live
from lives_admin.lives.edit_turns import saves_take_turns
from lives_admin.lives.figures import live_pending_figures
from lives_admin.lives.index import forget_live, record_live
from lives_admin.lives.markdown_preview import PreviewUnavailable, markdown_to_safe_html
from lives_admin.meltingspot import (
    APITimeoutError,
    MeltingSpotError,
    NotFoundError,
)
from lives_admin.people.members import get as get_member
from lives_admin.team.roles import Role, role_required
from lives_admin.upstream import get_client
from lives_admin.views.live_edit_outcomes import (
    conflict_page,
    live_gone,
    saved_message,
    who_saved_since,
)
from lives_admin.views.lives import live_not_found
from lives_admin.views.panels import add_api_error
from lives_admin.web.middleware import describe_api_error
from lives_admin.web.submit_once import submit_once

FORM_TEMPLATE = "lives_admin/lives/form.html"


def _posted(request):
    """The form's data on a POST, even an empty one (a body that is not a form, JSON for
    instance, then gets "This field is required." rather than a blank form)."""
    return request.POST if request.method == "POST" else None


def _zone_name(request) -> str:
    return str(request.organiser_timezone)


def _default_times(zone) -> dict:
    """Tomorrow at 10:00 for an hour, in the organiser's timezone."""
    tomorrow = timezone.now().astimezone(zone).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(10, 0))
    return {"start": start, "end": start + dt.timedelta(hours=1)}


def _write_failed(form, error: MeltingSpotError) -> int:
    """MeltingSpot's refusal or trouble, said on the form with every value kept; the status
    to answer with. After a timeout the answer was lost, not necessarily the write: sending
    again could do it twice, so the words say what to check."""
    return add_api_error(
        form,
        error,
        refused=_("MeltingSpot refused the live: %(reason)s"),
        in_doubt=MAY_HAVE_HAPPENED,
        kept=_("Nothing you typed is lost."),
        not_found_is_the_live=False,
    )


def _form_without_the_live(request, form_class, mode: str, live_id: str, error):
    """A POST when the live itself cannot be read: nothing is sent, the typed form comes
    back with the reason (the organiser's values are not lost to MeltingSpot's trouble)."""
    form = form_class(request.POST, default_timezone=_zone_name(request))
    status, title, explanation = describe_api_error(error)
    form.add_error(
        None,
        _("%(title)s. %(explanation)s Nothing was sent, and nothing you typed is lost.")
        % {"title": title, "explanation": explanation},
    )
    stand_in = SimpleNamespace(id=live_id, title=request.POST.get("title", "")[:200] or live_id)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "mode": mode,
            "live": stand_in,
            "host": None,
            # Sent again later, the edit is still checked against the live as first opened.
            "opened_as": request.POST.get(SNAPSHOT_FIELD),
            "nav_active": "lives",
        },
        status=status,
    )


def _host_choice(form, fallback_id: str | None = None):
    """The host shown as a picked radio when the form is re-rendered."""
    host_id = form.data.get("host_id") if form.is_bound else fallback_id
    if not host_id:
        return None
    member = next((m for m in form.host_candidates if m.id == host_id), None)
    try:
        return member or get_member(host_id)
    except MeltingSpotError:
        return None


@role_required(Role.ORGANISER)
@submit_once
def live_create(request):
    form = LiveCreateForm(
        _posted(request),
        default_timezone=_zone_name(request),
        initial=_default_times(request.organiser_timezone),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            live = get_client().lives.create(form.to_create())
        except NotFoundError:
            form.add_error("q", _("This member is no longer in the Spot: pick another host."))
        except MeltingSpotError as error:
            status = _write_failed(form, error)
        else:
            record_live(live)  # sorted and searched lists show it at once
            messages.success(request, _("“%(title)s” was created.") % {"title": live.title})
            return redirect("lives_admin:live_detail", live_id=live.id)
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "mode": "create", "host": _host_choice(form), "nav_active": "lives"},
        status=status,
    )


@role_required(Role.ORGANISER)
@submit_once
@saves_take_turns
def live_edit(request, live_id: str):
    client = get_client()
    try:
        live = client.lives.retrieve(live_id)
    except NotFoundError:
        if request.method != "POST":
            return live_not_found(request, live_id)
        return live_gone(request, live_id)
    except MeltingSpotError as error:
        if request.method != "POST":
            raise
        return _form_without_the_live(request, LiveEditForm, "edit", live_id, error)
    zone = request.organiser_timezone
    form = LiveEditForm(
        _posted(request),
        default_timezone=_zone_name(request),
        initial=initial_from_live(live, zone),
    )
    status = 200
    # A form sent back keeps the fingerprint it was opened with: only a look at the live
    # as it is now (a new form, a conflict screen) may move it on.
    opened_as = request.POST.get(SNAPSHOT_FIELD) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        opened = read_opened_as(opened_as, live_id)
        outcome = reconcile(
            opened,
            form.to_update(),
            live,
            {
                name[len(CHOICE_PREFIX) :]: value
                for name, value in request.POST.items()
                if name.startswith(CHOICE_PREFIX)
            },
        )
        if outcome.conflicts:
            host = _current_host(client, live_id)
            return conflict_page(request, live, form, outcome, opened, host)
        update = outcome.update
        changes = live_changes(live, update)
        if not changes:
            # An untouched save is not a write: no PUT, no line in the audit log.
            said = [_("Nothing changed: nothing was sent."), *map(str, form.notes)]
            messages.info(request, " ".join(said))
            return redirect("lives_admin:live_detail", live_id=live_id)
        who = who_saved_since(request, live_id, opened) if outcome.theirs_kept else ""
        try:
            # The PUT sends the full set (docs/api.md, D6), built on the live as it is now.
            # The audit log records what differs from it.
            with audit.describing(changes=changes, live_title=live.title):
                updated = client.lives.update(live_id, update)
        except NotFoundError:
            forget_live(live_id)
            return live_gone(request, live_id)
        except MeltingSpotError as error:
            status = _write_failed(form, error)
        else:
            record_live(updated)
            messages.success(request, saved_message(updated, form, outcome.theirs_kept, who))
            return redirect("lives_admin:live_detail", live_id=live_id)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "mode": "edit",
            "live": live,
            "opened_as": opened_as or sign_opened_as(live),
            "host": _current_host(client, live_id),
            "nav_active": "lives",
        },
        status=status,
    )


def _current_host(client, live_id: str):
    try:
        host_id = current_host_id(client, live_id)
        return get_member(host_id) if host_id else None
    except MeltingSpotError:
        return None


@role_required(Role.ORGANISER)
@submit_once
def live_duplicate(request, live_id: str):
    client = get_client()
    try:
        source = client.lives.retrieve(live_id)
    except NotFoundError:
        return live_not_found(request, live_id)
    except MeltingSpotError as error:
        if request.method != "POST":
            raise
        return _form_without_the_live(request, LiveDuplicateForm, "duplicate", live_id, error)
    initial = initial_from_live(source, request.organiser_timezone)
    initial["title"] = _("%(title)s (copy)") % {"title": source.title}
    host_id = None
    if request.method == "GET":
        try:
            host_id = current_host_id(client, live_id)
        except MeltingSpotError:
            host_id = None
    form = LiveDuplicateForm(
        _posted(request), default_timezone=_zone_name(request), initial=initial
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = duplicate_live(
                client,
                live_id,
                form.to_create(),
                repeat=data["repeat"],
                count=data["occurrences"],
                copy_groups=data["copy_groups"],
                copy_speakers=data["copy_speakers"],
            )
        except MeltingSpotError as error:
            status = _write_failed(form, error)
        else:
            for problem in outcome.problems:
                messages.warning(request, problem)
            if len(outcome.created) == 1:
                messages.success(
                    request, _("“%(title)s” was created.") % {"title": outcome.created[0].title}
                )
                return redirect("lives_admin:live_detail", live_id=outcome.created[0].id)
            messages.success(request, _series_created(outcome.created))
            return redirect("lives_admin:live_list")
    host = _host_choice(form, fallback_id=host_id)
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "mode": "duplicate", "live": source, "host": host, "nav_active": "lives"},
        status=status,
    )


def _series_created(lives) -> str:
    """Each new live by title and date, linked: a series is rarely on the list's first page."""
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a> · {}</li>',
        (
            (
                reverse("lives_admin:live_detail", args=[live.id]),
                live.title,
                date_time(timezone.localtime(live.start_date)) if live.start_date else _("no date"),
            )
            for live in lives
        ),
    )
    said = ngettext("%(count)s live was created:", "%(count)s lives were created:", len(lives)) % {
        "count": number(len(lives))
    }
    return format_html("{}<ul>{}</ul>", said, items)


@role_required(Role.ORGANISER)
def description_preview(request):
    """The Markdown preview fragment: whatever was typed, rendered and sanitised."""
    text = request.POST.get("description", "") if request.method == "POST" else ""
    try:
        html = markdown_to_safe_html(text)
    except PreviewUnavailable as refusal:
        return HttpResponse(format_html('<p class="muted" role="status">{}</p>', refusal))
    if not html.strip():
        html = format_html(
            '<p class="muted">{}</p>', _("The preview of the description appears here.")
        )
    return HttpResponse(html)


def _deleted_answer(request, message: str):
    """htmx (the live's page dialog): go to the list; plain: redirect."""
    messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("lives_admin:live_list"))
    return redirect("lives_admin:live_list")


@role_required(Role.ADMIN)
@submit_once
def live_delete(request, live_id: str):
    client = get_client()
    if request.method == "POST":
        # The form's title only names a live that is already gone, on the sender's screen.
        posted = DeleteLiveForm(request.POST).title_or(_("The live"))
        sent = False
        try:
            title = _title_known_to_the_dashboard(client, live_id)
            sent = True
            with audit.describing(live_title=title):
                client.lives.delete(live_id)
        except NotFoundError:
            forget_live(live_id)
            return _deleted_answer(
                request, _("“%(title)s” was already deleted.") % {"title": posted}
            )
        except MeltingSpotError as error:
            return _delete_failed(request, live_id, error, sent=sent)
        forget_live(live_id)  # sorted and searched lists drop it at once
        return _deleted_answer(request, _("“%(title)s” was deleted.") % {"title": title})
    try:
        live = client.lives.retrieve(live_id)
    except NotFoundError:
        return live_not_found(request, live_id)
    context = {"live": live, "pending": live_pending_figures(live), "nav_active": "lives"}
    return render(request, "lives_admin/lives/delete.html", context)


def _title_known_to_the_dashboard(client, live_id: str) -> str:
    """For the audit log, never the form's (a browser can send any title): the latest
    the log holds, else MeltingSpot's (one GET; NotFoundError when the live is gone)."""
    return known_titles([live_id]).get(live_id) or client.lives.retrieve(live_id).title


def _delete_failed(request, live_id: str, error: MeltingSpotError, *, sent: bool):
    """The confirmation comes back with MeltingSpot's trouble, so the organiser knows the
    live was not deleted (or, after a timeout of the delete itself, may have been) and can
    try again. `sent`: the delete went out (else reading its title failed first)."""
    status, title, explanation = describe_api_error(error)
    if sent and isinstance(error, APITimeoutError):
        # The answer was lost, not necessarily the delete.
        explanation = MAY_HAVE_HAPPENED
    elif status != 400:
        explanation = _("The live was not deleted. %(explanation)s") % {"explanation": explanation}
    try:
        live = get_client().lives.retrieve(live_id)
        pending = live_pending_figures(live)
    except MeltingSpotError:
        posted = DeleteLiveForm(request.POST).title_or(live_id)
        live = SimpleNamespace(id=live_id, title=posted, metrics=None, solution="")
        pending = frozenset()
    context = {
        "live": live,
        "pending": pending,
        "problem": f"{title}. {explanation}",
        "nav_active": "lives",
    }
    return render(request, "lives_admin/lives/delete.html", context, status=status)
