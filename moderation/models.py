"""Moderation's tables: flags, the append-only audit log, safety reviews, and the
requests members send to the queue (clinician verification, a missing condition)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from forum.extensions import db
from forum.models import Comment, Condition, FormerMember, Post, User
from forum.models.timestamps import UTCDateTime, utcnow

FLAG_REASONS = {
    "spam": "Spam or advertising",
    "unsafe_advice": "Unsafe advice",
    "misinformation": "Health misinformation",
    "privacy": "Exposes someone's health information",
    "harassment": "Harassment or abuse",
    "off_topic": "Off topic",
}
# closed: its target was deleted by its author before anyone decided (counts
# neither for nor against the flagger's accuracy).
FLAG_STATUSES = ("open", "upheld", "dismissed", "closed")


class Flag(db.Model):
    """One member's report that a post or comment breaks the rules.

    ``post_id`` is always set (for a comment, the post it is on); ``comment_id``
    is set when the comment itself is flagged. ``weight`` is fixed when the
    flag is raised, so later changes in the flagger's standing never move a
    hide decision that was already taken.
    """

    __tablename__ = "flags"
    __table_args__ = (
        Index("ix_flags_post_id_status", "post_id", "status"),
        Index("ix_flags_comment_id_status", "comment_id", "status"),
        Index("ix_flags_flagger_id_status", "flagger_id", "status"),
        Index("ix_flags_status_created_at", "status", "created_at"),
        # One open flag per member per target; a resolved one may be raised again.
        Index(
            "uq_flags_open_post_flagger",
            "post_id",
            "flagger_id",
            unique=True,
            sqlite_where=text("status = 'open' AND comment_id IS NULL"),
            postgresql_where=text("status = 'open' AND comment_id IS NULL"),
        ),
        Index(
            "uq_flags_open_comment_flagger",
            "comment_id",
            "flagger_id",
            unique=True,
            sqlite_where=text("status = 'open' AND comment_id IS NOT NULL"),
            postgresql_where=text("status = 'open' AND comment_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None
    )
    # None once the flagger deleted their account: the flag keeps its weight
    # and status (a hide decision rests on it) and loses who raised it.
    flagger_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The author of what was flagged, so a member's record is one indexed query.
    target_author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    flagger: Mapped[User | None] = relationship(foreign_keys=[flagger_id], lazy="joined")
    post: Mapped[Post] = relationship(foreign_keys=[post_id])
    comment: Mapped[Comment | None] = relationship(foreign_keys=[comment_id])

    @property
    def reason_label(self) -> str:
        return FLAG_REASONS.get(self.reason, self.reason)

    @property
    def target_type(self) -> str:
        return "comment" if self.comment_id else "post"


class AppendOnlyError(RuntimeError):
    """Something tried to change or delete a row of the audit log."""


class ModerationAction(db.Model):
    """One row of the audit log: who did what to which target, why, and when.

    Append-only: there is no method to change a row, and the ORM refuses to
    flush an UPDATE or DELETE of one (see the listeners below). ``actor_id``
    is empty for what the system did by itself (a hide at the flag threshold).
    """

    __tablename__ = "moderation_actions"
    __table_args__ = (
        Index("ix_moderation_actions_created_at", "created_at"),
        Index("ix_moderation_actions_target", "target_type", "target_id", "created_at"),
        Index("ix_moderation_actions_subject", "subject_user_id", "action", "created_at"),
        Index("ix_moderation_actions_actor_id_created_at", "actor_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # No foreign keys to users: a row outlives its actor's and subject's
    # accounts (it can't be changed), keeping their old ids, which
    # ``forum.models.FormerMember`` resolves to a pseudonym (migration 0020).
    actor_id: Mapped[int | None] = mapped_column(default=None)
    action: Mapped[str] = mapped_column(String(30))
    target_type: Mapped[str] = mapped_column(String(10))  # post | comment | user | proposal
    target_id: Mapped[int] = mapped_column()
    # The post concerned (for a comment, its post), so the log can link to it.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), default=None)
    # Whose content or account it was: the author, or the user acted on.
    subject_user_id: Mapped[int | None] = mapped_column(default=None)
    reason: Mapped[str] = mapped_column(String(500), default="")
    details_json: Mapped[str] = mapped_column(Text, default="{}")

    actor: Mapped[User | None] = relationship(
        primaryjoin="foreign(ModerationAction.actor_id) == User.id", lazy="joined", viewonly=True
    )
    subject_user: Mapped[User | None] = relationship(
        primaryjoin="foreign(ModerationAction.subject_user_id) == User.id",
        lazy="joined",
        viewonly=True,
    )
    # Who they were once the account is deleted: the pseudonym, never the name.
    former_actor: Mapped[FormerMember | None] = relationship(
        primaryjoin="foreign(ModerationAction.actor_id) == FormerMember.user_id",
        lazy="joined",
        viewonly=True,
    )
    former_subject: Mapped[FormerMember | None] = relationship(
        primaryjoin="foreign(ModerationAction.subject_user_id) == FormerMember.user_id",
        lazy="joined",
        viewonly=True,
    )
    post: Mapped[Post | None] = relationship(foreign_keys=[post_id])

    @property
    def details(self) -> dict:
        return json.loads(self.details_json or "{}")

    @property
    def actor_name(self) -> str | None:
        """The actor's username, their pseudonym if they have left, None for the system."""
        return _name(self.actor, self.former_actor)

    @property
    def subject_name(self) -> str | None:
        return _name(self.subject_user, self.former_subject)


