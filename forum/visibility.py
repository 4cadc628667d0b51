"""Who may see what. Published content is public; pending and hidden content
is seen by its author and by reviewers; removed content by reviewers only."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import ColumnElement, or_

from forum.models import Comment, Post
from forum.policy import get_policy


def can_view_post(post: Post, user=None) -> bool:
    user = user or current_user
    if post.status == "published":
        return True
    if not user.is_authenticated:
        return False
    if get_policy().can_review(user):
        return True
    return post.author_id == user.id and post.status in ("pending", "hidden")


def can_view_comment(comment: Comment, user=None) -> bool:
    user = user or current_user
    if comment.status == "published":
        return True
    if not user.is_authenticated:
        return False
    if get_policy().can_review(user):
        return True
    return comment.author_id == user.id and comment.status in ("pending", "hidden")


def visible_comments_clause(user=None) -> ColumnElement[bool]:
    """Comments of a post page that ``user`` may see."""
    user = user or current_user
    clause = Comment.status == "published"
    if user.is_authenticated:
        if get_policy().can_review(user):
            return Comment.status != "removed"
        own = (Comment.author_id == user.id) & Comment.status.in_(("pending", "hidden"))
        return or_(clause, own)
    return clause


def can_edit_post(post: Post, user=None) -> bool:
    user = user or current_user
    if not user.is_authenticated or post.status == "removed":
        return False
    return post.author_id == user.id or user.is_moderator


def can_edit_comment(comment: Comment, user=None) -> bool:
    user = user or current_user
    if not user.is_authenticated or comment.status == "removed":
        return False
    return comment.author_id == user.id or user.is_moderator
