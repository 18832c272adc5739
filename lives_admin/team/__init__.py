"""The team: dashboard accounts and their roles, on Django auth (users and role groups).

The rules a team page must not break live here, not in the view: one role group per
person, nobody demotes or deactivates themselves, and the team always keeps an admin.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lives_admin.models import LinkMail
from lives_admin.team import link_mail_limits
from lives_admin.team import links as one_time_links
from lives_admin.team.roles import Role

logger = logging.getLogger(__name__)


class TeamRuleError(Exception):
    """A change the team's rules refuse; its message is written for the admin."""


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def role_groups() -> dict[Role, Group]:
    # get_or_create: a test database flushed by a transactional test has lost them.
    return {role: Group.objects.get_or_create(name=role.group_name)[0] for role in Role}


def role_from_groups(user) -> Role | None:
    """Like roles.role_of, from the user's (prefetched) groups: no query per row of a list."""
    if user.is_superuser:
        return Role.ADMIN
    names = {group.name for group in user.groups.all()}
    held = [role for role in Role if role.group_name in names]
    return max(held) if held else None


def _set_role_group(user, role: Role) -> None:
    groups = role_groups()
    user.groups.remove(*(group for held, group in groups.items() if held != role))
    user.groups.add(groups[role])
    user.__dict__.pop("_lives_admin_role", None)  # roles.role_of's per-request cache


def _active_admins():
    User = get_user_model()
    admin_group = Group.objects.filter(name=Role.ADMIN.group_name)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__in=admin_group))
        .distinct()
    )


def _lock_team() -> None:
    """Serialise team changes, so two admins demoting each other cannot both succeed."""
    Group.objects.select_for_update().filter(name=Role.ADMIN.group_name).first()


def _refuse_if_last_admin(member, what: str) -> None:
    admins = _active_admins()
    if admins.filter(pk=member.pk).exists() and not admins.exclude(pk=member.pk).exists():
        raise TeamRuleError(
            f"{display_name(member)} is the last active admin: {what} would leave nobody "
            "to manage the team. Make someone else an admin first."
        )


def refuse_if_superuser_out_of_reach(*, actor, member) -> None:
    """Only a superuser may act on a superuser: an admin could otherwise lock one out,
    or take over their account through a set-your-password link."""
    if member.is_superuser and not actor.is_superuser:
        raise TeamRuleError(
            f"{display_name(member)} is a superuser: superusers are managed in the Django admin."
        )


def invite(*, username: str, email: str, first_name: str, last_name: str, role: Role):
    """A new active account with no usable password: the person sets it from their link."""
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        _set_role_group(user, role)
    return user


def change_role(*, actor, member, role: Role) -> bool:
    """Give `member` exactly this one role; False when they already held it."""
    if member.pk == actor.pk:
        raise TeamRuleError("You cannot change your own role: ask another admin to do it.")
    if member.is_superuser:
        raise TeamRuleError(
            f"{display_name(member)} is a superuser and holds every role whatever their group: "
            "change that in the Django admin."
        )
    with transaction.atomic():
        _lock_team()
        held = member.groups.filter(name__in=[each.group_name for each in Role]).count()
        if held == 1 and role_from_groups(member) == role:
            return False
        if role != Role.ADMIN:
            _refuse_if_last_admin(member, "making them a " + role.label.lower())
        _set_role_group(member, role)
    return True


def set_active(*, actor, member, active: bool) -> bool:
    """Deactivate (they can no longer log in; their sessions and links end for good, see
    lives_admin/team/versions.py) or reactivate (a pending person needs a new link)."""
    refuse_if_superuser_out_of_reach(actor=actor, member=member)
    if member.is_active == active:
        return False
    if not active and member.pk == actor.pk:
        raise TeamRuleError("You cannot deactivate your own account: ask another admin to do it.")
    with transaction.atomic():
        _lock_team()
        if not active:
            _refuse_if_last_admin(member, "deactivating them")
        member.is_active = active
        member.save(update_fields=["is_active"])
    return True


# -- one-time links: "set your password" (welcome) and password reset --------------------
WELCOME, RESET = LinkMail.Kind.WELCOME, LinkMail.Kind.RESET
MAILS = {
    WELCOME: ("Your account on the MeltingSpot lives dashboard", "invitation_email.txt"),
    RESET: ("Reset your password on the MeltingSpot lives dashboard", "reset_email.txt"),
}


@dataclass(frozen=True)
class Invitation:
    """A link just made, for the admin's screen: a welcome link, or a reset link."""

    member: object
    link: str
    emailed: bool
    kind: str = WELCOME

    @property
    def name(self) -> str:
        return display_name(self.member)

    @property
    def role(self) -> Role | None:
        return role_from_groups(self.member)

    @property
    def is_reset(self) -> bool:
        return self.kind == RESET


def link_lifetime_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def _absolute_link(request, member, token: str) -> str:
    path = reverse(
        "lives_admin:team_welcome",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(member.pk)), "token": token},
    )
    return request.build_absolute_uri(path)


def _send_link(request, member, kind: str) -> Invitation:
    """A new link (every older one stops working), emailed when the member has an address.

    Mails to one address are limited (lives_admin/team/link_mail_limits.py): over the limit,
    nothing is made nor sent and the admin is told when to try again."""
    try:
        token, mail = one_time_links.issue(member, kind=kind, mail_to=member.email)
    except link_mail_limits.TooManyLinkMails as refused:
        raise TeamRuleError(str(refused)) from None
    link = _absolute_link(request, member, token)
    emailed = False
    if mail is not None:
        subject, template = MAILS[kind]
        context = {
            "name": display_name(member),
            "inviter": display_name(request.user),
            "role": role_from_groups(member),
            "link": link,
            "days": link_lifetime_days(),
            "username": member.get_username(),
        }
        try:
            send_mail(
                subject=subject,
                message=render_to_string(f"lives_admin/team/{template}", context),
                from_email=None,  # DEFAULT_FROM_EMAIL
                recipient_list=[member.email],
            )
            emailed = True
        except OSError:  # SMTP and network errors: the admin still has the link
            link_mail_limits.release(mail)
            # Never the link nor the address: logs are read by more people than admins.
            logger.warning("The %s email to user %s could not be sent", kind, member.pk)
    return Invitation(member=member, link=link, emailed=emailed, kind=kind)


def send_invitation(request, member) -> Invitation:
    """The welcome link for a new account: shown to the admin, and emailed."""
    return _send_link(request, member, WELCOME)


def send_new_welcome_link(request, member) -> Invitation:
    """A fresh welcome link for someone invited who has not used theirs."""
    refuse_if_superuser_out_of_reach(actor=request.user, member=member)
    if not member.is_active:
        raise TeamRuleError(f"{display_name(member)} is deactivated: reactivate them first.")
    if member.has_usable_password():
        raise TeamRuleError(
            f"{display_name(member)} has already set a password: they can log in with it."
        )
    return send_invitation(request, member)


def send_reset_link(request, member) -> Invitation:
    """A password-reset link for a teammate who has a password (and may have lost it)."""
    refuse_if_superuser_out_of_reach(actor=request.user, member=member)
    name = display_name(member)
    if member.pk == request.user.pk:
        raise TeamRuleError("Change your own password from Preferences: Change my password.")
    if not member.is_active:
        raise TeamRuleError(f"{name} is deactivated: reactivate them first.")
    if not member.has_usable_password():
        raise TeamRuleError(
            f"{name} has not set a password yet: send them a new welcome link instead."
        )
    return _send_link(request, member, RESET)
