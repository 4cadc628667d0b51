"""What makes a post a record others can learn from and build on.

A change idea (and, optionally, a family's hack) carries, beside its text:

* an **aim** and a **setting**, kept as columns on ``posts`` (see ``Post``);
* **measures** (:class:`Measure`), each named, with a unit and a kind, and the
  **data points** entered for it over time (:class:`DataPoint`), which the post
  page draws as run charts (``forum.runcharts``);
* **PDSA cycles** (:class:`PdsaCycle`): plan, what was done, what was learned
  and the decision, with dates;
* **co-authors** (``post_coauthors``), members the author named who may enter
  data too;
* **citations** (:class:`Citation`): a DOI or PubMed ID the author added,
  which counts towards the *Published* evidence level once a verified
  clinician confirms it.

Adaptations point at what they adapted (``Post.adapted_from_id``); a post's
evidence level is kept on the post (``Post.evidence_level``), recomputed by
``forum.evidence`` whenever what it rests on changes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Column,
    Date,
    Float,
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
from forum.models.timestamps import UTCDateTime, utcnow
from forum.models.user import User

MEASURE_KINDS = {
    "outcome": "Outcome measure",  # what matters to patients and families
    "process": "Process measure",  # whether the change is being done
    "balancing": "Balancing measure",  # what might get worse because of it
}
SETTING_KINDS = {
    "clinic": "Clinic",
    "hospital": "Hospital ward",
    "home": "Home",
    "school": "School",
    "community": "Community",
    "other": "Somewhere else",
}
DECISIONS = {
    "adopt": "Adopt",
    "adapt": "Adapt",
    "abandon": "Abandon",
}
CITATION_KINDS = {"doi": "DOI", "pmid": "PubMed ID"}
# Ordered weakest first; the keys are what ``posts.evidence_level`` holds.
EVIDENCE_LEVELS = {
    "one_story": "One story",
    "repeated": "Repeated",
    "tested": "Tested",
    "published": "Published",
}

post_coauthors = Table(
    "post_coauthors",
    db.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("added_at", UTCDateTime, nullable=False, default=utcnow),
    Index("ix_post_coauthors_user_id", "user_id"),
)


class Measure(db.Model):
    __tablename__ = "measures"
    __table_args__ = (
        UniqueConstraint("post_id", "name"),
        Index("ix_measures_post_id_position", "post_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(20), default="outcome")  # a key of MEASURE_KINDS
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    points: Mapped[list[DataPoint]] = relationship(
        cascade="all, delete-orphan",
        order_by="DataPoint.observed_on",
        lazy="raise",  # read in one query per page (forum.runcharts), never per measure
        back_populates="measure",
    )


class DataPoint(db.Model):
    """One value of a measure on one date: a second value for the same date
    replaces the first (a pasted CSV can be pasted again)."""

    __tablename__ = "data_points"
    __table_args__ = (UniqueConstraint("measure_id", "observed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    observed_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="points")


class PdsaCycle(db.Model):
    """One Plan-Do-Study-Act cycle. Its words are plain text (shown escaped, line
    breaks kept); ``decision`` is None while the cycle is still running."""

    __tablename__ = "pdsa_cycles"
    __table_args__ = (Index("ix_pdsa_cycles_post_id_started_on", "post_id", "started_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date, default=None)
    plan: Mapped[str] = mapped_column(Text)
    done: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(20), default=None)  # DECISIONS
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Citation(db.Model):
    """A published study the author says the post rests on. It counts (evidence
    level *Published*) only once a verified clinician other than the author
    confirms it."""

    __tablename__ = "citations"
    __table_args__ = (UniqueConstraint("post_id", "kind", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # a key of CITATION_KINDS
    identifier: Mapped[str] = mapped_column(String(100))  # normalized: "10.1136/…", "21228075"
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])

    @property
    def url(self) -> str:
        if self.kind == "doi":
            return f"https://doi.org/{self.identifier}"
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.identifier}/"
