"""One post or comment changed by one use case at a time."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Comment, Post


def lock_row(item: Post | Comment) -> None:
    """Take ``item``'s row lock for the rest of the transaction, then reread it,
    so the caller decides on what is there now rather than what a page showed.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the bare row (it refuses FOR UPDATE
    across the outer joins the models' eager loads would add). SQLite: a write
    transaction already holds the database's one write lock (BEGIN IMMEDIATE).
    """
    model = type(item)
    db.session.execute(select(model.id).where(model.id == item.id).with_for_update())
    db.session.refresh(item)
