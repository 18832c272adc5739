"""Starting and steering jobs: start, pause, resume, cancel, retry the failed ones."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lives_admin.i18n import stored_texts
from lives_admin.invites import reasons
from lives_admin.invites.plan import InvitePlan, SkippedLine
from lives_admin.models import (
    ACTIVE_JOB_STATUSES,
    InviteJob,
    InviteJobItem,
    ItemState,
    JobKind,
    JobStatus,
    LiveInviteLock,
)

# Another job's item for a person stands for them while it is queued or was sent.
TAKEN_STATES = (ItemState.PENDING, ItemState.INVITED, ItemState.DONE, ItemState.ALREADY_THERE)
INVITE_KINDS = (JobKind.INVITE_PARTICIPANTS, JobKind.INVITE_SPEAKERS)


def _kinds_covering(kind: str) -> tuple[str, ...]:
    """Jobs whose invitation also covers this one's: a speaker is a participant too, a
    participant is not a speaker (their speaker invitation is still needed)."""
    if kind == JobKind.INVITE_SPEAKERS:
        return (JobKind.INVITE_SPEAKERS,)
    return INVITE_KINDS


def queued_elsewhere(live_id: str, kind: str) -> dict[str, int]:
    """Email → the active job (queued, running or paused) that already has this person
    queued, or sent, for this live: a new job leaves them to it."""
    rows = (
        InviteJobItem.objects.filter(
            live_id=live_id,
            state__in=TAKEN_STATES,
            job__status__in=ACTIVE_JOB_STATUSES,
            job__kind__in=_kinds_covering(kind),
        )
        .exclude(email="")
        .order_by("job_id")
        .values_list("email", "job_id")
    )
    taken: dict[str, int] = {}
    for email, job_id in rows.iterator(chunk_size=5000):
        taken.setdefault(email.lower(), job_id)
    return taken


def _lock_lives(live_ids) -> None:
    """Starts for the same lives take turns until commit, across processes: each live's
    lock row is created if new, then locked (PostgreSQL: FOR UPDATE, in one order so two
    starts never deadlock; SQLite: the transaction already holds the write lock)."""
    ids = sorted(set(live_ids))
    LiveInviteLock.objects.bulk_create(
        [LiveInviteLock(live_id=live_id) for live_id in ids], ignore_conflicts=True
    )
    list(LiveInviteLock.objects.select_for_update().filter(live_id__in=ids).order_by("live_id"))


def _skipped_item(job: InviteJob, live_id: str, skipped: SkippedLine) -> InviteJobItem:
    if skipped.duplicate_of is None:
        state, why = ItemState.INVALID, reasons.stored_invalid(skipped.reason)
    else:
        state, why = ItemState.DUPLICATE, reasons.stored_duplicate(skipped.duplicate_of)
    return InviteJobItem(
        job=job,
        live_id=live_id,
        email=skipped.email[:254],
        source_line=skipped.line,
        entry=skipped.entry[:300],
        state=state,
        error=why,
    )


def _with_skipped_lines(job: InviteJob, live_id: str, items: list, plan: InvitePlan) -> list:
    """The live's items with the input's unsendable lines among them, in line order (so
    the report, in item order, reads as the input did); reported once, with the first live."""
    skipped = [_skipped_item(job, live_id, line) for line in plan.skipped_lines]
    return sorted(items + skipped, key=lambda item: item.source_line or 0)


def _items(job: InviteJob, plan: InvitePlan) -> list[InviteJobItem]:
    items = []
    for index, live_id in enumerate(plan.live_ids):
        if plan.kind in (JobKind.LINK_GROUPS, JobKind.UNLINK_GROUPS):
            items += [
                InviteJobItem(
                    job=job,
                    live_id=live_id,
                    group_id=group_id,
                    group_name=plan.group_names.get(group_id, ""),
                )
                for group_id in plan.group_ids
            ]
            continue
        already = plan.already_there.get(live_id, frozenset())
        # Read under the lives' lock: a job started a moment ago is seen.
        elsewhere = queued_elsewhere(live_id, plan.kind)
        live_items = []
        for person in plan.people:
            state, note = ItemState.PENDING, ""
            if person.email in already:
                state = ItemState.ALREADY_THERE
            elif person.email in elsewhere:
                state = ItemState.OTHER_JOB
                note = stored_texts.OTHER_JOB(job=elsewhere[person.email])
            live_items.append(
                InviteJobItem(
                    job=job,
                    live_id=live_id,
                    email=person.email,
                    spot_member_id=person.spot_member_id or "",
                    first_name=person.first_name[:150],
                    last_name=person.last_name[:150],
                    source_line=person.source_line,
                    state=state,
                    error=note,
                )
            )
        items += _with_skipped_lines(job, live_id, live_items, plan) if index == 0 else live_items
    return items


def enqueue(job: InviteJob) -> None:
    from lives_admin.tasks import run_invite_job

    # After the commit, so the worker sees the job and its items.
    transaction.on_commit(lambda: run_invite_job.enqueue(job.pk))


def start_job(plan: InvitePlan, user) -> InviteJob:
    with transaction.atomic():
        if plan.kind in INVITE_KINDS:
            _lock_lives(plan.live_ids)
        job = InviteJob.objects.create(
            kind=plan.kind,
            created_by=user,
            live_ids=list(plan.live_ids),
            live_titles=dict(plan.live_titles),
            options={
                "with_email_notification": plan.with_email_notification,
                "highlighted": plan.highlighted,
                "grant_host_rights": plan.grant_host_rights,
            },
            source_label=plan.source_label[:200],
        )
        InviteJobItem.objects.bulk_create(_items(job, plan), batch_size=1000)
        if not job.items.filter(state=ItemState.PENDING).exists():
            job.status = JobStatus.COMPLETED
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "finished_at"])
        else:
            enqueue(job)
    return job


def pause(job: InviteJob) -> bool:
    updated = InviteJob.objects.filter(
        pk=job.pk, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    ).update(status=JobStatus.PAUSED)
    return bool(updated)


def resume(job: InviteJob) -> bool:
    with transaction.atomic():
        updated = InviteJob.objects.filter(pk=job.pk, status=JobStatus.PAUSED).update(
            status=JobStatus.QUEUED, last_error=""
        )
        if updated:
            # A job paused by an outage gets its full share of tries again.
            job.items.filter(state=ItemState.PENDING).update(attempts=0)
            enqueue(job)
    return bool(updated)


def cancel(job: InviteJob) -> bool:
    """Stop before the next batch; people not sent yet are reported as not sent."""
    with transaction.atomic():
        updated = InviteJob.objects.filter(
            pk=job.pk, status__in=(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.PAUSED)
        ).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
        if updated:
            job.items.filter(state=ItemState.PENDING).update(
                state=ItemState.CANCELLED, error=stored_texts.CANCELLED()
            )
    return bool(updated)


def retry_failed(job: InviteJob) -> int:
    with transaction.atomic():
        count = job.items.filter(state=ItemState.FAILED).update(
            state=ItemState.PENDING, error="", attempts=0
        )
        if count:
            InviteJob.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED, finished_at=None, last_error=""
            )
            enqueue(job)
    return count
