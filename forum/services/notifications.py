"""Recording that something should notify people: an event in the outbox.

Public to plugins (moderation records its decisions and safety reviews here).
:func:`record` only adds a :class:`~forum.models.NotifyEvent` to the current
session: it commits or rolls back with the change it describes, and the
worker (``flask notify work``) turns it into notifications later, off the
request path. Who is told, and whether they may see it, is decided then.
"""

from __future__ import annotations

from forum.extensions import db
from forum.models import NOTIFICATION_KINDS, Comment, NotifyEvent, Post, User


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
