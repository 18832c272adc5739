"""One row per sending of a form that creates something on MeltingSpot (its one-time token).

The token is unique in the database, so of two posts of one form (a double click, a
resent request, two processes) exactly one inserts the row and does the work; the other
reads the row and answers with what the first one answered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SubmissionState(models.TextChoices):
    IN_PROGRESS = "in_progress", "Being sent"
    DONE = "done", "Done"
    # The view raised: the write may or may not have happened, so it is never redone.
    FAILED = "failed", "Stopped by an error"


class FormSubmission(models.Model):
    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    state = models.CharField(
        max_length=16, choices=SubmissionState.choices, default=SubmissionState.IN_PROGRESS
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The process sending it (lives_admin/jobs/process_identity.py): a repeat learns at once
    # that a killed worker's sending will never finish.
    owner = models.CharField(max_length=300, blank=True)
    # The first answer, enough to give it again: status, the headers that steer the
    # browser and htmx (Location, HX-*), the body, and the messages it queued.
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    content = models.TextField(blank=True)
    messages = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.path} ({self.get_state_display()})"
