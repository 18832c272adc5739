"""The three roles, as Django groups, and the checks every view and fragment uses.

viewer < organiser < admin: each role holds the rights of the ones below it.
A superuser holds every role.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


class Role(enum.IntEnum):
    VIEWER = 1  # read, export
    ORGANISER = 2  # create, edit, invite, link
    ADMIN = 3  # delete, cross-live bulk actions, users

    @property
    def group_name(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        return {"VIEWER": "Viewer", "ORGANISER": "Organiser", "ADMIN": "Admin"}[self.name]


def role_of(user) -> Role | None:
    """The highest role a user holds, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    cached = getattr(user, "_lives_admin_role", False)
    if cached is not False:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    held = [role for role in Role if role.group_name in names]
    role = max(held) if held else None
    user._lives_admin_role = role
    return role


def has_role(user, role: Role) -> bool:
    held = role_of(user)
    return held is not None and held >= role


def role_required(role: Role) -> Callable:
    """Login required, then the role: 403 for a logged-in user who lacks it.

    Put it above `require_POST`: a refused request is a 403 whatever its method."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, role):
                raise PermissionDenied(f"This needs the {role.label} role.")
            return view(request, *args, **kwargs)

        wrapped.required_role = role  # read by the test that checks every URL
        return login_required(wrapped)

    return decorator
