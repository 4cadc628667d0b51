"""Thanks: one per member per post or comment, counted on it, never for your own."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Post, Thanks, User
from forum.policy import get_policy
from forum.services.errors import NotAllowed
from forum.services.marks import Target, add, remove


def _what(target: Target) -> str:
    return "post" if isinstance(target, Post) else "comment"


def set_thanked(user: User, target: Target, thanked: bool) -> bool:
    """Thank ``target``'s author (or take the thanks back); True if that changed
    anything. The caller has checked that ``user`` may see it."""
    if target.author_id == user.id:
        raise NotAllowed(f"You can't thank yourself: this {_what(target)} is your own.")
    post = target if isinstance(target, Post) else target.post
    if target.status != "published" or post.status != "published":
        raise NotAllowed(f"This {_what(target)} isn't open for thanks.", status=409)
    get_policy().check(user, "thanks", post=post)
    changed = add(Thanks, user, target) if thanked else remove(Thanks, user, target)
    if changed:
        # An increment, not a recount: concurrent thanks must not overwrite each other.
        model = type(target)
        target.thanks_count = model.thanks_count + (1 if thanked else -1)
    db.session.commit()
    return changed
