"""Groups, speakers and participants of a live (the panels of the live's page)."""

from django.urls import path

from lives_admin.views import groups, participants, speakers
from lives_admin.web import url_converters  # noqa: F401  (registers <live_id:…>)

urlpatterns = [
    path("lives/<live_id:live_id>/groups/", groups.live_groups_panel, name="live_groups_panel"),
    path("lives/<live_id:live_id>/groups/link/", groups.live_groups_link, name="live_groups_link"),
    path(
        "lives/<live_id:live_id>/groups/link/count/",
        groups.live_groups_link_count,
        name="live_groups_link_count",
    ),
    path(
        "lives/<live_id:live_id>/groups/unlink/",
        groups.live_groups_unlink,
        name="live_groups_unlink",
    ),
    path("groups/search/", groups.group_search, name="group_search"),
    path(
        "lives/<live_id:live_id>/speakers/",
        speakers.live_speakers_panel,
        name="live_speakers_panel",
    ),
    path(
        "lives/<live_id:live_id>/speakers/invite/",
        speakers.live_speakers_invite,
        name="live_speakers_invite",
    ),
    path(
        "lives/<live_id:live_id>/speakers/invite-members/",
        speakers.live_speakers_bulk_invite,
        name="live_speakers_bulk_invite",
    ),
    path(
        "lives/<live_id:live_id>/participants/",
        participants.live_participants_panel,
        name="live_participants_panel",
    ),
    path(
        "lives/<live_id:live_id>/participants/invite/",
        participants.live_participants_invite,
        name="live_participants_invite",
    ),
    path(
        "lives/<live_id:live_id>/participants/export.<export_format:extension>",
        participants.live_participants_export,
        name="live_participants_export",
    ),
]
