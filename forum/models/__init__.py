"""The forum's tables. Moderation and search add their own in their packages."""

from forum.models.condition import Condition
from forum.models.draft import Draft
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
from forum.models.session import LoginSession
from forum.models.social import Bookmark, Thanks
from forum.models.token import ApiToken
from forum.models.user import (
    AGE_BANDS,
    BIO_MAX,
    PERSPECTIVES,
    ROLES,
    TRUST_LEVELS,
    User,
    user_conditions,
)

# Integer primary keys are 32-bit on PostgreSQL: any larger id is not found.
MAX_ID = 2**31 - 1

__all__ = [
    "AGE_BANDS",
    "BIO_MAX",
    "CARE_TEAM_KNEW",
    "DURATIONS",
    "KINDS",
    "MAX_ID",
    "OUTCOME_RESULTS",
    "PERSPECTIVES",
    "ROLES",
    "SAFETY_LABELS",
    "STATUSES",
    "TRUST_LEVELS",
    "ApiToken",
    "Bookmark",
    "Comment",
    "Condition",
    "Draft",
    "LoginSession",
    "OutcomeReport",
    "Post",
    "PostTag",
    "Thanks",
    "User",
    "post_conditions",
    "rate_limit_counters",
    "user_conditions",
]
