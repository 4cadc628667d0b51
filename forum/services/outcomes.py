""" "I tried this": outcome reports, one per user per post."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from forum import signals
from forum.extensions import db
from forum.followups import service as followups
from forum.models import OutcomeReport, Post, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed
from forum.services.watching import watch_by_default

_COUNTER = {
    "worked": "outcome_worked",
    "partly": "outcome_partly",
    "no_effect": "outcome_no_effect",
    "worse": "outcome_worse",
    "stopped": "outcome_stopped",
}
# A report that leaves the age band out takes the reporter's own (their
# profile's); None, said outright, means "not said".
FROM_PROFILE = object()


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


QUESTION_REFUSAL = (
    "Questions don't take “I tried this” reports: there is nothing to try yet. "
    "Answer with a comment instead."
)


def report_outcome(
    user: User,
    post: Post,
    *,
    result,
    note=None,
    duration=None,
    age_band=FROM_PROFILE,
    care_team_knew=None,
) -> OutcomeReport:
    """Record how trying a post went; a second report by the same user updates
    the first. ``duration``, ``age_band`` and ``care_team_knew`` are optional
    details (None: not said); ``age_band`` left out is the reporter's own."""
    if post.author_id == user.id:
        raise NotAllowed("You can't report an outcome on your own post.")
    if post.kind == "question":
        raise NotAllowed(QUESTION_REFUSAL, status=409)
    if post.status != "published":
        raise NotAllowed("This post isn't open for reports.", status=409)
    if age_band is FROM_PROFILE:
        age_band = user.care_age_band
    errors = rules.Errors()
    details = {
        "result": rules.result(result, errors),
        "note": rules.note(note, errors),
        "duration": rules.duration(duration, errors),
        "age_band": rules.age_band(age_band, errors),
        "care_team_knew": rules.care_team_knew(care_team_knew, errors),
    }
    errors.raise_if_any()
    result = details["result"]
    get_policy().check(user, "outcome", text=details["note"], post=post)

    report = existing_report(post, user)
    if report is None:
        report = OutcomeReport(post=post, user=user, **details)
        db.session.add(report)
        _bump(post, result, +1)
    else:
        if report.result != result:
            _bump(post, report.result, -1)
            _bump(post, result, +1)
        for name, value in details.items():
            setattr(report, name, value)
        report.updated_at = utcnow()
    followups.schedule(report)  # "still working?" in 3 and 6 months, or cancelled
    watch_by_default(user, post)  # what others say about what you tried
    db.session.commit()
    signals.outcome_reported.send(current_app._get_current_object(), user=user, report=report)
    return report
