"""Groups, speakers and participants of a live (panels of the live's page)."""

from django.urls import path

from lives_admin.views import placeholders

urlpatterns = [
    path("lives/<str:live_id>/groups/", placeholders.panel, name="live_groups_panel"),
    path("lives/<str:live_id>/speakers/", placeholders.panel, name="live_speakers_panel"),
    path("lives/<str:live_id>/participants/", placeholders.panel, name="live_participants_panel"),
]
