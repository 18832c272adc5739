"""The local index of the Spot's members: a copy of the directory that name searches read
at once (the API has no name search), kept by a background sync
(lives_admin/people/member_index/)."""

from django.db import models


class IndexedMember(models.Model):
    """One Spot member as the last sync read it. `folded` holds the names and the email
    lower-cased without accents, so one `LIKE` finds "Hélène" for "helene" on SQLite and
    PostgreSQL alike (neither folds accents by itself)."""

    member_id = models.CharField(max_length=64, primary_key=True)
    email = models.CharField(max_length=320)
    email_folded = models.CharField(max_length=320, db_index=True)
    first_name = models.TextField(blank=True)
    last_name = models.TextField(blank=True)
    title = models.TextField(blank=True)
    status = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=40, blank=True)
    lang = models.CharField(max_length=16, blank=True)
    folded = models.TextField()
    # When a full pass last saw this member: one that the latest full pass did not see has
    # left the Spot and is dropped at the pass's end.
    seen_at = models.DateTimeField()

    class Meta:
        # A search lists matches in this order (first name, last name, email): read along
        # this index, it stops at the first page of matches, and a search that matches few
        # reads the index's narrow entries rather than whole rows.
        ordering = ["folded", "member_id"]
        indexes = [models.Index(fields=["folded", "member_id"], name="indexed_member_folded")]

    def __str__(self) -> str:
        return self.email


class MemberIndexState(models.Model):
    """The one row that says how old the index is and what the sync is doing."""

    # When the last pass (full or incremental) finished: "members as of …".
    synced_at = models.DateTimeField(null=True)
    # When the pass that produced `synced_at` began: the next incremental pass asks for
    # the members registered after it (less a margin for clocks).
    synced_from = models.DateTimeField(null=True)
    full_pass_at = models.DateTimeField(null=True)  # when the last full pass finished
    running_since = models.DateTimeField(null=True)  # a pass is running: "syncing…"
    queued_at = models.DateTimeField(null=True)  # a sync task is queued for the worker
    total = models.PositiveIntegerField(default=0)  # how many members the Spot had
    last_error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"members as of {self.synced_at}"
