"""Local state only: what the MeltingSpot API has no place for."""

from lives_admin.models.accounts import AccountSecurity, LinkMail
from lives_admin.models.audit import AuditEntry
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
    "AccountSecurity",
    "AuditEntry",
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
    "LinkMail",
    "SavedView",
    "UserPreference",
]
