"""Who may see what. Every view, listing, API call and moderation decision asks here.

- ``published``: everyone.
- ``pending`` and ``hidden``: their author, and reviewers (stewards, verified
  clinicians, moderators: ``WritePolicy.can_review``).
- ``removed`` (taken down by a moderator): moderators and admins only.
- ``deleted`` (by its author): moderators and admins only, and only for the
  retention period after the delete (``DELETED_RETENTION_DAYS``); then nobody,
  and ``forum.services.purge`` erases its words. Stewards and clinicians review
  what is pending or hidden, never what an author took back.

A suspended member sees only what the public sees (not even their own held
content): their sessions and tokens can read and sign out, nothing more.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, or_

from forum.models import Comment, Post
from forum.models.timestamps import utcnow
from forum.policy import get_policy

Content = Post | Comment


def retention() -> timedelta:
    """How long what an author deleted stays readable to moderators (then it is purged)."""
    return timedelta(days=current_app.config["DELETED_RETENTION_DAYS"])


def deleted_since() -> datetime:
    """Deletes before this moment are past retention."""
    return utcnow() - retention()


def _is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_moderator and not user.is_suspended())


def _is_active(user) -> bool:
    return bool(user.is_authenticated and not user.is_suspended())


def _can_view(item: Content, user) -> bool:
    status = item.status
    if status == "published":
        return True
    if not _is_active(user):
        return False
    if status in ("pending", "hidden"):
        return item.author_id == user.id or get_policy().can_review(user)
    if status == "removed":
        return _is_staff(user)
    if status == "deleted":
        return _is_staff(user) and item.deleted_at is not None and item.deleted_at > deleted_since()
    return False


def _visible_clause(model: type[Post] | type[Comment], user) -> ColumnElement[bool]:
    """The same rule as :func:`_can_view`, as SQL."""
    published = model.status == "published"
    if not _is_active(user):
        return published
    held = model.status.in_(("pending", "hidden"))
    if get_policy().can_review(user):
        seen = or_(published, held)
    else:
        seen = or_(published, and_(held, model.author_id == user.id))
    if _is_staff(user):
        recently_deleted = and_(model.status == "deleted", model.deleted_at > deleted_since())
        seen = or_(seen, model.status == "removed", recently_deleted)
    return seen


def can_view_post(post: Post, user=None) -> bool:
    return _can_view(post, user or current_user)


def can_view_comment(comment: Comment, user=None) -> bool:
    """The comment itself; callers check its post with :func:`can_view_post` too."""
    return _can_view(comment, user or current_user)


def visible_posts_clause(user=None) -> ColumnElement[bool]:
    """Posts ``user`` may open, for listings (the rule of :func:`can_view_post`)."""
    return _visible_clause(Post, user or current_user)


def visible_comments_clause(user=None) -> ColumnElement[bool]:
    """Comments of a post page that ``user`` may see."""
    return _visible_clause(Comment, user or current_user)


def can_edit_post(post: Post, user=None) -> bool:
    """Authors edit their own; moderators anyone's (with a reason, on the record).
    Nobody edits what was removed or deleted."""
    user = user or current_user
    if not _is_active(user) or post.status in ("removed", "deleted"):
        return False
    return post.author_id == user.id or user.is_moderator


def can_edit_comment(comment: Comment, user=None) -> bool:
    user = user or current_user
    if not _is_active(user) or comment.status in ("removed", "deleted"):
        return False
    return comment.author_id == user.id or user.is_moderator


def can_delete(item: Content, user=None) -> bool:
    """Only an author deletes; moderators take others' content down with Remove,
    which asks for a reason and goes in the log."""
    user = user or current_user
    return _is_active(user) and item.author_id == user.id and item.status != "deleted"


__all__ = [
    "can_delete",
    "can_edit_comment",
    "can_edit_post",
    "can_view_comment",
    "can_view_post",
    "deleted_since",
    "retention",
    "visible_comments_clause",
    "visible_posts_clause",
]
