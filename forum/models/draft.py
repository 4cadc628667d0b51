"""What a member was writing and hasn't published yet: one draft per form.

A draft belongs to one member and one form (its ``target``): a new post
(``post``), an edit of post N (``edit-N``) or a comment on post N
(``comment-N``). Only its owner ever reads, saves over or discards it
(``forum.services.drafts``), and publishing from that form deletes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow


class Draft(db.Model):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(30))
    # The post an edit or a comment is for: the draft goes when the post row does.
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), index=True, default=None
    )
    # The form's fields as typed ("title", "kind", "body", "conditions", "tags").
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
