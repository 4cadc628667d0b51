"""What bookmarks and thanks share: one row per member per post or comment,
added or taken away idempotently (a second click, or two tabs, change nothing)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Bookmark, Comment, Post, Thanks, User

Target = Post | Comment
Mark = type[Bookmark] | type[Thanks]


def about(model: Mark, user: User, target: Target) -> ColumnElement[bool]:
    """``user``'s row of ``model`` about ``target``."""
    column = model.post_id if isinstance(target, Post) else model.comment_id
    return (model.user_id == user.id) & (column == target.id)


def has(model: Mark, user: User, target: Target) -> bool:
    return db.session.scalar(select(model.id).where(about(model, user, target))) is not None


def add(model: Mark, user: User, target: Target) -> bool:
    """Add ``user``'s row about ``target``; False if it was already there.

    On SQLite a write transaction holds the database's write lock, so the
    check settles it; on PostgreSQL two requests at once may both pass it, and
    the unique constraint refuses the second inside a savepoint, which is
    then the same as "already there".
    """
    if has(model, user, target):
        return False
    key = {"post_id": target.id} if isinstance(target, Post) else {"comment_id": target.id}
    try:
        with db.session.begin_nested():
            db.session.add(model(user_id=user.id, **key))
    except IntegrityError:
        return False
    return True


def remove(model: Mark, user: User, target: Target) -> bool:
    """Take ``user``'s row about ``target`` away; False if there was none.
    The DELETE's own row count says so, so two requests at once remove it once."""
    return db.session.execute(delete(model).where(about(model, user, target))).rowcount > 0
