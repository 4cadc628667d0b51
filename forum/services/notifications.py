"""Recording that something should notify people: an event in the outbox.

Public to plugins (moderation records its decisions and safety reviews here).
:func:`record` only adds a :class:`~forum.models.NotifyEvent` to the current
session: it commits or rolls back with the change it describes, and the
worker (``flask notify work``) turns it into notifications later, off the
request path. Who is told, and whether they may see it, is decided then.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select, update

from forum.extensions import db
from forum.models import NOTIFICATION_KINDS, Comment, Notification, NotifyEvent, Post, User
from forum.models.timestamps import utcnow


def record(
    kind: str,
    *,
    post: Post | None = None,
    comment: Comment | None = None,
    actor: User | None = None,
    recipient: User | None = None,
    **data,
) -> NotifyEvent:
    """Add an event of ``kind`` (a key of NOTIFICATION_KINDS) to this transaction.

    ``recipient``: the one member it is for (a moderation decision on their
    content); None: the worker finds the audience (watchers, mentioned
    members). ``data``: JSON-able details shown with it (a decision's reason).
    """
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if comment is not None and post is None:
        post = comment.post
    event = NotifyEvent(
        kind=kind,
        post=post,
        comment=comment,
        actor_id=actor.id if actor is not None else None,
        recipient_id=recipient.id if recipient is not None else None,
        data=data,
    )
    db.session.add(event)
    return event


def mark_read(user: User | int, ids, *, group: bool = False) -> int:
    """Mark ``user``'s (a User or its id) own notifications with these ``ids`` read;
    how many were unread.

    ``group``: also the other unread notifications of the same kind on the
    same post (one line on the list stands for all of them). Ids that aren't
    the user's are ignored, so nobody can touch another member's list.
    """
    ids = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]
    if not ids:
        return 0
    user_id = user if isinstance(user, int) else user.id
    mine = (Notification.user_id == user_id, Notification.read_at.is_(None))
    target = Notification.id.in_(ids)
    if group:
        picked = (
            select(Notification.kind, Notification.post_id)
            .where(Notification.user_id == user_id, Notification.id.in_(ids))
            .subquery()
        )
        same = exists().where(
            picked.c.kind == Notification.kind, picked.c.post_id == Notification.post_id
        )
        target = or_(target, same)
    result = db.session.execute(update(Notification).where(*mine, target).values(read_at=utcnow()))
    db.session.commit()
    return result.rowcount or 0


def mark_all_read(user: User) -> int:
    """Mark every one of ``user``'s notifications read; how many were unread."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return result.rowcount or 0
