"""The lives area: list, a live's page, create / edit / duplicate / delete, saved views."""

from django.urls import path

from lives_admin.views import live_detail, live_edit, lives
from lives_admin.web import url_converters  # noqa: F401  (registers <live_id:…>)

urlpatterns = [
    path("lives/", lives.live_list, name="live_list"),
    path("lives/new/", live_edit.live_create, name="live_create"),
    path("lives/preview/", live_edit.description_preview, name="live_description_preview"),
    path("lives/views/", lives.saved_view_create, name="saved_view_create"),
    path("lives/views/<int:view_id>/delete/", lives.saved_view_delete, name="saved_view_delete"),
    path("lives/<live_id:live_id>/", live_detail.live_detail, name="live_detail"),
    path("lives/<live_id:live_id>/edit/", live_edit.live_edit, name="live_edit"),
    path(
        "lives/<live_id:live_id>/duplicate/",
        live_edit.live_duplicate,
        name="live_duplicate",
    ),
    path("lives/<live_id:live_id>/delete/", live_edit.live_delete, name="live_delete"),
]
