"""Bulk invites (the wizard) and the jobs that run them."""

from django.urls import path

from lives_admin.views import cross_lives, invites, jobs
from lives_admin.web import url_converters  # noqa: F401  (registers <live_id:…>)

urlpatterns = [
    path("lives/<live_id:live_id>/invite/", invites.invite_start, name="invite_start"),
    path("invites/<uuid:draft_id>/", invites.invite_many, name="invite_many"),
    path("invites/lives/", invites.invite_live_search, name="invite_live_search"),
    path("invites/<uuid:draft_id>/columns/", invites.invite_columns, name="invite_columns"),
    path("invites/<uuid:draft_id>/preview/", invites.invite_preview, name="invite_preview"),
    path(
        "invites/<uuid:draft_id>/preview.csv", invites.invite_preview_csv, name="invite_preview_csv"
    ),
    path(
        "invites/<uuid:draft_id>/invalid-rows.csv",
        invites.invite_invalid_rows,
        name="invite_invalid_rows",
    ),
    path("lives/bulk/", cross_lives.lives_bulk_action, name="lives_bulk_action"),
    path(
        "lives/bulk/<uuid:draft_id>/groups/",
        cross_lives.lives_bulk_groups,
        name="lives_bulk_groups",
    ),
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/progress/", jobs.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/pause/", jobs.job_pause, name="job_pause"),
    path("jobs/<int:job_id>/resume/", jobs.job_resume, name="job_resume"),
    path("jobs/<int:job_id>/cancel/", jobs.job_cancel, name="job_cancel"),
    path("jobs/<int:job_id>/retry/", jobs.job_retry_failed, name="job_retry_failed"),
    path("jobs/<int:job_id>/report.csv", jobs.job_report_csv, name="job_report_csv"),
    path("lives/<live_id:live_id>/jobs/", jobs.live_jobs_panel, name="live_jobs_panel"),
]
