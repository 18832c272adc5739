"""The Team page (admins): teammates, invitations, roles, deactivation; the welcome link."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lives_admin import team
from lives_admin.forms.team import (
    ROLE_CHOICES,
    ROLE_HELP,
    ActiveForm,
    InviteTeammateForm,
    RoleForm,
)
from lives_admin.i18n.languages import save_language, saved_language
from lives_admin.team import links as one_time_links
from lives_admin.team.roles import Role, role_required
from lives_admin.web.htmx import fragment_or_page
from lives_admin.web.submit_once import submit_once

TEMPLATE = "lives_admin/team/page.html"
NOW_HAS_ROLE = {
    Role.VIEWER: gettext_lazy("%(name)s is now a viewer."),
    Role.ORGANISER: gettext_lazy("%(name)s is now an organiser."),
    Role.ADMIN: gettext_lazy("%(name)s is now an admin."),
}


@dataclass(frozen=True)
class TeamRow:
    member: object
    role: Role | None
    is_self: bool
    out_of_reach: bool  # a superuser, and the reader is not one: hands off

    @property
    def name(self) -> str:
        return team.display_name(self.member)

    @property
    def pending(self) -> bool:
        """Invited, and has not set a password yet."""
        return not self.member.has_usable_password()

    @property
    def role_editable(self) -> bool:
        return not self.is_self and not self.member.is_superuser


def _rows(request) -> list[TeamRow]:
    members = get_user_model().objects.order_by("-is_active", "username").prefetch_related("groups")
    return [
        TeamRow(
            member=m,
            role=team.role_from_groups(m),
            is_self=m.pk == request.user.pk,
            out_of_reach=m.is_superuser and not request.user.is_superuser,
        )
        for m in members
    ]


def _page(request, *, form=None, invitation=None):
    rows = _rows(request)
    context = {
        "rows": rows,
        # Active: can log in. Someone invited who has not set a password yet cannot.
        "active_count": sum(1 for row in rows if row.member.is_active and not row.pending),
        "pending_count": sum(1 for row in rows if row.member.is_active and row.pending),
        # The invitation's language: the inviter's, unless they pick another.
        "form": form or InviteTeammateForm(initial={"language": translation.get_language()}),
        "invitation": invitation,
        "link_days": team.link_lifetime_days(),
        "role_choices": ROLE_CHOICES,
        "role_help": [(role, ROLE_HELP[role]) for role in Role],
        # A full page shows messages in the layout; a swapped region shows its own.
        "inline_messages": bool(request.htmx),
        "nav_active": "team",
    }
    return render(request, fragment_or_page(request, TEMPLATE, ("team-page",)), context)


def _after_change(request):
    """htmx: the refreshed region with its message; a plain form: back to the page."""
    if request.htmx:
        return _page(request)
    return redirect("lives_admin:team_list")


@role_required(Role.ADMIN)
def team_list(request):
    return _page(request)


@role_required(Role.ADMIN)
@submit_once  # a double click invites (and mails the link) once; both see the invitation
def team_invite(request):
    if request.method != "POST":
        return redirect("lives_admin:team_list")
    form = InviteTeammateForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form)
    try:
        member = team.invite(**form.invitation())
    except IntegrityError:  # another admin took this username a moment ago
        form.add_error("username", _("This username was just taken: pick another one."))
        return _page(request, form=form)
    language = form.cleaned_data["language"] or translation.get_language()
    save_language(member, language)  # their dashboard opens in it too
    try:
        with translation.override(language):
            invitation = team.send_invitation(request, member)
    except team.TeamRuleError as error:  # that address was mailed links a moment ago
        messages.error(
            request,
            _("%(name)s is invited, but: %(error)s")
            % {"name": team.display_name(member), "error": error},
        )
        return _page(request)
    # Rendered, not redirected: the link is shown once and never kept in a message.
    return _page(request, invitation=invitation)


def _member(member_id: int):
    return get_object_or_404(get_user_model(), pk=member_id)


@role_required(Role.ADMIN)
@require_POST
def team_member_role(request, member_id: int):
    member = _member(member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["role"][0])
        return _after_change(request)
    try:
        changed = team.change_role(actor=request.user, member=member, role=form.chosen)
    except team.TeamRuleError as error:
        messages.error(request, str(error))
    else:
        name = team.display_name(member)
        if changed:
            messages.success(request, NOW_HAS_ROLE[form.chosen] % {"name": name})
        else:
            messages.info(
                request, _("%(name)s already had this role: nothing changed.") % {"name": name}
            )
    return _after_change(request)


@role_required(Role.ADMIN)
@require_POST
def team_member_active(request, member_id: int):
    member = _member(member_id)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["active"][0])
        response = _page(request)
        response.status_code = 400
        return response
    active = form.chosen
    try:
        changed = team.set_active(actor=request.user, member=member, active=active)
    except team.TeamRuleError as error:
        messages.error(request, str(error))
    else:
        said = {"name": team.display_name(member)}
        if not changed:
            messages.info(
                request,
                (
                    _("%(name)s was already active.")
                    if active
                    else _("%(name)s was already deactivated.")
                )
                % said,
            )
        elif active and not member.has_usable_password():
            # Their links ended with the deactivation: a new one is needed.
            messages.success(request, _("%(name)s is active again: send them a new link.") % said)
        elif active:
            messages.success(request, _("%(name)s is active again and can log in.") % said)
        else:
            messages.success(
                request, _("%(name)s is deactivated: they can no longer log in.") % said
            )
    return _after_change(request)


def _send(request, member_id: int, send):
    member = _member(member_id)
    try:
        # The mail in the language they chose (or were invited in), else the sender's.
        with translation.override(saved_language(member) or translation.get_language()):
            invitation = send(request, member)
    except team.TeamRuleError as error:
        messages.error(request, str(error))
        return _after_change(request)
    return _page(request, invitation=invitation)


@role_required(Role.ADMIN)
@require_POST
def team_member_link(request, member_id: int):
    """A fresh set-your-password link for someone invited who has not used theirs."""
    return _send(request, member_id, team.send_new_welcome_link)


@role_required(Role.ADMIN)
@require_POST
def team_member_reset(request, member_id: int):
    """A password-reset link for a teammate who has a password."""
    return _send(request, member_id, team.send_reset_link)


class TeamWelcomeView(PasswordResetConfirmView):
    """The invitation link: the person picks a password and lands on the dashboard."""

    template_name = "lives_admin/team/welcome.html"
    token_generator = one_time_links.token_generator
    post_reset_login = True
    # Named: with more than one authentication backend, login() needs to be told.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("lives_admin:live_list")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A reset link (the person had a password) rather than a newcomer's welcome.
        context["is_reset"] = self.validlink and self.user.has_usable_password()
        return context

    def form_valid(self, form):
        is_reset = self.user.has_usable_password()
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your new password is set: your other sessions are logged out.")
            if is_reset
            else _("Your password is set. Welcome to the team!"),
        )
        return response


# Public: the token in the link is the credential.
team_welcome = login_not_required(TeamWelcomeView.as_view())
