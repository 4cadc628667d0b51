"""Moderation's rate-limit scopes, registered through the forum's mechanism (forum.ratelimits).

Moderation's views take ``rate_limited`` from here, so these scopes are
registered before any view names them. Flags share
one bucket on the web and through the API; every moderator action (queue
decisions, removals, locks, safety reviews, people) shares another, so a
hijacked steward or moderator account can't sweep the forum in a minute.
Members' requests (clinician verification, a missing condition) have their own.
"""

from __future__ import annotations

from forum.ratelimits import Scope, actor_key, rate_limited, register

__all__ = ["rate_limited"]

_WAIT = "Please wait a little and try again."

register(
    Scope(
        "flag",
        "MODERATION_RATELIMIT_FLAG",
        "10 per minute;50 per day",
        "You're flagging very quickly. Please wait a little; reviewers have your flags.",
        actor_key,
    ),
    Scope(
        "retag",
        "MODERATION_RATELIMIT_RETAG",
        "10 per minute;100 per day",
        "You're changing conditions and tags very quickly. Please wait a little.",
        actor_key,
    ),
    Scope(
        "request",
        "MODERATION_RATELIMIT_REQUEST",
        "5 per hour;20 per day",
        "You've sent several requests already. Please wait; moderators have them.",
        actor_key,
    ),
    Scope(
        "moderate",
        "MODERATION_RATELIMIT_MODERATE",
        "30 per minute;600 per day",
        f"You're taking moderation actions very quickly. {_WAIT}",
        actor_key,
    ),
)
