"""Insights across lives: the sets, their segments and follow-up invitations."""

from django.urls import path

from lives_admin.views import insights
from lives_admin.web import url_converters  # noqa: F401  (registers <live_id:…>)

urlpatterns = [
    path("insights/", insights.insight_list, name="insight_list"),
    path("insights/new/", insights.insight_create, name="insight_create"),
    path("insights/<int:snapshot_id>/", insights.insight_detail, name="insight_detail"),
    path(
        "insights/<int:snapshot_id>/progress/",
        insights.insight_progress,
        name="insight_progress",
    ),
    path("insights/<int:snapshot_id>/refresh/", insights.insight_refresh, name="insight_refresh"),
    path(
        "insights/<int:snapshot_id>/<slug:segment>/",
        insights.insight_segment,
        name="insight_segment",
    ),
    path(
        "insights/<int:snapshot_id>/<slug:segment>.csv",
        insights.insight_segment_csv,
        name="insight_segment_csv",
    ),
    path(
        "insights/<int:snapshot_id>/<slug:segment>/invite/",
        insights.insight_segment_invite,
        name="insight_segment_invite",
    ),
    path(
        "lives/<live_id:live_id>/insights/",
        insights.live_insights_panel,
        name="live_insights_panel",
    ),
]
