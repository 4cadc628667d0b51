from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.condition import Condition
from forum.models.timestamps import UTCDateTime, utcnow
from forum.models.user import AGE_BANDS, User

KINDS = {
    "hack": "What worked for us",
    "change_idea": "Change idea",
    "question": "Question",
}
# removed: taken down by a moderator; deleted: taken back by its author (see
# forum.visibility for who sees which, and forum.services.purge for how long).
STATUSES = ("published", "pending", "hidden", "removed", "deleted")
SAFETY_LABELS = {
    "low_risk": "Reviewed: low risk",
    "care_team": "Talk to your care team before trying this",
    "unsafe": "Unsafe",
}
OUTCOME_RESULTS = {
    "worked": "It worked",
    "partly": "It partly worked",
    "no_effect": "No effect",
    # Harm is its own answer, not folded into "we stopped": readers weigh it differently.
    "worse": "It made things worse or caused side effects",
    "stopped": "We stopped",
}
# How long someone tried it, on an "I tried this" report (optional).
DURATIONS = {
    "days": "Under a week",
    "weeks": "A few weeks",
    "months": "A few months",
    "year": "A year or more",
}
# Whether the care team knew they tried it (optional; None on a report: not said).
CARE_TEAM_KNEW = {"yes": "The care team knew", "no": "The care team didn't know"}

post_conditions = Table(
    "post_conditions",
    db.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("condition_id", ForeignKey("conditions.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_post_conditions_condition_id_post_id", "condition_id", "post_id"),
)


class Post(db.Model):
    """A post, for writes and for the page about it. What it says in words
    (kind, safety label, outcome counts), and the shape every listing, the API
    and the index read, is ``forum.posts.summary.PostSummary``."""

    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_status_created_at", "status", "created_at"),
        Index("ix_posts_status_kind_created_at", "status", "kind", "created_at"),
        Index("ix_posts_author_id_created_at", "author_id", "created_at"),
        # A profile lists one author's posts of some statuses, newest first: with
        # status in the index no planner walks every published post to find them.
        Index("ix_posts_author_id_status_created_at", "author_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="published")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    edited_by_moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    # When its author deleted it: moderators may read it for the retention
    # period, then its words are purged.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    comments_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Denormalized so listings never count rows per card.
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    outcome_worked: Mapped[int] = mapped_column(Integer, default=0)
    outcome_partly: Mapped[int] = mapped_column(Integer, default=0)
    outcome_no_effect: Mapped[int] = mapped_column(Integer, default=0)
    outcome_stopped: Mapped[int] = mapped_column(Integer, default=0)
    # Thanks from readers (forum.models.social), kept here like comment_count.
    thanks_count: Mapped[int] = mapped_column(Integer, default=0)
    outcome_worse: Mapped[int] = mapped_column(Integer, default=0)
    # Published comments its asker marked "this helped" (questions only).
    helped_count: Mapped[int] = mapped_column(Integer, default=0)
    # "Still working?" answers per step, "3:7:9 6:5:8" (months:still using:answered),
    # rewritten in each answer's transaction (forum.followups.service).
    durability: Mapped[str] = mapped_column(String(200), default="")
    # The latest clinical safety review, denormalized for cards and search
    # (moderation owns the full SafetyReview history and sets these).
    safety_label: Mapped[str | None] = mapped_column(String(20), default=None)
    safety_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    safety_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The reviewer's note for readers, sanitized once on write (forum.markup), shown
    # with the label wherever the label is shown in full.
    safety_note_html: Mapped[str] = mapped_column(Text, default="")
    # Edited after the review: shows "changed since review" until reviewed again.
    safety_stale: Mapped[bool] = mapped_column(Boolean, default=False)
    # A change idea's aim: what will improve, by how much, by when; and its
    # setting (a key of SETTING_KINDS, its size, who took part, never who).
    # Optional on a hack ("" / None: not said). Measures, cycles, data points
    # and citations are rows of their own (forum.models.change_idea).
    aim_what: Mapped[str] = mapped_column(String(300), default="")
    aim_target: Mapped[str] = mapped_column(String(200), default="")
    aim_by: Mapped[date | None] = mapped_column(Date, default=None)
    setting_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    setting_size: Mapped[str] = mapped_column(String(200), default="")
    setting_people: Mapped[str] = mapped_column(String(300), default="")
    # Lineage: the post this one adapted (the row always stays: a removed or
    # deleted ancestor keeps its place in the tree) and what the adapter changed.
    adapted_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), default=None, index=True
    )
    adaptation_note: Mapped[str] = mapped_column(Text, default="")
    # Published adaptations of this post, kept like comment_count for cards and sorting.
    adaptation_count: Mapped[int] = mapped_column(Integer, default=0)
    # A key of EVIDENCE_LEVELS and why, recomputed by forum.evidence on every
    # change it rests on, so cards, filters and the index read a column.
    evidence_level: Mapped[str] = mapped_column(String(20), default="one_story")
    evidence_reason: Mapped[str] = mapped_column(String(300), default="")

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True, foreign_keys=[author_id])
    safety_reviewer: Mapped[User | None] = relationship(
        lazy="joined", foreign_keys=[safety_reviewer_id]
    )
    conditions: Mapped[list[Condition]] = relationship(
        secondary=post_conditions, order_by="Condition.name", lazy="selectin"
    )
    tags: Mapped[list[PostTag]] = relationship(
        cascade="all, delete-orphan", order_by="PostTag.name", lazy="selectin"
    )
    adapted_from: Mapped[Post | None] = relationship(
        remote_side="Post.id", foreign_keys=[adapted_from_id], lazy="select"
    )

    @property
    def tag_names(self) -> list[str]:
        return [t.name for t in self.tags]

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.title!r}>"


