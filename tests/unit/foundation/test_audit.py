from dataclasses import dataclass

import pytest

from lives_admin import audit
from lives_admin.models import AuditEntry
from lives_admin.team.roles import Role


@dataclass(frozen=True)
class FakeWrite:
    """The shape of the service client's WriteRecord, as the observer reads it."""

    method: str = "POST"
    path: str = "/v1/lives/L1/participants~bulkInvite"
    live_id: str | None = "L1"
    operation: str = "participants.bulk_invite"
    body: dict | None = None
    status_code: int | None = 200
    ok: bool = True
    error_message: str | None = None
    duration_ms: float = 12.5


def test_long_lists_are_summarised_not_stored_whole():
    emails = [f"p{i}@example.org" for i in range(250)]
    summary = audit.summarise_body({"members": {"emails": emails}, "withEmailNotification": True})
    listed = summary["members"]["emails"]
    assert listed[: audit.MAX_LISTED_ITEMS] == emails[: audit.MAX_LISTED_ITEMS]
    assert listed[-1] == "… and 230 more"
    assert summary["withEmailNotification"] is True


@pytest.mark.django_db
def test_a_write_is_recorded_under_the_acting_user_and_job(make_user):
    user = make_user(Role.ORGANISER)
    with audit.acting_as(audit.actor_for_user(user, job_id=42)):
        audit.record_write(FakeWrite(body={"members": {"emails": ["a@b.co"]}}))
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.actor_label, entry.job_id) == (user, user.username, 42)
    assert (entry.live_id, entry.operation, entry.ok, entry.status_code) == (
        "L1",
        "participants.bulk_invite",
        True,
        200,
    )
    assert entry.request_body == {"members": {"emails": ["a@b.co"]}}
    assert entry.duration_ms == 12


@pytest.mark.django_db
def test_a_failed_write_keeps_meltingspots_message_and_no_actor_means_system():
    audit.record_write(FakeWrite(ok=False, status_code=400, error_message="endDate must be after"))
    entry = AuditEntry.objects.get()
    assert entry.actor is None
    assert entry.actor_label == "system"
    assert (entry.ok, entry.error_message) == (False, "endDate must be after")


def test_the_actor_is_reset_after_the_block():
    with audit.acting_as(audit.Actor(user_id=1, label="x")):
        assert audit.current_actor().label == "x"
    assert audit.current_actor() is None


@pytest.mark.django_db
def test_every_text_is_cut_to_its_column():
    long = "y" * 1000
    audit.record_write(FakeWrite(path=long, live_id=long, operation=long, method=long))
    entry = AuditEntry.objects.get()
    for name in ("path", "live_id", "operation", "method"):
        assert getattr(entry, name) == long[: AuditEntry._meta.get_field(name).max_length]


@pytest.mark.django_db
def test_a_row_the_database_refuses_leaves_the_callers_transaction_usable(make_user):
    """Postgres refuses a NUL character in text (SQLite stores it): the row is lost and
    logged, and the transaction it ran in goes on."""
    make_user(Role.VIEWER)  # this test's transaction: the caller's, still open
    audit.record_write(FakeWrite(error_message="refused\x00", ok=False))
    assert make_user(Role.ORGANISER).pk  # would raise InternalError on a broken transaction
