"""Worker job: asking the follow-ups that fell due.

Each round claims a batch of due, unasked follow-ups whose post is still
published, in one conditional statement (``UPDATE … SET asked_at = now WHERE
asked_at IS NULL AND id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)
RETURNING id``), and records their "followup" events in the same
transaction. Whichever worker's update takes a row, no other can: on
PostgreSQL the others skip rows being claimed and re-check ``asked_at IS
NULL``; on SQLite the statement holds the write lock. So nobody is asked
twice for a step, and a worker killed mid-batch rolls back both the claim
and the events. A follow-up on a post that isn't published (pending, hidden,
removed, deleted) waits, unasked, until it is again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from forum.extensions import db
from forum.models import FollowUp, OutcomeReport, Post, User
from forum.services.notifications import record

BATCH = 200


def run(now: datetime, *, batch: int = BATCH) -> int:
    """Ask every follow-up due by ``now``; how many were asked."""
    asked = 0
    while ids := _claim(now, batch):
        followups = db.session.scalars(
            select(FollowUp)
            .where(FollowUp.id.in_(ids))
            .options(joinedload(FollowUp.report).joinedload(OutcomeReport.post))
            .order_by(FollowUp.id)
            .execution_options(populate_existing=True)
        ).all()
        users = db.session.scalars(select(User).where(User.id.in_({f.user_id for f in followups})))
        reporters = {user.id: user for user in users}
        for followup in followups:
            record(
                "followup",
                post=followup.report.post,
                recipient=reporters[followup.user_id],
                followup_id=followup.id,
                months=followup.months,
            )
        db.session.commit()
        asked += len(ids)
        if len(ids) < batch:
            break
    return asked


def _claim(now: datetime, limit: int, session: Session | None = None) -> list[int]:
    """Mark up to ``limit`` due follow-ups asked (uncommitted); their ids."""
    due = (
        select(FollowUp.id)
        .join(Post, Post.id == FollowUp.post_id)
        .where(FollowUp.asked_at.is_(None), FollowUp.due_at <= now, Post.status == "published")
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=FollowUp)
    )
    return list(
        (session or db.session)
        .execute(
            update(FollowUp)
            .where(FollowUp.id.in_(due.scalar_subquery()), FollowUp.asked_at.is_(None))
            .values(asked_at=now)
            .returning(FollowUp.id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
    )
