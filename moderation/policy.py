"""The write policy moderation installs for the forum (see forum/policy.py).

It refuses writes from suspended members, keeps new members (trust level 0)
to a few links and a few posts and comments on their first day, and holds a
new member's first post with links for review. Moderators are never limited.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import func, select

from forum.extensions import db
from forum.markup import render_markdown
from forum.models import Comment, Post, User
from forum.models.timestamps import utcnow
from forum.plugins import duration_words, human_date
from forum.policy import WritePolicy, WriteRefused
from moderation import audit, flags
from moderation.trust import setting

_WRITES_WITH_TEXT = ("post", "edit_post", "comment", "edit_comment")
_FIRST_DAY_LIMITS = {"post": ("TL0_MAX_POSTS", Post), "comment": ("TL0_MAX_COMMENTS", Comment)}


class NewMemberLimit(WriteRefused):
    """A first-day limit was reached; ``retry_after`` is in seconds (the API sends it)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, status=429)
        self.retry_after = retry_after


def count_links(text: str | None) -> int:
    """Links as readers will see them: Markdown links and bare addresses alike."""
    if not text:
        return 0
    return render_markdown(text).count("<a ")


def suspension_message(user: User) -> str:
    message = f"Your account is suspended until {human_date(user.suspended_until)}"
    reason = (user.suspension_reason or "").strip()
    message += f": {reason}" if reason else "."
    if not message.endswith((".", "!", "?")):
        message += "."
    return message + " You can read, but not post, comment or report until then."


def is_new_member(user: User) -> bool:
    return user.trust_level == 0 and not user.is_moderator


class ModerationPolicy(WritePolicy):
    def standing_refusal(self, user: User) -> str | None:
        return suspension_message(user) if user.is_suspended() else None

    def check(self, user: User, action: str, *, text: str = "", post: Post | None = None) -> None:
        if refusal := self.standing_refusal(user):
            raise WriteRefused(refusal, status=403)
        if not is_new_member(user):
            return
        if action in _WRITES_WITH_TEXT:
            limit = setting("TL0_MAX_LINKS")
            links = count_links(text)
            if links > limit:
                raise WriteRefused(
                    f"New members can include at most {limit} links in a post or comment; "
                    f"this has {links}. Remove some and try again, or share them once "
                    "you've been here a little longer.",
                    status=403,
                )
        if action in _FIRST_DAY_LIMITS:
            self._check_first_day(user, action)

    def _check_first_day(self, user: User, action: str) -> None:
        first_day_ends = user.created_at + timedelta(hours=setting("NEW_MEMBER_HOURS"))
        remaining = (first_day_ends - utcnow()).total_seconds()
        if remaining <= 0:
            return
        key, model = _FIRST_DAY_LIMITS[action]
        limit = setting(key)
        made = db.session.scalar(
            select(func.count()).select_from(model).where(model.author_id == user.id)
        )
        if made >= limit:
            what = "posts" if action == "post" else "comments"
            raise NewMemberLimit(
                f"New members can share {limit} {what} on their first day, and you have. "
                f"You can share more {f'in about {duration_words(remaining)}'}.",
                retry_after=math.ceil(remaining),
            )

    def initial_status(self, user: User, action: str, *, text: str = "") -> str:
        """A new member's first post with links waits for a reviewer (a common spam shape)."""
        if action != "post" or not is_new_member(user) or not count_links(text):
            return "published"
        has_published = db.session.scalar(
            select(Post.id).where(Post.author_id == user.id, Post.status == "published").limit(1)
        )
        return "published" if has_published else "pending"

    def record(self, actor, action, target, *, reason, details=None) -> None:
        """Staff changed someone else's content or account: one log row, in the change's
        transaction (the caller commits)."""
        audit.record(actor, action, target, reason=reason, details=details)

    def author_deleted(self, target: Post | Comment) -> None:
        """An author took their content back: its open flags close (nobody may
        publish it again through the queue), noted in the log if there were any."""
        closed = flags.close_open_flags(target)
        if closed:
            audit.record(
                target.author,
                "author_deleted",
                target,
                reason="Deleted by its author while flagged.",
                details={"flags_closed": closed},
            )

    def member_leaving(self, user, *, by, staff, reason, pseudonym, mode) -> None:
        """Flags they raised keep their weight and status and lose who (the
        database clears ``flagger_id``) and their notes (their words). Staff
        deleting an account is on the record, by the pseudonym: the row's ids
        outlive the account, and the name is never written."""
        flags.forget_flagger(user)
        if staff:
            details = {"pseudonym": pseudonym, "mode": mode}
            audit.record(by, "delete_account", user, reason=reason, details=details)

    def purged(self, target: Post | Comment) -> None:
        """Flaggers' notes quote what they flagged; they go with it."""
        flags.erase_notes(target)

    def can_review(self, user: User) -> bool:
        """Stewards, verified clinicians and moderators see pending and hidden content."""
        if not user.is_authenticated or user.is_suspended():
            return False
        return (
            user.is_moderator
            or user.trust_level >= setting("STEWARD_LEVEL")
            or user.clinician_verified
        )
