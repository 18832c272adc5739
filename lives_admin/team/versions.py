"""Each account's link and session versions: raising one revokes everything made before.

A one-time link is made under the account's link version and a session opened under its
session version (lives_admin/team/links.py, lives_admin/team/sessions.py). When an
account is deactivated, by the Team page, the Django admin or a shell, both versions
move and its password is made unusable, so its links, sessions and password are over for
good: reactivation brings none of them back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import pre_save
from django.dispatch import receiver

from lives_admin.models import AccountSecurity


def locked(user) -> AccountSecurity:
    """The account's row, locked until the end of the caller's transaction."""
    AccountSecurity.objects.get_or_create(user_id=user.pk)
    return AccountSecurity.objects.select_for_update().get(user_id=user.pk)


def _version(user_id, field: str) -> int:
    found = AccountSecurity.objects.filter(user_id=user_id).values_list(field, flat=True)
    return found.first() or 0


def link_version_of(user_id) -> int:
    return _version(user_id, "link_version")


def session_version_of(user_id) -> int:
    return _version(user_id, "session_version")


def raise_link_version(user) -> None:
    """Call inside the caller's transaction, after `locked(user)`."""
    AccountSecurity.objects.filter(user_id=user.pk).update(link_version=F("link_version") + 1)


def revoke_everything(user) -> None:
    with transaction.atomic():
        locked(user)
        AccountSecurity.objects.filter(user_id=user.pk).update(
            link_version=F("link_version") + 1, session_version=F("session_version") + 1
        )


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="lives_admin.deactivation")
def revoke_on_deactivation(sender, instance, raw=False, **kwargs):
    """An active account saved as inactive loses its links, its sessions and its password
    (set unusable, also in the row: the save may write `is_active` alone), so reactivation
    needs a new set-password link."""
    if raw or instance.pk is None or instance.is_active:
        return
    if sender.objects.filter(pk=instance.pk, is_active=True).exists():
        revoke_everything(instance)
        instance.set_unusable_password()
        sender.objects.filter(pk=instance.pk).update(password=instance.password)
