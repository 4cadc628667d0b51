"""The forum's tables. Moderation and search add their own in their packages."""

from forum.models.change_idea import (
    CITATION_KINDS,
    DECISIONS,
    EVIDENCE_LEVELS,
    MEASURE_KINDS,
    SETTING_KINDS,
    Citation,
    DataPoint,
    Measure,
    PdsaCycle,
    post_coauthors,
)
from forum.models.condition import Condition
from forum.models.draft import Draft
from forum.models.export import EXPORT_STATES, ExportJob
from forum.models.followup import FOLLOWUP_ANSWERS, FollowUp
from forum.models.former_member import DELETION_MODES, FormerMember, ReservedName
from forum.models.mail import MAIL_KINDS, MAIL_STATES, OutgoingEmail
from forum.models.notification import NOTIFICATION_KINDS, Notification, NotifyEvent, PeriodicRun
from forum.models.post import (
    CARE_TEAM_KNEW,
    DURATIONS,
    KINDS,
    OUTCOME_RESULTS,
    SAFETY_LABELS,
    STATUSES,
    Comment,
    OutcomeReport,
    Post,
    PostTag,
    post_conditions,
)
from forum.models.ratelimit import rate_limit_counters
from forum.models.revision import CommentRevision, PostRevision
from forum.models.second_factor import Passkey, RecoveryCode
from forum.models.session import LoginSession
from forum.models.social import Bookmark, Thanks
from forum.models.token import ApiToken
from forum.models.user import (
    AGE_BANDS,
    BIO_MAX,
    EMAIL_MODES,
    PERSPECTIVES,
    ROLES,
    TRUST_LEVELS,
    User,
    user_conditions,
)
from forum.models.watch import LEVEL_RANK, LEVELS, TARGET_KINDS, MutedMember, Watch

# Integer primary keys are 32-bit on PostgreSQL: any larger id is not found.
MAX_ID = 2**31 - 1

__all__ = [
    "AGE_BANDS",
    "BIO_MAX",
    "CARE_TEAM_KNEW",
    "CITATION_KINDS",
    "DECISIONS",
    "DELETION_MODES",
    "DURATIONS",
    "EMAIL_MODES",
    "EVIDENCE_LEVELS",
    "EXPORT_STATES",
    "FOLLOWUP_ANSWERS",
    "LEVELS",
    "LEVEL_RANK",
    "MAIL_KINDS",
    "MAIL_STATES",
    "NOTIFICATION_KINDS",
    "KINDS",
    "MAX_ID",
    "MEASURE_KINDS",
    "OUTCOME_RESULTS",
    "PERSPECTIVES",
    "ROLES",
    "SAFETY_LABELS",
    "SETTING_KINDS",
    "STATUSES",
    "TARGET_KINDS",
    "TRUST_LEVELS",
    "ApiToken",
    "Bookmark",
    "Citation",
    "Comment",
    "CommentRevision",
    "Condition",
    "DataPoint",
    "Draft",
    "ExportJob",
    "FollowUp",
    "FormerMember",
    "LoginSession",
    "Measure",
    "MutedMember",
    "Notification",
    "NotifyEvent",
    "OutcomeReport",
    "OutgoingEmail",
    "Passkey",
    "PdsaCycle",
    "PeriodicRun",
    "Post",
    "PostRevision",
    "PostTag",
    "RecoveryCode",
    "ReservedName",
    "Thanks",
    "User",
    "Watch",
    "post_coauthors",
    "post_conditions",
    "rate_limit_counters",
    "user_conditions",
]
