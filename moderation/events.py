"""Receivers for the forum's signals (sent after the forum's change is committed)."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db
from forum.models import User
from moderation import trust

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
