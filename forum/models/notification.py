"""Notifications, and the outbox of events they are made from.

A change that should notify someone (a comment published, a post published in
a watched condition, an @mention, an outcome report, a safety review, a
moderation decision, a follow-up falling due) writes one :class:`NotifyEvent`
in the transaction that makes the change (``forum.services.notifications``),
exactly as search's outbox does: if the change commits, so does the event;
if it rolls back, nobody hears of it. A worker (``flask notify work``,
``forum.notify``) later turns each event into one :class:`Notification` per
recipient, off the request path, however many watchers there are. The
``(event_id, user_id)`` unique constraint makes that fan-out idempotent: a
worker killed half-way and run again adds only what is missing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.post import Comment, Post
from forum.models.timestamps import UTCDateTime, utcnow
from forum.models.user import User

# What a notification is about, in the words the list groups by.
NOTIFICATION_KINDS = {
    "comment": "New comment",
    "post": "New post",
    "mention": "Mentioned you",
    "outcome": "Tried your post",
    "safety_review": "Safety review",
    "moderation": "Moderation decision",
    "followup": "Is it still working?",
    "sign_in": "New sign-in",
    "export": "Your data export",
}


class NotifyEvent(db.Model):
    """Something happened that may notify people; written in the change's own transaction.

    ``recipient_id`` set: the event is for that one member (a moderation
    decision, a follow-up); unset: the worker works out the audience from the
    kind (watchers of the post, its conditions and tags; mentioned members).
    ``done_at`` is set once every notification it makes is written.
    ``claimed_until``: a worker's lease on it; another worker takes it over
    only after the lease runs out (a worker that died).
    """

    __tablename__ = "notify_events"
    __table_args__ = (Index("ix_notify_events_pending", "done_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), default=None
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), default=None
    )
    # Kind-specific details: a moderation decision's reason, a follow-up's id, …
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    # Set by object so an event can be recorded before its post or comment has an id.
    post: Mapped[Post | None] = relationship()
    comment: Mapped[Comment | None] = relationship()


class Notification(db.Model):
    """One member told about one event.

    ``quiet``: from a *tracked* post, condition or tag: counted in the unread
    badge and listed, never emailed. ``email_state``: None when it is not to be
    emailed (quiet, or the member wants no mail for each notification),
    ``pending`` until the next batch for its member, then ``sent`` or ``skipped``
    (read in the app before the batch went, or no longer visible).
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        # The bell (unread count) and the list (newest first, by key).
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_user_id_id", "user_id", "id"),
        Index("ix_notifications_email_pending", "email_state", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("notify_events.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[str] = mapped_column(String(20))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), default=None, index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    quiet: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    email_state: Mapped[str | None] = mapped_column(String(10), default=None)

    post: Mapped[Post | None] = relationship()
    comment: Mapped[Comment | None] = relationship()
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class PeriodicRun(db.Model):
    """A periodic job's run for one period (a day's digests), claimed by inserting its row.

    The primary key makes the claim: of several workers on several hosts, the
    one whose insert commits runs the period; the others' inserts fail and they
    skip it. ``finished_at`` unset after a long while means the runner died.
    """

    __tablename__ = "periodic_runs"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[str] = mapped_column(String(20), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    done: Mapped[int] = mapped_column(Integer, default=0)