class PostTag(db.Model):
    __tablename__ = "post_tags"
    __table_args__ = (Index("ix_post_tags_name_post_id", "name", "post_id"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(30), primary_key=True)


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_post_id_created_at", "post_id", "created_at"),
        Index("ix_comments_author_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="published")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    thanks_count: Mapped[int] = mapped_column(Integer, default=0)
    # The question's asker said this answer helped (forum.services.answers).
    helped: Mapped[bool] = mapped_column(Boolean, default=False)

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    post: Mapped[Post] = relationship()


class ReportWords:
    """What a report says in words (shared with the profile's report lines)."""

    @property
    def result_label(self) -> str:
        return OUTCOME_RESULTS.get(self.result, self.result)

    @property
    def detail_words(self) -> list[str]:
        """The optional details it gives, each as a phrase ("Tried for: a few weeks")."""
        words = []
        if self.duration in DURATIONS:
            words.append(f"Tried for: {DURATIONS[self.duration].lower()}")
        if self.age_band in AGE_BANDS:
            words.append(f"Age: {AGE_BANDS[self.age_band].lower()}")
        if self.care_team_knew in CARE_TEAM_KNEW:
            words.append(CARE_TEAM_KNEW[self.care_team_knew])
        return words


class OutcomeReport(ReportWords, db.Model):
    """ "I tried this": one per user per post, updated in place on a second report."""

    __tablename__ = "outcome_reports"
    __table_args__ = (
        UniqueConstraint("post_id", "user_id"),
        Index("ix_outcome_reports_user_id_updated_at", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # None once its member deleted their account: the report stays as an
    # anonymous count (its note erased), so the post's counters still add up.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    result: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # Optional details; None where the reporter didn't say. ``age_band`` (a key
    # of AGE_BANDS) is what "people like me" matches a member's own band to.
    duration: Mapped[str | None] = mapped_column(String(20), default=None)
    age_band: Mapped[str | None] = mapped_column(String(20), default=None)
    care_team_knew: Mapped[str | None] = mapped_column(String(10), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    post: Mapped[Post] = relationship()
