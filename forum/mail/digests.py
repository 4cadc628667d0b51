"""Worker job: the daily and weekly digests.

Once per day (and once per ISO week) across all hosts
(``claims.claim_period("digest-daily", "2026-12-05", now)``), every member
with that mode and a confirmed address gets one email of what is new in what
they watch: their unread notifications since their last digest, loud and
quiet, grouped by post, leaving out what they can no longer see. Nothing new,
no email. Subject: "Your daily digest from Middle Ground", never a title.

Built for many members: members are taken 500 at a time, and each chunk is
one transaction of a few statements (read the members; claim them by setting
``digest_sent_at`` where it is still before this period, RETURNING the ids
claimed; read all their notifications at once; queue the emails). So a
member is never sent two digests for one period, even if two workers run it,
and a worker killed mid-chunk leaves that chunk to be run again. A period
whose runner died (started long ago, never finished) is taken over by the
next worker.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from forum.extensions import db
from forum.mail import lines, messages
from forum.models import Notification, PeriodicRun, User
from forum.notify import claims

CHUNK = 500
LINES_MAX = 50  # a digest lists at most this many; the rest are counted
# A period started this long ago and never finished: its runner died.
TAKE_OVER_AFTER = timedelta(minutes=30)
PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


def run(now: datetime) -> int:
    """Send the day's (and the week's) digests if nobody has; the number of emails queued."""
    sent = 0
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week_start = day_start - timedelta(days=now.isoweekday() - 1)
    year, week, _ = now.isocalendar()
    for mode, period, start in (
        ("daily", now.strftime("%Y-%m-%d"), day_start),
        ("weekly", f"{year}-W{week:02d}", week_start),
    ):
        name = f"digest-{mode}"
        if not _may_run(name, period, now):
            continue
        if claims.claim_period(name, period, now) or _take_over(name, period, now):
            done = send_digests(mode, now, period_start=start)
            claims.finish_period(name, period, now, done)
            sent += done
    return sent


def send_digests(mode: str, now: datetime, *, period_start: datetime) -> int:
    """Every ``mode`` member's digest not yet sent this period; the number queued."""
    sent, after = 0, 0
    while True:
        members = db.session.execute(
            select(User.id, User.digest_sent_at)
            .where(User.id > after, *_wanting(mode, period_start))
            .order_by(User.id)
            .limit(CHUNK)
        ).all()
        if not members:
            db.session.rollback()
            return sent
        after = members[-1].id
        sent += _send_chunk(mode, now, period_start, dict(members))


def _wanting(mode: str, period_start: datetime) -> list:
    return [
        User.email_mode == mode,
        User.email.is_not(None),
        User.email_confirmed_at.is_not(None),
        or_(User.digest_sent_at.is_(None), User.digest_sent_at < period_start),
    ]


def _send_chunk(
    mode: str, now: datetime, period_start: datetime, since: dict[int, datetime | None]
) -> int:
    claimed = set(
        db.session.scalars(
            update(User)
            .where(User.id.in_(list(since)), *_wanting(mode, period_start))
            .values(digest_sent_at=now)
            .returning(User.id)
            .execution_options(synchronize_session=False)
        )
    )
    if not claimed:
        db.session.commit()
        return 0
    default_since = now - PERIODS[mode]
    oldest = min((since[m] or default_since) for m in claimed)
    found = lines.by_member(
        lines.load(
            [
                Notification.user_id.in_(claimed),
                Notification.created_at > oldest,
                Notification.created_at <= now,
                Notification.read_at.is_(None),
            ]
        )
    )
    people = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(found)))}
    sent = 0
    for member_id, member_lines in found.items():
        start = since[member_id] or default_since
        new = [line for line in member_lines if line.visible and line.created_at > start]
        if member_id not in claimed or not new:
            continue
        user = people[member_id]
        message = messages.build(
            "digest",
            subject=messages.SUBJECTS[mode],
            user=user,
            list_mail=True,
            mode=mode,
            groups=lines.by_post(new[:LINES_MAX]),
            more=max(0, len(new) - LINES_MAX),
            count=len(new),
        )
        messages.queue(message, to=user.email, kind="digest", user=user)
        sent += 1
    db.session.commit()
    return sent


def _may_run(name: str, period: str, now: datetime) -> bool:
    """False when the period is done or running: the worker asks every few seconds,
    and a failed insert each time would fill PostgreSQL's log with key violations."""
    run = db.session.execute(
        select(PeriodicRun.started_at, PeriodicRun.finished_at).where(
            PeriodicRun.name == name, PeriodicRun.period == period
        )
    ).first()
    db.session.rollback()
    if run is None:
        return True
    return run.finished_at is None and run.started_at < now - TAKE_OVER_AFTER


def _take_over(name: str, period: str, now: datetime) -> bool:
    """Run a period whose runner died: started long ago and never finished."""
    taken = db.session.execute(
        update(PeriodicRun)
        .where(
            PeriodicRun.name == name,
            PeriodicRun.period == period,
            PeriodicRun.finished_at.is_(None),
            PeriodicRun.started_at < now - TAKE_OVER_AFTER,
        )
        .values(started_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(taken)
