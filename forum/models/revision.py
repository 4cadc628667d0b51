"""Edit history: the words a post or comment had before each edit.

``forum.services.posts.edit_post`` and ``forum.services.comments.edit_comment``
add one row per edit, holding the version the edit replaced, in the edit's
own transaction. An author's export carries them; ``flask content purge``
erases them with the post or comment they belong to. ``editor_id`` is who
made the edit (the author, or a moderator); emptied if that account goes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow


class PostRevision(db.Model):
    __tablename__ = "post_revisions"
    __table_args__ = (Index("ix_post_revisions_post_id_edited_at", "post_id", "edited_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    # The tags it had, space-separated (tags never hold a space).
    tags: Mapped[str] = mapped_column(Text, default="")
    # When the edit that replaced this version was made.
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CommentRevision(db.Model):
    __tablename__ = "comment_revisions"
    __table_args__ = (
        Index("ix_comment_revisions_comment_id_edited_at", "comment_id", "edited_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    body: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
