"""Watching: how much a member wants to hear about a post, a condition or a tag.

One row per member per thing watched. ``target_kind`` says what kind of thing
(``post``, ``condition``, ``tag``) and ``target_key`` names it (a post's or
condition's id as text, or the tag's name), so one table and one index serve
the fan-out's question "who watches any of these?" for a post's own id, its
conditions with their ancestors, and its tags at once.

Levels, as Discourse members know them:

``watching``  a notification for every new post or comment;
``tracking``  counted in the unread badge, never a notification of its own;
``normal``    only what is addressed to you (replies to your post, @mentions);
``muted``     never notified; hidden from your "latest" if you choose.

What is more specific wins: a level on the post itself beats its conditions'
and tags'; among those, ``muted`` anywhere wins (the member said not about
this), else the highest level.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow

LEVELS = {
    "watching": "Watching",
    "tracking": "Tracking",
    "normal": "Normal",
    "muted": "Muted",
}
# Higher is louder; used to pick the loudest of a post's conditions and tags.
LEVEL_RANK = {"muted": 0, "normal": 1, "tracking": 2, "watching": 3}
TARGET_KINDS = ("post", "condition", "tag")


class Watch(db.Model):
    __tablename__ = "watches"
    __table_args__ = (
        UniqueConstraint("user_id", "target_kind", "target_key"),
        # Fan-out: everyone watching any of a post's targets, at a level.
        Index("ix_watches_target", "target_kind", "target_key", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target_kind: Mapped[str] = mapped_column(String(10))
    target_key: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class MutedMember(db.Model):
    """A member whose posts, comments and mentions never notify ``user_id``."""

    __tablename__ = "muted_members"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    muted_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
