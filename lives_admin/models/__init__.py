"""Local state only: what the MeltingSpot API has no place for."""

from lives_admin.models.accounts import AccountSecurity, LinkMail
from lives_admin.models.api_usage import ApiDayUsage
from lives_admin.models.audit import AuditEntry, AuditState
from lives_admin.models.insights import InsightLive, InsightPerson, InsightSnapshot, InsightStatus
from lives_admin.models.jobs import (
    ACTIVE_JOB_STATUSES,
    InviteDraft,
    InviteJob,
    InviteJobItem,
    ItemState,
    JobKind,
    JobStatus,
    LiveInviteLock,
)
from lives_admin.models.lives_index import IndexedLive, LivesIndexState
from lives_admin.models.member_index import IndexedMember, MemberIndexState
from lives_admin.models.preferences import UserPreference
from lives_admin.models.saved_views import SavedView
from lives_admin.models.submissions import FormSubmission, SubmissionState

__all__ = [
    "ACTIVE_JOB_STATUSES",
    "AccountSecurity",
    "ApiDayUsage",
    "AuditEntry",
    "AuditState",
    "FormSubmission",
    "IndexedLive",
    "IndexedMember",
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
    "LiveInviteLock",
    "LivesIndexState",
    "MemberIndexState",
    "SavedView",
    "SubmissionState",
    "UserPreference",
]
