"""What readers keep and give: bookmarks (a private list) and thanks (a public count).

Both point at one post or one comment: exactly one of ``post_id`` and
``comment_id`` is set. One row per member per thing, enforced by the database
(two unique constraints; NULLs never collide), so a double click or two tabs
can't save or thank twice. How many thanks a post or comment has is kept on it
(``thanks_count``) so pages never count rows per comment.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from forum.extensions import db
from forum.models.post import Comment, Post
from forum.models.timestamps import UTCDateTime, utcnow


class _OnPostOrComment:
    """A member's row about one post or one comment."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), default=None
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        name = cls.__tablename__
        return (
            # Named in full: the convention would give both the same name.
            UniqueConstraint("user_id", "post_id", name=f"uq_{name}_user_id_post_id"),
            UniqueConstraint("user_id", "comment_id", name=f"uq_{name}_user_id_comment_id"),
            CheckConstraint("(post_id IS NULL) <> (comment_id IS NULL)", name="one_target"),
            # A member's own list, newest first, read by key (forum.pagination).
            Index(f"ix_{name}_user_id_created_at", "user_id", "created_at", "id"),
            Index(f"ix_{name}_comment_id", "comment_id"),
            Index(f"ix_{name}_post_id", "post_id"),
        )


class Bookmark(_OnPostOrComment, db.Model):
    """A post or comment a member saved to read again. Only they ever see it."""

    __tablename__ = "bookmarks"

    # Loaded by the saved list's own query (forum.social.queries), never per row.
    post: Mapped[Post | None] = relationship()
    comment: Mapped[Comment | None] = relationship()


class Thanks(_OnPostOrComment, db.Model):
    """One member's thanks for a post or comment (counted on it as ``thanks_count``)."""

    __tablename__ = "thanks"
