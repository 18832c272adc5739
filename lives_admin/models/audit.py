from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditState(models.TextChoices):
    # Recorded before the write is sent: an entry still "sending" after its request
    # ended means the process died on the way (the write may have happened).
    SENDING = "sending", _("Sending")
    DONE = "done", _("Succeeded")
    FAILED = "failed", _("Failed")
    # Sent, but the answer never came (a timeout): it may have happened.
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed")


UNCONFIRMED_STATES = (AuditState.SENDING, AuditState.NOT_CONFIRMED)


class AuditEntryQuerySet(models.QuerySet):
    def complete(self, entry_id: int, **outcome) -> int:
        """The one change an entry ever gets: "sending" becomes its outcome, once."""
        return self.filter(pk=entry_id, state=AuditState.SENDING).update(**outcome)


class AuditEntry(models.Model):
    """One write the dashboard sent to MeltingSpot, with who asked and how it went.

    Entries are created in one place (`lives_admin.audit`), called by the service client
    for every POST/PUT/DELETE, so no view can forget to log: before the write is sent
    ("sending"), then completed with its outcome. Append-only otherwise.
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
    # Names of the groups and people the body lists by id (or email), as the caller knew
    # them when it sent the write: the log names them without asking MeltingSpot.
    names = models.JSONField(default=dict, blank=True)
    ok = models.BooleanField()
    state = models.CharField(max_length=16, choices=AuditState.choices, default=AuditState.DONE)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        if self.may_have_happened:
            outcome = "may have happened"
        else:
            outcome = "ok" if self.ok else f"failed ({self.status_code or 'no answer'})"
        return f"{self.actor_label or 'system'} {self.operation} {self.live_id} {outcome}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit entries are append-only: complete one with .complete()")
        if self.state == AuditState.DONE and not self.ok:
            self.state = AuditState.FAILED  # an entry given only `ok` says it in its state
        super().save(*args, **kwargs)

    @property
    def may_have_happened(self) -> bool:
        return self.state in UNCONFIRMED_STATES
