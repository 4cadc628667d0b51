"""Outgoing email: written to this outbox, sent by the worker.

Nothing sends mail on a request: a page or job queues an :class:`OutgoingEmail`
(``forum.mail.queue_email``) in its own transaction, and the worker
(``flask notify work``) sends it through Flask-Mailman's configured backend.

States: ``queued`` → ``sending`` (a worker holds it until ``claimed_until``)
→ ``sent``; a refused send goes back to ``queued`` with ``next_attempt_at``
later (backoff), and after ``MAIL_GIVE_UP_AFTER`` to ``failed`` with
``last_error`` kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow

MAIL_KINDS = ("notifications", "digest", "followup", "confirm", "reset")
MAIL_STATES = ("queued", "sending", "sent", "failed")


class OutgoingEmail(db.Model):
    __tablename__ = "outgoing_emails"
    __table_args__ = (Index("ix_outgoing_emails_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text, default=None)
    # Extra headers: List-Unsubscribe, List-Unsubscribe-Post, Message-ID, …
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
