"""Bulk invites and their jobs."""

from django.urls import path

from lives_admin.views import placeholders

urlpatterns = [
    path("lives/<str:live_id>/invite/", placeholders.panel, name="invite_start"),
    path("lives/<str:live_id>/jobs/", placeholders.panel, name="live_jobs_panel"),
    path("lives/bulk/", placeholders.panel, name="lives_bulk_action"),
    path("jobs/", placeholders.panel, name="job_list"),
]
