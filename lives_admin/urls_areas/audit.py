"""The audit log: the whole log, its CSV export, and one live's history panel."""

from django.urls import path

from lives_admin.views import audit_log
from lives_admin.web import url_converters  # noqa: F401  (registers <live_id:…>)

urlpatterns = [
    path("audit/", audit_log.audit_list, name="audit_list"),
    path("audit/export.csv", audit_log.audit_export, name="audit_export"),
    path(
        "lives/<live_id:live_id>/history/", audit_log.live_history_panel, name="live_history_panel"
    ),
]
