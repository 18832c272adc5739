"""The Django admin shows the audit log read-only: nobody, superusers included, can add,
change or delete an entry (they are created only by `lives_admin.audit.record_write`)."""

from django.contrib import admin

from lives_admin.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "actor_label",
        "operation",
        "live_id",
        "live_title",
        "ok",
        "state",
        "status_code",
        "job_id",
    )
    list_filter = ("ok", "state", "operation", "created_at", "actor")
    search_fields = ("actor_label", "live_id", "live_title", "error_message", "path")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)
    actions = None  # no "delete selected"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
