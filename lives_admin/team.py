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
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lives_admin.roles import Role

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
    """Deactivate (they can no longer log in, their sessions end) or reactivate."""
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


# -- the "set your password" link -------------------------------------------------------
@dataclass(frozen=True)
class Invitation:
    member: object
    link: str
    emailed: bool

    @property
    def name(self) -> str:
        return display_name(self.member)

    @property
    def role(self) -> Role | None:
        return role_from_groups(self.member)


def link_lifetime_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def welcome_link(request, member) -> str:
    """An absolute link, valid once: the token changes as soon as the password is set."""
    path = reverse(
        "lives_admin:team_welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
            "token": default_token_generator.make_token(member),
        },
    )
    return request.build_absolute_uri(path)


def send_invitation(request, member) -> Invitation:
    """The link for the admin to pass on, and the same link by email when one can be sent."""
    link = welcome_link(request, member)
    context = {
        "name": display_name(member),
        "inviter": display_name(request.user),
        "role": role_from_groups(member),
        "link": link,
        "days": link_lifetime_days(),
        "username": member.get_username(),
    }
    emailed = False
    if member.email:
        try:
            send_mail(
                subject="Your account on the MeltingSpot lives dashboard",
                message=render_to_string("lives_admin/team/invitation_email.txt", context),
                from_email=None,  # DEFAULT_FROM_EMAIL
                recipient_list=[member.email],
            )
            emailed = True
        except OSError:  # SMTP and network errors: the admin still has the link
            logger.warning("The invitation email to user %s could not be sent", member.pk)
    return Invitation(member=member, link=link, emailed=emailed)
