"""A member's data export that was too large to build while they waited.

``forum.export.jobs`` queues one (at most one queued per member: the partial
unique index), the worker builds its ZIP under ``EXPORT_DIR`` with a random
file name, tells its owner with an "export" notification whose link names
``token``, and deletes the file once ``expires_at`` has passed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow

# queued: waiting for the worker; ready: the file is there until expires_at;
# expired: the file is deleted; failed: the worker could not build it.
EXPORT_STATES = ("queued", "ready", "expired", "failed")


class ExportJob(db.Model):
    __tablename__ = "export_jobs"
    __table_args__ = (
        Index("ix_export_jobs_user_id_created_at", "user_id", "created_at"),
        Index("ix_export_jobs_state_expires_at", "state", "expires_at"),
        # One queued export per member: a second request finds the first.
        Index(
            "uq_export_jobs_queued_user",
            "user_id",
            unique=True,
            sqlite_where=text("state = 'queued'"),
            postgresql_where=text("state = 'queued'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Names the download link (/account/export/<token>); random, so links can't
    # be guessed, and the link still works only for the owner.
    token: Mapped[str] = mapped_column(String(43), unique=True)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    # The file's name under EXPORT_DIR (random), and its size in bytes.
    file_name: Mapped[str | None] = mapped_column(String(80), default=None)
    size: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # A worker's lease on it while building (forum.notify.claims).
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    def __repr__(self) -> str:
        return f"<ExportJob {self.id} of user {self.user_id} {self.state}>"
