"""Flags: members report posts and comments; enough weight hides them at once.

A flag weighs 1 + the flagger's trust level (moderators a fixed weight, and so
does a verified clinician's "unsafe advice" flag),
adjusted by how often reviewers agreed with the flagger before (Discourse's
accuracy bonus). When the open weight on a target reaches the hide threshold
it is hidden in the same transaction, and the hide is logged.
"""

from __future__ import annotations

import math

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Comment, Post, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed
from forum.services.locks import lock_row
from forum.services.posts import recount_comments, set_post_status
from moderation import audit, events, trust
from moderation.models import FLAG_REASONS, Flag

# Flags a verified clinician raises with a moderator's weight.
CLINICIAN_WEIGHTED_REASONS = ("unsafe_advice",)
_ALREADY = "You've already flagged this {what}. Reviewers will look at it."


def accuracy_bonus(upheld: int, dismissed: int) -> float:
    """Extra weight for accurate flaggers, less for inaccurate ones (Discourse's curve).

    Nothing until enough flags were resolved; then the distance from the
    accuracy axis (70% agreed), growing with the log of how many were resolved.
    """
    total = upheld + dismissed
    if total < trust.setting("ACCURACY_MIN_FLAGS"):
        return 0.0
    axis = trust.setting("ACCURACY_AXIS")
    agreed = upheld / total
    # Above the axis counts for the flagger, below it against them.
    distance = (agreed - axis) / (1 - axis) if agreed >= axis else -(axis - agreed) / axis
    cap = trust.setting("ACCURACY_BONUS_MAX")
    bonus = distance * math.log(total, 4) * 5
    return round(max(-cap, min(cap, bonus)), 2)


def flag_weight(user: User, reason: str | None = None) -> float:
    """What ``user``'s flag for ``reason`` weighs. A verified clinician saying a post
    gives unsafe advice speaks with a moderator's weight: that is their expertise."""
    if user.is_moderator or (user.clinician_verified and reason in CLINICIAN_WEIGHTED_REASONS):
        return float(trust.setting("MODERATOR_FLAG_WEIGHT"))
    record = trust.record_for(user)
    bonus = accuracy_bonus(record.flags_upheld, record.flags_dismissed)
    return max(0.0, 1.0 + user.trust_level + bonus)


def open_flags_clause(target: Post | Comment):
    if isinstance(target, Comment):
        return (Flag.comment_id == target.id) & (Flag.status == "open")
    return (Flag.post_id == target.id) & Flag.comment_id.is_(None) & (Flag.status == "open")


def close_open_flags(target: Post | Comment) -> int:
    """Close the open flags on ``target`` (for a post, on its comments too), in the
    caller's transaction: its author deleted it. Returns how many were closed."""
    where = Flag.post_id == target.id if isinstance(target, Post) else Flag.comment_id == target.id
    rows = db.session.scalars(select(Flag).where(where, Flag.status == "open")).all()
    now = utcnow()
    for row in rows:
        row.status, row.resolved_at = "closed", now
    return len(rows)


def erase_notes(target: Post | Comment) -> None:
    """Blank the notes of every flag on ``target`` (for a post, its comments' too)."""
    where = Flag.post_id == target.id if isinstance(target, Post) else Flag.comment_id == target.id
    for row in db.session.scalars(select(Flag).where(where, Flag.note != "")):
        row.note = ""


def forget_flagger(user: User) -> None:
    """``user`` is leaving: the notes of flags they raised go, in the caller's transaction."""
    for row in db.session.scalars(select(Flag).where(Flag.flagger_id == user.id, Flag.note != "")):
        row.note = ""


def flagged_by(user: User, target: Post | Comment) -> bool:
    """Has ``user`` ever flagged this post or comment (whatever became of the flag)?"""
    if isinstance(target, Comment):
        where = Flag.comment_id == target.id
    else:
        where = (Flag.post_id == target.id) & Flag.comment_id.is_(None)
    found = select(Flag.id).where(where, Flag.flagger_id == user.id).limit(1)
    return db.session.scalar(found) is not None


def open_score(target: Post | Comment) -> float:
    total = db.session.scalar(select(func.sum(Flag.weight)).where(open_flags_clause(target)))
    return float(total or 0.0)


def set_status(target: Post | Comment, status: str) -> None:
    """Change a post's or comment's status inside the caller's transaction."""
    if isinstance(target, Post):
        set_post_status(target, status)
        return
    target.status = status
    target.updated_at = utcnow()
    # Flush first: the recount is a subquery, and the unit of work would
    # otherwise update the post before the comment.
    db.session.flush()
    recount_comments(target.post)


def flag(user: User, target: Post | Comment, *, reason, note=None) -> Flag:
    """Record ``user``'s flag on a post or comment; hide it if the threshold is reached.

    Raises ValidationFailed (bad reason or note), NotAllowed (own content,
    already flagged, not open for flags) or WriteRefused (the policy).
    """
    is_comment = isinstance(target, Comment)
    what = "comment" if is_comment else "post"
    errors = rules.Errors()
    if reason not in FLAG_REASONS:
        errors["reason"] = "Choose why you're flagging this."
    note = rules.note(note, errors)
    errors.raise_if_any()
    post = target.post if is_comment else target
    if target.author_id == user.id:
        raise NotAllowed(f"You can't flag your own {what}.")
    get_policy().check(user, "flag", text=note, post=post)
    lock_row(target)  # from here on, its status can't change under us
    if target.status != "published" or post.status != "published":
        raise NotAllowed(f"This {what} is already with the reviewers.", status=409)
    already = db.session.scalar(
        select(Flag.id).where(open_flags_clause(target), Flag.flagger_id == user.id)
    )
    if already:
        raise NotAllowed(_ALREADY.format(what=what), status=409)

    row = Flag(
        post_id=post.id,
        comment_id=target.id if is_comment else None,
        flagger_id=user.id,
        target_author_id=target.author_id,
        reason=reason,
        note=note,
        weight=flag_weight(user, reason),
    )
    db.session.add(row)
    db.session.flush()
    _hide_at_threshold(target)
    try:
        db.session.commit()
    except IntegrityError:  # the same member flagged it twice at the same moment
        db.session.rollback()
        raise NotAllowed(_ALREADY.format(what=what), status=409)
    events.member_acted(None, user=user)  # flagging is acting, for trust
    return row


def _hide_at_threshold(target: Post | Comment) -> None:
    score = open_score(target)
    threshold = trust.setting("HIDE_THRESHOLD")
    if target.status != "published" or score < threshold:
        return
    reasons = db.session.scalars(
        select(Flag.reason).where(open_flags_clause(target)).distinct().order_by(Flag.reason)
    ).all()
    set_status(target, "hidden")
    audit.record(
        None,
        "auto_hide",
        target,
        reason="Flag weight reached the hide threshold.",
        details={"score": round(score, 2), "threshold": threshold, "reasons": list(reasons)},
    )
