"""The search outbox: one row per change that search must see.

Rows are written in the same transaction as the change (see ``search.index.outbox``)
and applied to the index after commit. They carry only the post id: applying
a row re-reads the post, so rows are idempotent and their order does not matter.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow


class SearchOutbox(db.Model):
    __tablename__ = "search_outbox"
    # AUTOINCREMENT on SQLite: ids are never reused, even after rows are
    # pruned, so an index's "applied up to id N" stays meaningful.
    __table_args__ = (
        Index("ix_search_outbox_post_id", "post_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: a row must outlive a deleted post so the index drops it.
    post_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchOutbox {self.id} post={self.post_id}>"


class SearchReplica(db.Model):
    """How far one host's index has applied the outbox (see ``search.index.replicas``)."""

    __tablename__ = "search_replicas"

    name: Mapped[str] = mapped_column(String(300), primary_key=True)
    applied_upto: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchReplica {self.name} upto={self.applied_upto}>"
