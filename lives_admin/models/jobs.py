"""Bulk work (invites, group links) as jobs: one row per job and one per person or group.

Each item's state is committed as soon as its batch is confirmed by MeltingSpot, so
a job interrupted anywhere resumes where it stopped and nobody is counted twice.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lives_admin.jobs.liveness import stale_after_seconds


class JobKind(models.TextChoices):
    INVITE_PARTICIPANTS = "invite_participants", _("Invite participants")
    INVITE_SPEAKERS = "invite_speakers", _("Invite speakers")
    LINK_GROUPS = "link_groups", _("Link groups")
    UNLINK_GROUPS = "unlink_groups", _("Unlink groups")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Finished")


class ItemState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    INVITED = "invited", pgettext_lazy("item state", "Invited")
    ALREADY_THERE = "already_there", _("Already there")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Not sent (cancelled)")
    # Queued for this live by another active job when this one started: sent by that one.
    OTHER_JOB = "other_job", _("Left to another job")
    # Lines of the input that were never sendable: kept so the report accounts for each.
    INVALID = "invalid", _("Invalid")
    DUPLICATE = "duplicate", _("Duplicate")


SKIPPED_LINE_STATES = (ItemState.INVALID, ItemState.DUPLICATE)
# A job in these states may still send what it holds.
ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.PAUSED)


class InviteJob(models.Model):
    kind = models.CharField(max_length=32, choices=JobKind.choices)
    status = models.CharField(
        max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)  # of the current (or last) run
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Which runner owns the job: a recovered job gets a new token and the old runner stops.
    runner_token = models.CharField(max_length=32, blank=True)
    live_ids = models.JSONField(default=list)
    live_titles = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    source_label = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)
    # What the runner is doing now when it is not plain sending (retrying, waiting on
    # MeltingSpot), written with its heartbeat: see lives_admin/invites/activity.py.
    activity = models.JSONField(default=dict, blank=True)
    # Every request sent for the job, each retry included.
    api_calls = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def last_error_shown(self) -> str:
        """`last_error` in the reader's language where it is one of ours (stored in English:
        the worker writes it outside any request)."""
        from lives_admin.i18n.stored import shown  # the models load before the i18n texts

        return shown(self.last_error)

    @property
    def source_label_shown(self) -> str:
        """`source_label` in the reader's language: stored in English by whoever started
        the job (rows stored before in their starter's language are shown as they came)."""
        from lives_admin.i18n.stored import shown

        return shown(self.source_label)

    @property
    def is_cross_live(self) -> bool:
        return len(self.live_ids) > 1

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    def counts(self) -> dict[str, int]:
        totals = self.items.aggregate(
            total=Count("id"),
            invited=Count("id", filter=Q(state__in=(ItemState.INVITED, ItemState.DONE))),
            already_there=Count("id", filter=Q(state=ItemState.ALREADY_THERE)),
            failed=Count("id", filter=Q(state=ItemState.FAILED)),
            pending=Count("id", filter=Q(state=ItemState.PENDING)),
            cancelled=Count("id", filter=Q(state=ItemState.CANCELLED)),
            other_job=Count("id", filter=Q(state=ItemState.OTHER_JOB)),
            skipped=Count("id", filter=Q(state__in=SKIPPED_LINE_STATES)),
        )
        totals["finished"] = totals["invited"] + totals["already_there"] + totals["other_job"]
        totals["handled"] = totals["finished"] + totals["failed"] + totals["cancelled"]
        # What the job sends (or sent, or gave up on): what its progress is a share of.
        totals["sent"] = totals["invited"] + totals["failed"] + totals["cancelled"]
        totals["sendable"] = totals["sent"] + totals["pending"]
        return totals

    def seconds_left(self, counts: dict[str, int]) -> int | None:
        """Time left from the pace so far (None before there is a pace)."""
        if self.status != JobStatus.RUNNING or not self.started_at or not counts["pending"]:
            return None
        sent = self.items.filter(
            updated_at__gte=self.started_at,
            state__in=(ItemState.INVITED, ItemState.DONE, ItemState.FAILED),
        ).count()
        elapsed = (timezone.now() - self.started_at).total_seconds()
        if not sent or elapsed <= 0:
            return None
        return int(counts["pending"] * elapsed / sent) + 1

    def last_progress_at(self):
        """When the last person was handled (sent, or failed for good)."""
        return (
            self.items.filter(state__in=(ItemState.INVITED, ItemState.DONE, ItemState.FAILED))
            .order_by("-updated_at")
            .values_list("updated_at", flat=True)
            .first()
        )

    @property
    def last_beat(self):
        return self.heartbeat_at or self.started_at or self.created_at

    def is_stale(self, seconds: float | None = None) -> bool:
        """Running, and its runner silent longer than `seconds` (by default the delay
        after which another worker takes over)."""
        if seconds is None:
            seconds = stale_after_seconds()
        return self.status == JobStatus.RUNNING and timezone.now() - self.last_beat > timedelta(
            seconds=seconds
        )


class InviteJobItem(models.Model):
    job = models.ForeignKey(InviteJob, on_delete=models.CASCADE, related_name="items")
    live_id = models.CharField(max_length=64)
    email = models.CharField(max_length=254, blank=True)
    spot_member_id = models.CharField(max_length=64, blank=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    group_id = models.CharField(max_length=64, blank=True)
    group_name = models.CharField(max_length=200, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    # The line as it was pasted or uploaded, for the lines that were not sendable.
    entry = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=16, choices=ItemState.choices, default=ItemState.PENDING)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["job", "state"]),
            models.Index(fields=["job", "live_id", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.email or self.group_name or self.group_id} → {self.live_id}"

    @property
    def error_shown(self) -> str:
        """`error` in the reader's language where it is one of ours (stored in English)."""
        from lives_admin.i18n.stored import shown  # the models load before the i18n texts

        return shown(self.error)

    @property
    def who(self) -> str:
        if self.group_id:
            return self.group_name or self.group_id
        if self.state in SKIPPED_LINE_STATES and self.entry:
            return self.entry  # a line not sent reads as typed, as in the report's entry
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{name} <{self.email}>" if name else (self.email or self.entry)


class InviteDraft(models.Model):
    """What the invite wizard read (people, options) between its steps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    live_ids = models.JSONField(default=list)
    payload = models.JSONField(default=dict)
    # Set once, by the click that started the job: a second click finds it spent.
    job = models.ForeignKey(
        InviteJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Draft {self.id}"


class LiveInviteLock(models.Model):
    """One row per live that jobs invite people to: starting a job locks its lives' rows,
    so two starts for one live take turns (across processes) and the second one sees
    who the first one queued."""

    live_id = models.CharField(max_length=64, primary_key=True)

    def __str__(self) -> str:
        return self.live_id
