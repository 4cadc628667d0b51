""" "I tried this": outcome reports, one per user per post."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from forum import signals
from forum.extensions import db
from forum.models import OutcomeReport, Post, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed

_COUNTER = {
    "worked": "outcome_worked",
    "partly": "outcome_partly",
    "no_effect": "outcome_no_effect",
    "stopped": "outcome_stopped",
}


def _bump(post: Post, result: str, delta: int) -> None:
    column = _COUNTER[result]
    # A SQL increment, so concurrent reports on one post are all counted.
    setattr(post, column, getattr(Post, column) + delta)


def existing_report(post: Post, user: User) -> OutcomeReport | None:
    """``user``'s report on ``post``, if they have made one."""
    return db.session.scalar(
        select(OutcomeReport).where(
            OutcomeReport.post_id == post.id, OutcomeReport.user_id == user.id
        )
    )


def report_outcome(user: User, post: Post, *, result, note=None) -> OutcomeReport:
    """Record how trying a post went; a second report by the same user updates the first."""
    if post.author_id == user.id:
        raise NotAllowed("You can't report an outcome on your own post.")
    if post.status != "published":
        raise NotAllowed("This post isn't open for reports.", status=409)
    errors = rules.Errors()
    result = rules.result(result, errors)
    note = rules.note(note, errors)
    errors.raise_if_any()
    get_policy().check(user, "outcome", text=note, post=post)

    report = existing_report(post, user)
    if report is None:
        report = OutcomeReport(post=post, user=user, result=result, note=note)
        db.session.add(report)
        _bump(post, result, +1)
    else:
        if report.result != result:
            _bump(post, report.result, -1)
            _bump(post, result, +1)
        report.result, report.note = result, note
        report.updated_at = utcnow()
    db.session.commit()
    signals.outcome_reported.send(current_app._get_current_object(), user=user, report=report)
    return report
