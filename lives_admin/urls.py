"""URLs of the dashboard, one module per area so each area owns its routes."""

from django.urls import path
from django.views.generic import RedirectView

from lives_admin import url_converters  # noqa: F401  (registers <live_id:…>)
from lives_admin.urls_areas import insights, invites, lives, people, team
from lives_admin.views import audit_log, health, members

app_name = "lives_admin"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="lives_admin:live_list"), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("members/search/", members.member_search, name="member_search"),
    path("audit/", audit_log.audit_list, name="audit_list"),
    path("audit/export.csv", audit_log.audit_export, name="audit_export"),
    path(
        "lives/<live_id:live_id>/history/", audit_log.live_history_panel, name="live_history_panel"
    ),
    *lives.urlpatterns,
    *people.urlpatterns,
    *invites.urlpatterns,
    *insights.urlpatterns,
    *team.urlpatterns,
]
