"""The demo's loop closed: follow-ups dated from their reports and mostly answered,
notifications dated from what they are about, and all but the last few days read.

The demo content is written through the services "now", then moved back over
the past months (``loader._backdate``). What the services wrote beside it
follows it back here, so `make run` shows what a year of use looks like:
"7 of 9 still using it after 3 months" beside the tallies, and a bell with a
handful of new notifications rather than every demo comment announced at once.
Runs once, with the first load of the demo's reports.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, update

from forum.extensions import db
from forum.followups import due
from forum.followups.service import add_months, answer
from forum.models import Comment, FollowUp, Notification, NotifyEvent, OutcomeReport, Post
from forum.notify import fanout

# Notifications older than this were read long ago, as a real member's would be.
_STILL_NEW = timedelta(days=4)
_STOPPED_BECAUSE = (
    "It helped at first, but our routine changed when school started again.",
    "Our care team suggested something else that fits better now.",
    "It stopped making a difference after a few weeks.",
)
_CHANGED_TO = (
    "We kept the idea but do it at bedtime instead of the morning.",
    "Same thing, with a checklist on the fridge so everyone remembers.",
)


def close_the_loop(now: datetime) -> None:
    _date_followups()
    due.run(now)  # ask what has fallen due, as the worker would
    _answer_followups(now)
    _date_events()
    fanout.run(now)  # and tell people, as the worker would
    _date_notifications()
    db.session.execute(
        update(Notification)
        .where(Notification.created_at < now - _STILL_NEW, Notification.read_at.is_(None))
        .values(read_at=Notification.created_at, email_state=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _date_followups() -> None:
    rows = db.session.execute(
        select(FollowUp, OutcomeReport.created_at).join(
            OutcomeReport, OutcomeReport.id == FollowUp.report_id
        )
    )
    for followup, reported_at in rows:
        followup.due_at = add_months(reported_at, followup.months)
    db.session.commit()


def _answer_followups(now: datetime) -> None:
    """Most say they still use it; some stopped, a few changed it."""
    asked = db.session.scalars(
        select(FollowUp)
        .where(FollowUp.asked_at.is_not(None), FollowUp.answered_at.is_(None))
        .order_by(FollowUp.id)
    ).all()
    for followup in asked:
        rng = random.Random(followup.id)
        roll = rng.random()
        if roll < 0.12:  # some never answer
            continue
        if roll < 0.76:
            choice, reason = "still_using", None
        elif roll < 0.92:
            choice, reason = "stopped", rng.choice(_STOPPED_BECAUSE)
        else:
            choice, reason = "changed", rng.choice(_CHANGED_TO)
        member = followup.report.user
        answer(member, followup, answer=choice, reason=reason)
        answered_at = min(followup.due_at + timedelta(days=rng.uniform(0.5, 9)), now)
        followup.asked_at = followup.due_at
        followup.answered_at = answered_at
        db.session.commit()


def _date_events() -> None:
    """Each event as old as what it is about (its notifications inherit the date)."""
    for event in db.session.scalars(select(NotifyEvent)):
        when = _moment_of(event)
        if when is not None:
            event.created_at = when
    db.session.commit()


def _moment_of(event: NotifyEvent) -> datetime | None:
    if event.comment_id is not None:
        return db.session.scalar(select(Comment.created_at).where(Comment.id == event.comment_id))
    if event.kind == "outcome" and event.actor_id is not None:
        return db.session.scalar(
            select(OutcomeReport.created_at).where(
                OutcomeReport.post_id == event.post_id,
                OutcomeReport.user_id == event.actor_id,
            )
        )
    if event.kind == "followup":
        data = event.data if isinstance(event.data, dict) else {}
        return db.session.scalar(
            select(FollowUp.due_at).where(FollowUp.id == data.get("followup_id"))
        )
    if event.post_id is not None:
        return db.session.scalar(select(Post.created_at).where(Post.id == event.post_id))
    return None


def _date_notifications() -> None:
    """Notifications fanned out before their event was dated (``NOTIFY_INLINE``) follow it."""
    dated = select(NotifyEvent.created_at).where(NotifyEvent.id == Notification.event_id)
    db.session.execute(
        update(Notification)
        .where(Notification.event_id.is_not(None))
        .values(created_at=dated.scalar_subquery())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
