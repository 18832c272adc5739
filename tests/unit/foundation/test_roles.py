import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from lives_admin.team.roles import Role, has_role, role_of, role_required

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("held", "needed", "allowed"),
    [
        (Role.VIEWER, Role.VIEWER, True),
        (Role.VIEWER, Role.ORGANISER, False),
        (Role.ORGANISER, Role.VIEWER, True),
        (Role.ORGANISER, Role.ADMIN, False),
        (Role.ADMIN, Role.ORGANISER, True),
        (None, Role.VIEWER, False),
    ],
)
def test_each_role_holds_the_rights_below_it(make_user, held, needed, allowed):
    assert has_role(make_user(held), needed) is allowed


def test_superuser_holds_every_role(django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="x")
    assert role_of(boss) is Role.ADMIN


def test_inactive_user_holds_no_role(make_user):
    user = make_user(Role.ADMIN)
    user.is_active = False
    assert role_of(user) is None


def test_role_required_refuses_a_lesser_role_and_redirects_anonymous(make_user):
    @role_required(Role.ORGANISER)
    def view(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/x")
    request.user = make_user(Role.VIEWER)
    with pytest.raises(PermissionDenied, match="Organiser"):
        view(request)

    request.user = make_user(Role.ORGANISER, username="orga")
    assert view(request).content == b"ok"

    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
