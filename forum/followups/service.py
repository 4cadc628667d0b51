""" "Still working?": scheduling follow-ups on a report, and answering them.

:func:`schedule` runs inside ``report_outcome``'s transaction, web and API
alike; :func:`answer` is the one use case behind the answer page and
``POST /api/v1/followups/<id>``, and keeps the post's durability
(``Post.durability``) in step in the same transaction.
"""

from __future__ import annotations

import calendar
from datetime import datetime

from flask import current_app
from sqlalchemy import case, delete, func, select

from forum.extensions import db
from forum.followups.durability import format_durability
from forum.models import FOLLOWUP_ANSWERS, FollowUp, OutcomeReport, Post, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed
from forum.text import clean_block

# The results a follow-up asks about: "is it still working?" makes no sense of "no effect".
ASKED_FOR = ("worked", "partly")
REASON_MAX = 500
ADAPTATION_CHOICES = 50  # of the member's own posts, newest first


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` ``months`` calendar months on (31 January + 1 month: 28 or 29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def steps() -> tuple[int, ...]:
    """The follow-up steps in months (``FOLLOWUP_MONTHS``), shortest first."""
    return tuple(sorted({int(m) for m in current_app.config["FOLLOWUP_MONTHS"] if int(m) > 0}))


def schedule(report: OutcomeReport) -> None:
    """Give ``report`` its follow-ups, in the caller's transaction.

    "worked" or "partly": one per step, due that many months after the report
    (steps it already has are kept as they are). Another result: the steps not
    yet asked are cancelled; asked and answered ones stay, as its history.
    """
    have = set()
    if report.id is not None:
        have = set(
            db.session.scalars(select(FollowUp.months).where(FollowUp.report_id == report.id))
        )
    if report.result not in ASKED_FOR:
        if have:
            db.session.execute(
                delete(FollowUp).where(FollowUp.report_id == report.id, FollowUp.asked_at.is_(None))
            )
        return
    if report.created_at is None:  # a new report: its date, set now so the two agree
        report.created_at = utcnow()
    start = report.created_at
    for months in steps():
        if months not in have:
            db.session.add(
                FollowUp(
                    report=report,
                    post_id=report.post.id,
                    user_id=report.user.id,
                    months=months,
                    due_at=add_months(start, months),
                )
            )


def is_open(followup: FollowUp, now: datetime | None = None) -> bool:
    """Asked, or due (the worker may not have come round yet): it may be answered."""
    return followup.asked_at is not None or followup.due_at <= (now or utcnow())


def open_steps(report: OutcomeReport) -> list[FollowUp]:
    """``report``'s follow-ups that may be answered now (asked or due), shortest first."""
    now = utcnow()
    return [
        followup
        for followup in db.session.scalars(
            select(FollowUp).where(FollowUp.report_id == report.id).order_by(FollowUp.months)
        )
        if is_open(followup, now)
    ]


def adaptation_choices(user: User, post: Post) -> list[tuple[int, str]]:
    """(id, title) of ``user``'s own published posts but ``post``, newest first."""
    rows = db.session.execute(
        select(Post.id, Post.title)
        .where(Post.author_id == user.id, Post.status == "published", Post.id != post.id)
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(ADAPTATION_CHOICES)
    )
    return [(row.id, row.title) for row in rows]


def answer(user: User, followup: FollowUp, *, answer, reason=None, adaptation_id=None) -> FollowUp:
    """Record ``user``'s answer to their ``followup`` (again: the new answer counts).

    ``reason``: why they stopped, or what they changed (optional plain text);
    ``adaptation_id``: "changed it", one of their own published posts.
    Raises ValidationFailed, NotAllowed or WriteRefused and changes nothing.
    """
    if followup.user_id != user.id:
        raise NotAllowed("This follow-up isn't yours.", status=404)
    if not is_open(followup):
        raise NotAllowed("This follow-up isn't due yet.", status=409)
    errors = rules.Errors()
    if answer not in FOLLOWUP_ANSWERS:
        errors["answer"] = "Choose: still using it, stopped or changed it."
    if reason is not None and not isinstance(reason, str):
        errors["reason"] = "Say why in words, or leave it empty."
        reason = ""
    reason = clean_block(reason or "")
    if len(reason) > REASON_MAX:
        errors["reason"] = f"This can be at most {REASON_MAX} characters (it has {len(reason):,})."
    if adaptation_id in ("", None):
        adaptation_id = None
    elif answer == "changed":
        try:
            adaptation_id = int(adaptation_id)
        except (TypeError, ValueError):
            adaptation_id = -1
        if isinstance(adaptation_id, bool) or adaptation_id not in dict(
            adaptation_choices(user, followup.report.post)
        ):
            errors["adaptation"] = "Choose one of your own posts, or leave it empty."
    errors.raise_if_any()
    get_policy().check(user, "outcome", text=reason, post=followup.report.post)

    followup.answer = answer
    followup.reason = reason if answer != "still_using" else ""
    followup.adaptation_id = adaptation_id if answer == "changed" else None
    followup.answered_at = utcnow()
    db.session.flush()
    refresh_durability(followup.post_id)
    db.session.commit()
    return followup


def refresh_durability(post_id: int) -> None:
    """Rewrite the post's durability from its follow-ups' latest answers.

    The post's row is locked first (PostgreSQL), so two answers at once are
    counted one after the other and neither is lost.
    """
    db.session.execute(select(Post.id).where(Post.id == post_id).with_for_update())
    rows = db.session.execute(
        select(
            FollowUp.months,
            func.sum(case((FollowUp.answer == "still_using", 1), else_=0)),
            func.count(),
        )
        .where(FollowUp.post_id == post_id, FollowUp.answer.is_not(None))
        .group_by(FollowUp.months)
    )
    text = format_durability({months: (int(still), int(n)) for months, still, n in rows})
    post = db.session.get(Post, post_id)
    post.durability = text
