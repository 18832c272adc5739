"""The local index of the Spot's lives: what the API cannot do (sort, accent-free search).

One row per live with what the list shows and filters on, refreshed from `GET /v1/lives`
by the job worker (`lives_admin/lives/index.py`). The API stays the source of truth: the
list reads the index only while it holds every live of the Spot (see `LivesIndexState`).
"""

from django.db import models


class IndexedLive(models.Model):
    live_id = models.CharField(max_length=128, unique=True)
    title = models.CharField(max_length=500)
    # Lower case without accents ("conférence" → "conference"): what title search compares.
    title_folded = models.CharField(max_length=500, db_index=True)
    start_date = models.DateTimeField(null=True, db_index=True)
    end_date = models.DateTimeField(null=True)
    computed_status = models.CharField(max_length=20, blank=True)
    solution = models.CharField(max_length=20, blank=True)
    built_in_type = models.CharField(max_length=20, blank=True)
    # The API's replay filter: a recording available or replay views (docs/api.md).
    has_replay = models.BooleanField(default=False)
    # The seven metrics, as the API names them (LiveMetrics); null is "no data".
    invited = models.FloatField(null=True)
    registrant = models.FloatField(null=True)
    attendee = models.FloatField(null=True)
    attendance_rate = models.FloatField(null=True, db_index=True)
    no_show = models.FloatField(null=True)
    average_view_time = models.FloatField(null=True)
    total_replay_view = models.FloatField(null=True)
    indexed_at = models.DateTimeField()
    # A live the dashboard deleted: kept a while so a sync that read it just before the
    # delete does not bring it back (lives/index.py).
    deleted = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["invited"]), models.Index(fields=["registrant"])]

    def __str__(self) -> str:
        return self.title


class LivesIndexState(models.Model):
    """One row: how complete and how fresh the index is."""

    # When the last full pass ended; None: the index is cold (never filled).
    synced_at = models.DateTimeField(null=True)
    # How many lives the Spot had at that pass (beyond the cap, the index holds none).
    upstream_total = models.PositiveIntegerField(default=0)
    too_many = models.BooleanField(default=False)
    # When a sync was last queued for the worker, so the list and the worker queue one.
    queued_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"Lives index, synced at {self.synced_at}"

    @classmethod
    def current(cls) -> "LivesIndexState":
        state, _ = cls.objects.get_or_create(pk=1)
        return state
