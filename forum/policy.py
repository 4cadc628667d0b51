"""The one hook through which moderation may refuse, hold or record a write.

Forum services call :func:`get_policy` before they write; the default allows
everything and records nothing. A plugin installs its own with
``app.extensions["forum"].set_write_policy(policy)`` (``forum.plugins``;
moderation does), so the rules live in the plugin and the forum stays
ignorant of them.

``record``, ``author_deleted``, ``purged`` and ``member_leaving`` are called
inside the service's own transaction, before its commit: whatever they add
commits with the change, or nothing does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from forum.models import Comment, Post, User

# What a user may be trying to do.
ACTIONS = (
    "post", "edit_post", "comment", "edit_comment", "outcome", "flag", "review",
    "delete", "token", "password", "preview", "save", "thanks", "profile",
)  # fmt: skip


# Staff whose account has no second factor keep a member's powers only
# (``User.is_moderator``); what they are told wherever staff tools refuse them.
STAFF_NEED_SECOND_FACTOR = (
    "Moderators and admins must turn on two-factor sign-in before using staff tools. "
    "Turn it on from Your account → Two-factor sign-in."
)


def lacks_staff_factor(user: User) -> bool:
    """Whether ``user`` was made staff but can't use staff tools for want of a second factor."""
    return bool(user.is_authenticated and user.holds_staff_role and not user.is_moderator)


class WriteRefused(Exception):
    """A policy refused a write; ``message`` is shown to the user as it is."""

    def __init__(self, message: str, *, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class WritePolicy:
    """Allows every write; publishes everything at once."""

    def check(self, user: User, action: str, *, text: str = "", post: Post | None = None) -> None:
        """Raise :class:`WriteRefused` when ``user`` may not do ``action`` now."""

    def standing_refusal(self, user: User) -> str | None:
        """Why ``user`` may write nothing at all now (a suspension), in a sentence
        for them, or None. ``check`` refuses every write with these words; sign-in
        says them, and every write form shows them in place of itself (the
        ``suspended_notice`` macro), so nobody types a whole post to be refused."""
        return None

    def initial_status(self, user: User, action: str, *, text: str = "") -> str:
        """Status for new content: ``published``, or ``pending`` to hold it for review."""
        return "published"

    def can_review(self, user: User) -> bool:
        """May ``user`` see content that is pending or hidden?"""
        return bool(user.is_authenticated and user.is_moderator)

    def record(
        self,
        actor: User,
        action: str,
        target: Post | Comment | User,
        *,
        reason: str,
        details: dict | None = None,
    ) -> None:
        """Staff changed someone else's content or account: put it on the record
        (inside the change's transaction)."""

    def author_deleted(self, target: Post | Comment) -> None:
        """``target``'s author deleted it (inside the delete's transaction)."""

    def member_leaving(
        self, user: User, *, by: User | None, staff: bool, reason: str, pseudonym: str, mode: str
    ) -> None:
        """``user``'s account is being deleted (inside the deletion's transaction,
        before the account row goes): forget what ties the plugin's rows to
        them, and put it on the record when ``staff`` did it (``by``, or an
        operator at the command line when None)."""

    def purged(self, target: Post | Comment) -> None:
        """``target``'s words were erased (inside the purge's transaction): erase
        what others wrote about them too."""


_DEFAULT = WritePolicy()


def get_policy() -> WritePolicy:
    return current_app.extensions.get("forum.policy", _DEFAULT)
