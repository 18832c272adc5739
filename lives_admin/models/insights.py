"""Insights across lives: a stored snapshot of a set of lives, its people and its lives.

MeltingSpot has no cross-live view: the dashboard reads each live's participants once
(full pages), aggregates them per person and keeps the result here, so opening the
insights again makes no API call and says how old the figures are.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lives_admin.jobs.liveness import stale_after_seconds


class InsightStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Reading the participants")
    DONE = "done", _("Up to date")
    FAILED = "failed", _("The last refresh failed")


class InsightSnapshot(models.Model):
    """A set of lives (the lives list's selection or filters) and its latest result.

    A refresh computes a new result and swaps it in at the end, so the page keeps the
    previous figures (with their age) while the participants are being read.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    label = models.CharField(max_length=300)
    # The set: the lives list's filters (its query string); with `live_ids`, only those
    # lives among the matching ones ("these rows"), else every matching live.
    filters_query = models.TextField(blank=True)
    live_ids = models.JSONField(default=list, blank=True)
    # Date filters are days in the timezone of whoever made the set: kept for refreshes.
    zone = models.CharField(max_length=64, default="UTC")

    status = models.CharField(
        max_length=16, choices=InsightStatus.choices, default=InsightStatus.QUEUED
    )
    # The run in progress (or the last one): the lives read from the list, with their
    # metrics, and how many of them have had their participants read.
    run_lives = models.JSONField(default=list, blank=True)
    run_started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lives_done = models.PositiveIntegerField(default=0)
    # Participants read so far of the live in progress (the one after `lives_done`).
    people_read = models.PositiveIntegerField(default=0)
    run_token = models.CharField(max_length=32, blank=True)
    run_notes = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    # The stored result.
    taken_at = models.DateTimeField(null=True, blank=True)
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Insights #{self.pk}: {self.label}"

    @property
    def label_shown(self) -> str:
        """The set's name in the reader's language (`label` is in its creator's)."""
        from lives_admin.insights.selection import label_of  # the models load first

        return label_of(self.filters_query, self.live_ids, self.zone)

    @property
    def error_shown(self) -> str:
        """`error` and `notes` in the reader's language where they are ours: the runner
        stores them in English (lives_admin/i18n/stored.py)."""
        from lives_admin.i18n.stored import shown  # the models load before the i18n texts

        return shown(self.error)

    @property
    def notes_shown(self) -> list[str]:
        from lives_admin.i18n.stored import shown

        return [shown(note) for note in self.notes or ()]

    @property
    def is_running(self) -> bool:
        return self.status in (InsightStatus.QUEUED, InsightStatus.RUNNING)

    @property
    def has_result(self) -> bool:
        return self.taken_at is not None

    @property
    def lives_total(self) -> int:
        return len(self.run_lives)

    @property
    def percent(self) -> int:
        if not self.lives_total:
            return 0
        done = self.lives_done + self._share_of_live_in_progress()
        return min(100, round(100 * done / self.lives_total))

    def _share_of_live_in_progress(self) -> float:
        """How far into the live being read, from its `invited` metric (an estimate:
        kept under 1 so the bar never claims a live is done before it is)."""
        if not self.people_read or self.lives_done >= self.lives_total:
            return 0.0
        invited = (self.run_lives[self.lives_done].get("metrics") or {}).get("invited")
        return min(0.99, self.people_read / invited) if invited else 0.0

    def is_stale(self) -> bool:
        """A run whose worker stopped beating (crash, restart): it may be started again."""
        if not self.is_running:
            return False
        beat = self.heartbeat_at or self.run_started_at or self.created_at
        return timezone.now() - beat > timedelta(seconds=stale_after_seconds())


class InsightLive(models.Model):
    """One live of a snapshot: its seven metrics as MeltingSpot gave them, and what the
    snapshot knows about its audience (for the live's own page)."""

    snapshot = models.ForeignKey(InsightSnapshot, on_delete=models.CASCADE, related_name="lives")
    position = models.PositiveIntegerField()  # in start-date order, from 1
    live_id = models.CharField(max_length=64, db_index=True)
    title = models.CharField(max_length=300)
    start_date = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, blank=True)
    invited = models.FloatField(null=True, blank=True)
    registrant = models.FloatField(null=True, blank=True)
    attendee = models.FloatField(null=True, blank=True)
    attendance_rate = models.FloatField(null=True, blank=True)
    no_show = models.FloatField(null=True, blank=True)
    average_view_time = models.FloatField(null=True, blank=True)
    total_replay_view = models.FloatField(null=True, blank=True)
    # The audience (hosts and speakers left out), as read from its participants.
    audience = models.PositiveIntegerField(default=0)
    repeat_attendees = models.PositiveIntegerField(default=0)
    # Of its people, those registered for an earlier live of the set, and those of them
    # who did not come to the last one they registered for.
    with_previous = models.PositiveIntegerField(default=0)
    no_show_last_time = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["snapshot", "position"]

    def __str__(self) -> str:
        return f"{self.title} in insights #{self.snapshot_id}"


class InsightPerson(models.Model):
    """One person across the lives of a snapshot, with the segments they belong to."""

    snapshot = models.ForeignKey(InsightSnapshot, on_delete=models.CASCADE, related_name="people")
    email = models.CharField(max_length=254)
    spot_member_id = models.CharField(max_length=64, blank=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    invited = models.PositiveIntegerField(default=0)
    registered = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    replayed = models.PositiveIntegerField(default=0)
    view_time = models.PositiveIntegerField(default=0)  # seconds watched
    current_streak = models.PositiveIntegerField(default=0)
    longest_streak = models.PositiveIntegerField(default=0)
    repeat_attendee = models.BooleanField(default=False)
    chronic_no_show = models.BooleanField(default=False)
    replay_only = models.BooleanField(default=False)
    never_registered = models.BooleanField(default=False)

    class Meta:
        ordering = ["snapshot", "-attended", "email"]
        indexes = [
            models.Index(fields=["snapshot", "repeat_attendee"]),
            models.Index(fields=["snapshot", "chronic_no_show"]),
            models.Index(fields=["snapshot", "replay_only"]),
            models.Index(fields=["snapshot", "never_registered"]),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email
