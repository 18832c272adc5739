"""Temporary: routes whose area is being built in parallel. Removed once each area lands."""

from django.http import HttpResponse

from lives_admin.roles import Role, role_required


@role_required(Role.VIEWER)
def panel(request, **kwargs):
    return HttpResponse('<p class="muted">Not available yet.</p>')
