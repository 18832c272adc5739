from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One write the dashboard sent to MeltingSpot, with who asked and how it went.

    Entries are created in one place (`lives_admin.audit.record_write`), called by the
    service client for every POST/PUT/DELETE, so no view can forget to log.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept even when the user is deleted, and for writes made by jobs or commands.
    actor_label = models.CharField(max_length=150, blank=True)
    job_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    live_id = models.CharField(max_length=64, blank=True, db_index=True)
    # The live's title when the write carried it (create, edit) or its caller knew it
    # (delete, job batches): the log names lives without asking MeltingSpot.
    live_title = models.CharField(max_length=200, blank=True)
    operation = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    request_body = models.JSONField(default=dict, blank=True)
    # An edit's changed fields: [{"field": <API body key>, "before": …, "after": …}].
    changes = models.JSONField(default=list, blank=True)
    ok = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        outcome = "ok" if self.ok else f"failed ({self.status_code or 'no answer'})"
        return f"{self.actor_label or 'system'} {self.operation} {self.live_id} {outcome}"
