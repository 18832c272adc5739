from django.conf import settings
from django.db.models import Q

from lives_admin.team.roles import Role, role_of
from lives_admin.web import kept_forms


def dashboard(request):
    """What every page's layout needs: sandbox badge, role, saved views for the navigation."""
    user = getattr(request, "user", None)
    user_role = role_of(user) if user is not None else None
    context = {
        "sandbox_mode": settings.MELTINGSPOT_SANDBOX,
        "Role": Role,
        "user_role": user_role,
        "can_manage_team": user_role is not None and user_role >= Role.ADMIN,
        "organiser_timezone": getattr(request, "organiser_timezone", None),
        # A form sent while signed out, given back once after the login (not sent).
        "kept_form": kept_forms.take(request),
    }
    if user is not None and user.is_authenticated:
        from lives_admin.models import SavedView

        context["nav_saved_views"] = SavedView.objects.filter(Q(owner=user) | Q(shared=True)).only(
            "id", "name", "area", "query_string", "shared"
        )[:20]
    return context
