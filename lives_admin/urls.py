"""URLs of the dashboard, one module per area so each area owns its routes."""

from django.urls import path
from django.views.generic import RedirectView

from lives_admin.urls_areas import audit, insights, invites, lives, people, team
from lives_admin.views import health, members
from lives_admin.web import url_converters  # noqa: F401  (registers <live_id:…>)

app_name = "lives_admin"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="lives_admin:live_list"), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("members/search/", members.member_search, name="member_search"),
    *lives.urlpatterns,
    *people.urlpatterns,
    *invites.urlpatterns,
    *insights.urlpatterns,
    *team.urlpatterns,
    *audit.urlpatterns,
]
