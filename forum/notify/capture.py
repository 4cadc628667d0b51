"""Events captured in the change's own transaction, from SQLAlchemy session events.

Why session events rather than ``record()`` calls in each service: a comment
or post becomes visible on several paths (created published; approved from
the review queue by the moderation plugin, which the forum must not know
about; a first post released by a steward), and an outcome report or an
@mention can arrive through the web form, the API or the demo seed. One
``before_flush`` sees every one of them, the way search's outbox does, and
the event commits or rolls back with the change. Decisions that need a
reason (a moderator's, a safety review) are recorded explicitly by their
service with ``forum.services.notifications.record``.

What is captured:

- a comment or post becoming ``published`` (inserted so, or moved there from
  ``pending``): one ``comment`` / ``post`` event; the members it mentions
  ride on the same event (``data["mentions"]``), so the fan-out gives each of
  them one ``mention`` instead of the watchers' notice (one notification per
  member per event, by the unique ``(event_id, user_id)``);
- an edit of a published post or comment that adds a mention: a ``mention``
  event for the names that are new (edits notify nobody else);
- an outcome report created: ``outcome`` for the post's author.

With ``NOTIFY_INLINE`` the events fan out right after their commit, in this
process (tests, the embedded default); otherwise ``flask notify work`` does.
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from forum.markup.mentions import mentioned_usernames
from forum.models import Comment, NotifyEvent, OutcomeReport, Post

log = logging.getLogger(__name__)

_WRITTEN = "notify.written"  # ids of events flushed in this transaction
_ADDED = "notify.added"  # event objects added, awaiting their ids
_COMMITTED = "notify.committed"  # ids of events this session's last commit wrote
_RUNNING = "notify.inline_running"
_installed = False


def _visible_now(obj: Post | Comment) -> bool:
    return obj.status in (None, "published")  # None: the column default, published


def _author_id(obj: Post | Comment | OutcomeReport) -> int | None:
    user = obj.user if isinstance(obj, OutcomeReport) else obj.author
    if user is not None:
        return user.id
    return obj.user_id if isinstance(obj, OutcomeReport) else obj.author_id


def _add(session: Session, kind: str, *, post, comment=None, actor_id, recipient_id=None, **data):
    ev = NotifyEvent(
        kind=kind, post=post, comment=comment, actor_id=actor_id, recipient_id=recipient_id
    )
    ev.data = data
    session.add(ev)
    return ev


def _published(session: Session, obj: Post | Comment) -> None:
    """``obj`` just became visible: tell its audience, and the members it mentions."""
    mentions = sorted(mentioned_usernames(obj.body_html))
    data = {"mentions": mentions} if mentions else {}
    if isinstance(obj, Comment):
        _add(session, "comment", post=obj.post, comment=obj, actor_id=_author_id(obj), **data)
    else:
        _add(session, "post", post=obj, actor_id=_author_id(obj), **data)


def _became_published(obj: Post | Comment) -> bool:
    history = inspect(obj).attrs.status.history
    return bool(history.added) and history.added[0] == "published" and "pending" in history.deleted


def _new_mentions(obj: Post | Comment) -> list[str]:
    history = inspect(obj).attrs.body_html.history
    if not history.added:
        return []
    before = set()
    for old in history.deleted:
        before |= mentioned_usernames(old)
    return sorted(mentioned_usernames(history.added[0]) - before)


def _before_flush(session: Session, flush_context, instances) -> None:
    added = [obj for obj in session.new if isinstance(obj, NotifyEvent)]
    for obj in list(session.new):
        if isinstance(obj, Post | Comment) and _visible_now(obj):
            _published(session, obj)
        elif isinstance(obj, OutcomeReport):
            post = obj.post
            if post is not None:
                _add(
                    session,
                    "outcome",
                    post=post,
                    actor_id=_author_id(obj),
                    recipient_id=post.author.id if post.author else post.author_id,
                    result=obj.result,
                )
    for obj in list(session.dirty):
        if not isinstance(obj, Post | Comment) or obj.status != "published":
            continue
        if _became_published(obj):
            _published(session, obj)
        elif names := _new_mentions(obj):
            post = obj if isinstance(obj, Post) else obj.post
            comment = obj if isinstance(obj, Comment) else None
            _add(
                session,
                "mention",
                post=post,
                comment=comment,
                actor_id=_author_id(obj),
                mentions=names,
            )
    added += [obj for obj in session.new if isinstance(obj, NotifyEvent) and obj not in added]
    if added:
        session.info.setdefault(_ADDED, []).extend(added)


def _after_flush(session: Session, flush_context) -> None:
    added = session.info.pop(_ADDED, None)
    if added:
        session.info.setdefault(_WRITTEN, []).extend(e.id for e in added if e.id)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: its events commit (or roll back) with the outer one
    written = session.info.pop(_WRITTEN, None)
    if written:
        session.info.setdefault(_COMMITTED, []).extend(written)


def _after_rollback(session: Session) -> None:
    session.info.pop(_ADDED, None)
    session.info.pop(_WRITTEN, None)


def _after_transaction_end(session: Session, transaction) -> None:
    """After the commit that wrote events: fan them out here when ``NOTIFY_INLINE``.

    Run once the transaction is closed (``after_commit`` may emit no SQL), in a
    new transaction of the same session; a failure leaves the events for the
    worker and never fails the change that was committed.
    """
    if transaction.parent is not None or session.info.get(_RUNNING):
        return
    ids = session.info.pop(_COMMITTED, None)
    if not ids or not has_app_context() or not current_app.config.get("NOTIFY_INLINE"):
        return
    from forum.extensions import db
    from forum.notify import fanout

    if session is not db.session():
        return  # another session (a test's, search's reader): the worker delivers

    session.info[_RUNNING] = True
    try:
        fanout.deliver(ids)
    except Exception:
        session.rollback()
        log.warning(
            "notifications left for the worker after a failed inline fan-out", exc_info=True
        )
    finally:
        session.info.pop(_RUNNING, None)


def _keep_old_value(target, value, oldvalue, initiator):
    return value


def install() -> None:
    """Listen on every SQLAlchemy session (once per process)."""
    global _installed
    if _installed:
        return
    # Load the old value when these are set on an expired object, so the flush
    # can tell "pending → published" and which mentions an edit added.
    for attribute in (Post.status, Comment.status, Post.body_html, Comment.body_html):
        event.listen(attribute, "set", _keep_old_value, active_history=True)
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
    event.listen(Session, "after_transaction_end", _after_transaction_end)
    _installed = True
