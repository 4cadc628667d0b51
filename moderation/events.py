"""Receivers for the forum's signals (sent after the forum's change is committed)."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db
from forum.models import Post, User
from moderation import audit, trust

log = logging.getLogger(__name__)


def member_acted(sender, user: User, **extra) -> None:
    """Promotion is checked when a member posts, comments or reports (cheaply).

    The member's own action is already committed; a failure here is logged
    and must not turn it into an error page.
    """
    try:
        trust.evaluate_on_act(user)
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("trust evaluation failed for user %s", user.id, exc_info=True)


def post_edited(sender, user: User, post: Post, **extra) -> None:
    """A moderator's edit of someone else's post goes in the log."""
    if user.id == post.author_id or not user.is_moderator:
        return
    audit.record(user, "moderator_edit", post, reason="Edited the post.")
    db.session.commit()
