"""Local state only: what the MeltingSpot API has no place for."""

from lives_admin.models.audit import AuditEntry, AuditState
from lives_admin.models.insights import InsightLive, InsightPerson, InsightSnapshot, InsightStatus
from lives_admin.models.jobs import (
    InviteDraft,
    InviteJob,
    InviteJobItem,
    ItemState,
    JobKind,
    JobStatus,
)
from lives_admin.models.preferences import UserPreference
from lives_admin.models.saved_views import SavedView

__all__ = [
    "AuditEntry",
    "AuditState",
    "InsightLive",
    "InsightPerson",
    "InsightSnapshot",
    "InsightStatus",
    "InviteDraft",
    "InviteJob",
    "InviteJobItem",
    "ItemState",
    "JobKind",
    "JobStatus",
    "SavedView",
    "UserPreference",
]
