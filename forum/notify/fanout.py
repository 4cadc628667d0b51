"""Worker job: the fan-out: events into notifications.

Takes pending events in batches (``claims.claim``: a lease, so several
workers share them and a dead worker's events go to the next one once the
lease runs out) and, for each, works out who is told, then writes their
notifications with a few ``INSERT … SELECT … ON CONFLICT DO NOTHING``
statements (a chunk of members each, whatever their number: no ORM object per
row), and marks the event done in the same transaction. The unique
``(event_id, user_id)`` makes a rerun after a crash add only what is missing.

Who is told, decided now rather than when the event was written:

- the post (and comment) must still be visible: published; a safety review
  may be of the author's own held post; a moderation decision is told even
  when the content was taken down (its page then says "no longer available");
- never the actor, nor anyone who muted the actor, nor (for content) anyone
  who muted the post, its conditions or tags (``forum.watching.audience``);
- ``watching`` → a notification; ``tracking`` → a quiet one (counted, listed,
  never emailed); ``normal`` → only what is addressed to them: a comment on
  their own post, a mention, an outcome on their post, a review, a decision,
  a follow-up (events with a recipient);
- a member mentioned in a comment or post gets the ``mention`` and not also
  the watchers' ``comment`` / ``post`` notification.

``email_state`` is ``pending`` on loud notifications for members who want
each one by email and have a confirmed address (the batch job reads it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import JSON, Boolean, Integer, String, and_, case, literal, null, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from forum.extensions import db
from forum.models import MutedMember, Notification, NotifyEvent, User
from forum.models.timestamps import UTCDateTime, utcnow
from forum.notify.claims import claim
from forum.watching.audience import levels_for_post

BATCH = 50  # events per claim
ROUNDS = 20  # claims per run, so the other jobs get their turn
LEASE = timedelta(minutes=5)
CHUNK = 500  # members per INSERT (SQLite allows 32,766 parameters a statement)
# About the member's own content, from staff or the follow-up clock: told even
# when they muted the post (a muted actor still silences a review).
TOLD_WHEN_MUTED = ("safety_review", "moderation", "followup")
_OWN_HELD = ("published", "pending", "hidden")


def run(now: datetime) -> int:
    """Fan out pending events; how many events were done."""
    done = 0
    for _ in range(ROUNDS):
        ids = claim(NotifyEvent, NotifyEvent.done_at.is_(None), now=now, lease=LEASE, limit=BATCH)
        if not ids:
            break
        done += _fan_out_all(ids, now)
    return done


def deliver(event_ids: Iterable[int]) -> int:
    """Fan out these events now (``NOTIFY_INLINE``: right after the commit that wrote them)."""
    ids = sorted(set(event_ids))
    now = utcnow()
    taken = claim(
        NotifyEvent,
        NotifyEvent.id.in_(ids),
        NotifyEvent.done_at.is_(None),
        now=now,
        lease=LEASE,
        limit=len(ids),
    )
    return _fan_out_all(taken, now)


def _fan_out_all(ids: list[int], now: datetime) -> int:
    done = 0
    for event_id in ids:
        event = db.session.get(NotifyEvent, event_id)
        if event is None or event.done_at is not None:
            continue
        fan_out(event)
        db.session.execute(
            update(NotifyEvent).where(NotifyEvent.id == event_id).values(done_at=now)
        )
        db.session.commit()
        done += 1
    return done


def fan_out(event: NotifyEvent) -> int:
    """Write ``event``'s notifications (those not written already); how many were new."""
    audience = recipients(event)
    data = {k: v for k, v in (event.data or {}).items() if k != "mentions"}
    written = 0
    for (kind, quiet), user_ids in audience.items():
        for start in range(0, len(user_ids), CHUNK):
            written += _insert(event, kind, quiet, data, user_ids[start : start + CHUNK])
    return written


def recipients(event: NotifyEvent) -> dict[tuple[str, bool], list[int]]:
    """``{(kind, quiet): [user ids]}``: who is told about ``event``, and how."""
    post = event.post
    if not _still_visible(event):
        return {}
    since = event.created_at if event.kind in ("comment", "post") else None
    levels = levels_for_post(post, watching_since=since) if post is not None else {}
    told: dict[int, tuple[str, bool]] = {}
    if event.kind in ("comment", "post"):
        # A new post is news to its condition's and tags' watchers, not to those
        # already on it (a comment or report before the fan-out came round).
        on_post = levels_for_post(post, post_only=True) if event.kind == "post" else {}
        for user_id, level in levels.items():
            if level in ("watching", "tracking") and user_id not in on_post:
                told[user_id] = (event.kind, level == "tracking")
        if event.kind == "comment" and post.author_id not in told:
            told[post.author_id] = ("comment", False)  # a comment on their own post
    for user_id in _members_named((event.data or {}).get("mentions", ())):
        told[user_id] = ("mention", False)
    if event.recipient_id is not None:
        told[event.recipient_id] = (event.kind, False)
    told.pop(event.actor_id, None)
    if event.kind not in TOLD_WHEN_MUTED:  # a muted post, condition or tag stays silent
        for user_id in [u for u in told if levels.get(u) == "muted"]:
            del told[user_id]
    if event.actor_id is not None and told:
        muting = db.session.scalars(
            select(MutedMember.user_id).where(MutedMember.muted_id == event.actor_id)
        )
        for user_id in muting:
            told.pop(user_id, None)
    grouped: dict[tuple[str, bool], list[int]] = {}
    for user_id, how in told.items():
        grouped.setdefault(how, []).append(user_id)
    return {how: sorted(ids) for how, ids in grouped.items()}


def _still_visible(event: NotifyEvent) -> bool:
    post, comment = event.post, event.comment
    if event.kind == "moderation":
        return True  # the decision is told even about content taken down
    if post is None:  # about the member themselves: a follow-up, a new sign-in
        return event.kind in ("followup", "sign_in") and event.recipient_id is not None
    if event.kind == "safety_review":  # an "unsafe" label hides the author's own post
        return post.status in _OWN_HELD and post.author_id == event.recipient_id
    if post.status != "published":
        return False
    return comment is None or comment.status == "published"


def _members_named(usernames: Iterable[str]) -> list[int]:
    names = list(usernames)
    if not names:
        return []
    return list(db.session.scalars(select(User.id).where(User.username.in_(names))))


def _insert(event: NotifyEvent, kind: str, quiet: bool, data: dict, user_ids: list[int]) -> int:
    """One ``INSERT … SELECT``: a notification per member in ``user_ids``, unless written."""
    emailed = and_(User.email_mode == "each", User.email_confirmed_at.is_not(None))
    email_state = null() if quiet else case((emailed, literal("pending")), else_=null())
    rows = select(
        User.id,
        literal(event.id, Integer),
        literal(kind, String),
        literal(event.post_id, Integer),
        literal(event.comment_id, Integer),
        literal(event.actor_id, Integer),
        literal(data, JSON),
        literal(quiet, Boolean),
        literal(event.created_at, UTCDateTime),
        email_state,
    ).where(User.id.in_(user_ids))
    columns = [
        "user_id", "event_id", "kind", "post_id", "comment_id", "actor_id",
        "data", "quiet", "created_at", "email_state",
    ]  # fmt: skip
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(Notification.__table__)
        .from_select(columns, rows)
        .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
    )
    return max(db.session.execute(statement).rowcount or 0, 0)  # psycopg may say -1
