"""Who may add to a post's record (measures, data points, PDSA cycles).

Its author and the co-authors they named; nobody once the post was removed or
deleted, and nobody who may write nothing now (``get_policy().check`` says why
to a suspended member when they send). Moderators take records down with the
post; they don't write other people's data.
"""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import exists, select

from forum.extensions import db
from forum.models import Post, post_coauthors


def is_coauthor(post: Post, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    stmt = select(
        exists().where(post_coauthors.c.post_id == post.id, post_coauthors.c.user_id == user.id)
    )
    return bool(db.session.scalar(stmt))


def can_contribute(post: Post, user=None) -> bool:
    user = user or current_user
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if post.status in ("removed", "deleted") or post.kind == "question":
        return False
    return post.author_id == user.id or is_coauthor(post, user)
