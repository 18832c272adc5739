"""The lives list: the organiser's home."""

from django.shortcuts import render

from lives_admin.meltingspot import get_client
from lives_admin.roles import Role, role_required

DEFAULT_PAGE_SIZE = 25


@role_required(Role.VIEWER)
def live_list(request):
    page = get_client().lives.list(page=1, limit=DEFAULT_PAGE_SIZE)
    return render(request, "lives_admin/lives/list.html", {"page": page})
