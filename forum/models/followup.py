"""\"Still working?\": the follow-ups asked of someone who reported an outcome.

When a member reports that a post worked (or partly), one row per step
(``FOLLOWUP_MONTHS``, 3 and 6 by default) is written with the date it falls
due. A worker asks when it is due (``asked_at``: asked once, never twice),
and the answer is kept on the row, so a report keeps its whole history
instead of being overwritten. Answering late still counts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.post import OutcomeReport, Post
from forum.models.timestamps import UTCDateTime, utcnow

FOLLOWUP_ANSWERS = {
    "still_using": "Still using it",
    "stopped": "Stopped",
    "changed": "Changed it",
}


class FollowUp(db.Model):
    __tablename__ = "followups"
    __table_args__ = (
        UniqueConstraint("report_id", "months"),
        Index("ix_followups_due", "asked_at", "due_at"),
        Index("ix_followups_post_id", "post_id", "months"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("outcome_reports.id", ondelete="CASCADE"))
    # Copied from the report: durability per post is counted without a join.
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # None once its member deleted their account: an answer stays as an
    # anonymous count in the post's durability (forum.deletion).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    months: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # A key of FOLLOWUP_ANSWERS once answered.
    answer: Mapped[str | None] = mapped_column(String(20), default=None)
    # Why they stopped (optional, plain text), or what they changed.
    reason: Mapped[str] = mapped_column(Text, default="")
    # "Changed it": the adaptation they posted, if they link one.
    adaptation_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[OutcomeReport] = relationship()
    adaptation: Mapped[Post | None] = relationship(foreign_keys=[adaptation_id])
