"""Trust levels: earned from age, participation and a clean record; lost by a bad one.

TL1 and TL2 come from account age, participation (posts, comments, "I tried
this" reports) and a clean record; TL3 also needs a long record of accurate
flags; TL4 is only ever granted. Promotion is checked cheaply whenever a member
acts, and for everyone by ``flask moderation recompute``. Content upheld as
flagged again and again within the record window drops a member back to the
level their record still earns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select

from forum.extensions import db
from forum.models import Comment, OutcomeReport, Post, User
from forum.models.timestamps import utcnow
from moderation.models import Flag, ModerationAction

AUTOMATIC_MAX = 3  # TL4 is only granted


def setting(name: str):
    return current_app.config[f"MODERATION_{name}"]


@dataclass
class Record:
    """What a member has done, as far as trust is concerned."""

    posts: int = 0
    comments: int = 0
    outcomes: int = 0
    upheld_against: int = 0  # decisions upholding flags on their content, in the window
    flags_upheld: int = 0  # flags they raised that reviewers agreed with
    flags_dismissed: int = 0

    @property
    def activity(self) -> int:
        return self.posts + self.comments + self.outcomes

    @property
    def flags_resolved(self) -> int:
        return self.flags_upheld + self.flags_dismissed

    @property
    def accuracy(self) -> float | None:
        resolved = self.flags_resolved
        return self.flags_upheld / resolved if resolved else None


def records_for(user_ids: Iterable[int]) -> dict[int, Record]:
    """Records for many members in five grouped queries (not five per member)."""
    ids = list(set(user_ids))
    records = {uid: Record() for uid in ids}
    if not ids:
        return records
    since = utcnow() - timedelta(days=setting("RECORD_WINDOW_DAYS"))
    counts = [
        ("posts", select(Post.author_id, func.count()).where(Post.author_id.in_(ids))
         .group_by(Post.author_id)),
        ("comments", select(Comment.author_id, func.count()).where(Comment.author_id.in_(ids))
         .group_by(Comment.author_id)),
        ("outcomes", select(OutcomeReport.user_id, func.count())
         .where(OutcomeReport.user_id.in_(ids)).group_by(OutcomeReport.user_id)),
        ("upheld_against", select(ModerationAction.subject_user_id, func.count())
         .where(ModerationAction.subject_user_id.in_(ids), ModerationAction.action == "uphold",
                ModerationAction.created_at >= since, ~_decided_by_a_flagger())
         .group_by(ModerationAction.subject_user_id)),
    ]  # fmt: skip
    for name, query in counts:
        for uid, n in db.session.execute(query):
            setattr(records[uid], name, n)
    flags = (
        select(Flag.flagger_id, Flag.status, func.count())
        .where(
            Flag.flagger_id.in_(ids),
            Flag.status.in_(("upheld", "dismissed")),
            # A flag its own raiser resolved says nothing about their accuracy.
            or_(Flag.resolved_by_id.is_(None), Flag.resolved_by_id != Flag.flagger_id),
        )
        .group_by(Flag.flagger_id, Flag.status)
    )
    for uid, status, n in db.session.execute(flags):
        setattr(records[uid], f"flags_{status}", n)
    return records


def _decided_by_a_flagger():
    """An uphold whose decider had flagged that same item: it never counts against
    the author (decisions refuse flaggers now; this guards older rows and any
    other path), so one person can't drop a member's trust level alone."""
    return (
        select(Flag.id)
        .where(
            Flag.flagger_id == ModerationAction.actor_id,
            or_(
                and_(
                    ModerationAction.target_type == "comment",
                    Flag.comment_id == ModerationAction.target_id,
                ),
                and_(
                    ModerationAction.target_type == "post",
                    Flag.post_id == ModerationAction.target_id,
                    Flag.comment_id.is_(None),
                ),
            ),
        )
        .exists()
    )


def record_for(user: User) -> Record:
    return records_for([user.id])[user.id]


def earned_level(user: User, record: Record) -> int:
    """The highest level (0–3) this member's age and record earn on their own."""
    if record.upheld_against > 0:
        return 0  # a clean record is the first requirement of every level
    age = utcnow() - user.created_at
    level = 0
    for n in (1, 2, 3):
        if age < timedelta(days=setting(f"TL{n}_MIN_DAYS")):
            break
        if record.activity < setting(f"TL{n}_MIN_ACTIVITY"):
            break
        if n == 3:
            accuracy = record.accuracy or 0.0
            if record.flags_upheld < setting("TL3_MIN_ACCURATE_FLAGS"):
                break
            if accuracy < setting("TL3_MIN_ACCURACY"):
                break
        level = n
    return level


def evaluate_on_act(user: User) -> int | None:
    """Promote ``user`` if their record now earns more; returns the new level or None.

    Cheap by design: members who can't be promoted automatically, or whose
    account is too young for the next level, cost no query at all.
    """
    if user.holds_staff_role or user.trust_level >= AUTOMATIC_MAX:
        return None
    next_level = user.trust_level + 1
    if utcnow() - user.created_at < timedelta(days=setting(f"TL{next_level}_MIN_DAYS")):
        return None
    earned = earned_level(user, record_for(user))
    if earned <= user.trust_level:
        return None
    user.trust_level = earned
    db.session.commit()
    return earned


def demotion_for(author: User, *, counting_this_uphold: bool = False) -> int | None:
    """The level ``author`` drops to after their content was upheld as flagged, or None.

    Called inside the uphold's own transaction before its log row is written,
    so ``counting_this_uphold`` adds the decision being made to the record.
    """
    if author.holds_staff_role or author.trust_level == 0:
        return None
    record = record_for(author)
    record.upheld_against += int(counting_this_uphold)
    if record.upheld_against < setting("DEMOTE_AFTER_UPHELD"):
        return None
    earned = earned_level(author, record)
    return earned if earned < author.trust_level else None


def recompute_all(batch: int = 500) -> list[tuple[str, int, int]]:
    """Re-evaluate everyone; returns (username, old level, new level) for each change."""
    changes: list[tuple[str, int, int]] = []
    last_id = 0
    while True:
        users = db.session.scalars(
            select(User).where(User.id > last_id).order_by(User.id).limit(batch)
        ).all()
        if not users:
            break
        records = records_for(u.id for u in users)
        for user in users:
            new = _recomputed_level(user, records[user.id])
            if new != user.trust_level:
                changes.append((user.username, user.trust_level, new))
                user.trust_level = new
        last_id = users[-1].id
        db.session.commit()
    return changes


def _recomputed_level(user: User, record: Record) -> int:
    if user.holds_staff_role:
        return user.trust_level
    earned = earned_level(user, record)
    if earned > user.trust_level and user.trust_level < AUTOMATIC_MAX:
        return earned
    if record.upheld_against >= setting("DEMOTE_AFTER_UPHELD") and earned < user.trust_level:
        return earned
    return user.trust_level