def _name(user: User | None, former: FormerMember | None) -> str | None:
    if user is not None:
        return user.username
    return former.pseudonym if former is not None else None


@event.listens_for(ModerationAction, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise AppendOnlyError("The moderation log is append-only: rows are never changed.")


@event.listens_for(ModerationAction, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise AppendOnlyError("The moderation log is append-only: rows are never deleted.")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state) -> None:
    # update(ModerationAction) / delete(ModerationAction) bypass the mapper events.
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and getattr(mapper, "class_", None) is ModerationAction:
        raise AppendOnlyError("The moderation log is append-only.")


class SafetyReview(db.Model):
    """A clinician's or moderator's label on a post; the latest is copied onto the post."""

    __tablename__ = "safety_reviews"
    __table_args__ = (Index("ix_safety_reviews_post_id_created_at", "post_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    label: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewer: Mapped[User] = relationship(lazy="joined")
    post: Mapped[Post] = relationship()


# A request waits in the queue until a moderator approves or declines it.
REQUEST_STATUSES = ("pending", "approved", "declined")


class VerificationRequest(db.Model):
    """A member asks to be verified as a clinician.

    The registration details are for moderators to check against the public
    register; nothing of them is ever shown publicly (only the "Verified
    clinician" badge an approval grants). ``decline_reason`` is shown to the
    requester.
    """

    __tablename__ = "verification_requests"
    __table_args__ = (
        Index("ix_verification_requests_status_created_at", "status", "created_at"),
        Index("ix_verification_requests_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    profession: Mapped[str] = mapped_column(String(80))
    registration_body: Mapped[str] = mapped_column(String(120))
    registration_number: Mapped[str] = mapped_column(String(40))
    register_url: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decline_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")


class ConditionProposal(db.Model):
    """A member proposes a condition the catalogue is missing.

    Approving it adds a ``Condition`` (``condition_id``) under the chosen parent
    with the synonyms given; ``decline_reason`` is shown to the proposer.
    """

    __tablename__ = "condition_proposals"
    __table_args__ = (
        Index("ix_condition_proposals_status_created_at", "status", "created_at"),
        Index("ix_condition_proposals_proposer_id_created_at", "proposer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(80))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("conditions.id", ondelete="SET NULL"), default=None
    )
    synonyms_json: Mapped[str] = mapped_column(Text, default="[]")
    why: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decline_reason: Mapped[str] = mapped_column(String(500), default="")
    condition_id: Mapped[int | None] = mapped_column(
        ForeignKey("conditions.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    proposer: Mapped[User] = relationship(foreign_keys=[proposer_id], lazy="joined")
    parent: Mapped[Condition | None] = relationship(foreign_keys=[parent_id], lazy="joined")
    condition: Mapped[Condition | None] = relationship(foreign_keys=[condition_id])

    @property
    def synonyms(self) -> list[str]:
        return json.loads(self.synonyms_json or "[]")
