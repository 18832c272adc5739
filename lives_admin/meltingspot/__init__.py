"""The one way in and out of MeltingSpot: a typed client over its Open API.

Nothing else in the project imports httpx; views get typed models and errors. This
package imports nothing from Django: the process-wide client built from the settings
(`get_client`) and the cache-backed limiter stores are in `lives_admin.upstream`.
"""

from __future__ import annotations

from lives_admin.meltingspot.bodies import LiveCreate, LiveUpdate
from lives_admin.meltingspot.client import (
    MeltingSpotClient,
    RetryPolicy,
    stopping_when,
    watching_attempts,
)
from lives_admin.meltingspot.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InvalidIdError,
    MeltingSpotError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    PersonalBudgetSpent,
    RateLimitError,
    RateLimiterUnavailable,
    RateLimitExceeded,
    SendCancelled,
    ServerError,
    UnreadableResponseError,
    WriteNotRecorded,
)
from lives_admin.meltingspot.filters import (
    BUILT_IN_TYPES,
    LIVE_STATUSES,
    PARTICIPANT_STATUSES,
    PARTICIPANT_TYPES,
    SOLUTIONS,
    GroupFilters,
    GroupMemberFilters,
    LiveFilters,
    MetricRange,
    ParticipantFilters,
    SpeakerFilters,
    SpotMemberFilters,
)
from lives_admin.meltingspot.ids import is_id, path_id
from lives_admin.meltingspot.models import (
    METRIC_NAMES,
    BulkOutcome,
    BulkProgress,
    Group,
    InviteResult,
    Live,
    LiveMetrics,
    Page,
    Participant,
    SpotMember,
    WriteRecord,
)
from lives_admin.meltingspot.ratelimit import LimiterStore, PlaceLog, RateLimiter, key_fingerprint
from lives_admin.meltingspot.richtext import (
    rich_text_to_html,
    rich_text_to_markdown,
    rich_text_to_plain,
)

__all__ = [
    "BUILT_IN_TYPES",
    "LIVE_STATUSES",
    "METRIC_NAMES",
    "PARTICIPANT_STATUSES",
    "PARTICIPANT_TYPES",
    "SOLUTIONS",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BulkOutcome",
    "BulkProgress",
    "Group",
    "GroupFilters",
    "GroupMemberFilters",
    "InvalidIdError",
    "InviteResult",
    "LimiterStore",
    "Live",
    "LiveCreate",
    "LiveFilters",
    "LiveMetrics",
    "LiveUpdate",
    "MeltingSpotClient",
    "MeltingSpotError",
    "MetricRange",
    "NotFoundError",
    "Page",
    "Participant",
    "ParticipantFilters",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PersonalBudgetSpent",
    "PlaceLog",
    "RateLimitError",
    "RateLimitExceeded",
    "RateLimiter",
    "RateLimiterUnavailable",
    "RetryPolicy",
    "SendCancelled",
    "ServerError",
    "SpeakerFilters",
    "SpotMember",
    "SpotMemberFilters",
    "UnreadableResponseError",
    "WriteNotRecorded",
    "WriteRecord",
    "is_id",
    "key_fingerprint",
    "path_id",
    "rich_text_to_html",
    "rich_text_to_markdown",
    "rich_text_to_plain",
    "stopping_when",
    "watching_attempts",
]
