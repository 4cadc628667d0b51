"""Saving a post or comment to a member's private list, and taking it off."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Bookmark, Post, User
from forum.policy import get_policy
from forum.services.marks import Target, add, remove


def set_saved(user: User, target: Target, saved: bool) -> bool:
    """Put ``target`` on ``user``'s saved list (or take it off); True if that
    changed anything. The caller has checked that ``user`` may see it."""
    post = target if isinstance(target, Post) else target.post
    get_policy().check(user, "save", post=post)  # a suspension says so
    changed = add(Bookmark, user, target) if saved else remove(Bookmark, user, target)
    db.session.commit()
    return changed
