"""Worker job: each member's new notifications into one email (at most one per EMAIL_BATCH_MINUTES).

For members who chose "each notification" (``email_mode='each'``) and have a
confirmed address: their notifications with ``email_state='pending'`` become
one email listing them all, then are marked ``sent``; a notification read in
the app meanwhile, or whose post or comment is no longer visible, is marked
``skipped`` and left out (no email at all when nothing is left). Pending
notifications of members who no longer want such mail (another mode, or no
confirmed address) are marked ``skipped`` too, so they never arrive late.

Several workers: each member is claimed by a conditional UPDATE of
``email_batch_sent_at`` (set only if it is still older than the window), in
the same transaction that queues the email and marks the notifications. A
second worker's UPDATE finds the window closed and skips the member; a worker
killed half-way rolls back, leaving everything pending for the next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from forum.extensions import db
from forum.mail import lines, messages
from forum.models import Notification, User

MEMBERS_PER_ROUND = 200


def run(now: datetime) -> int:
    """Send what is due; the number of emails queued."""
    _skip_unwanted()
    window = now - timedelta(minutes=current_app.config["EMAIL_BATCH_MINUTES"])
    due = or_(User.email_batch_sent_at.is_(None), User.email_batch_sent_at <= window)
    member_ids = db.session.scalars(
        select(User.id)
        .where(
            User.id.in_(select(Notification.user_id).where(Notification.email_state == "pending")),
            User.email_mode == "each",
            User.email.is_not(None),
            User.email_confirmed_at.is_not(None),
            due,
        )
        .order_by(User.id)
        .limit(MEMBERS_PER_ROUND)
    ).all()
    db.session.rollback()  # end the read: each member is its own transaction
    sent = 0
    for member_id in member_ids:
        sent += _send_batch(member_id, now, due)
    return sent


def _send_batch(member_id: int, now: datetime, due) -> int:
    before = db.session.scalar(select(User.email_batch_sent_at).where(User.id == member_id))
    claimed = db.session.execute(
        update(User)
        .where(User.id == member_id, User.email_mode == "each", due)
        .values(email_batch_sent_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:  # another worker has it, or the member changed their mind
        db.session.rollback()
        return 0
    user = db.session.get(User, member_id)
    pending = lines.load(
        [Notification.user_id == member_id, Notification.email_state == "pending"],
    )
    to_send = [line for line in pending if line.visible and not line.read and not line.quiet]
    skipped = [line.id for line in pending if line not in to_send]
    if skipped:
        _mark(skipped, "skipped")
    if not to_send:
        # Nothing to say: the window stays as it was, so the next notification isn't held back.
        db.session.execute(
            update(User)
            .where(User.id == member_id)
            .values(email_batch_sent_at=before)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        return 0
    message = messages.build(
        "notifications",
        subject=subject_for(to_send),
        user=user,
        list_mail=True,
        groups=lines.by_post(to_send),
        count=len(to_send),
    )
    messages.queue(message, to=user.email, kind="notifications", user=user)
    _mark([line.id for line in to_send], "sent")
    db.session.commit()
    return 1


def subject_for(sent: list[lines.Line]) -> str:
    """ "3 new replies on Middle Ground": a count and a kind, never a title."""
    n = len(sent)
    if all(line.kind == "comment" for line in sent):
        noun = "reply" if n == 1 else "replies"
    elif all(line.kind == "followup" for line in sent):
        return "Is it still working? A question from Middle Ground"
    else:
        noun = "notification" if n == 1 else "notifications"
    return f"{n} new {noun} on Middle Ground"


def _mark(ids: list[int], state: str) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.email_state == "pending")
        .values(email_state=state)
        .execution_options(synchronize_session=False)
    )


def _skip_unwanted() -> None:
    """Pending notifications of members who no longer take them by email: skipped."""
    unwanted = select(User.id).where(
        or_(
            User.email_mode != "each",
            User.email.is_(None),
            User.email_confirmed_at.is_(None),
        )
    )
    db.session.execute(
        update(Notification)
        .where(and_(Notification.email_state == "pending", Notification.user_id.in_(unwanted)))
        .values(email_state="skipped")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
