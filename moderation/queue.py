"""The review queue: who may work which items, and one page of items.

Stewards work spam and off-topic items and pending first posts; verified
clinicians work unsafe-advice and misinformation items; moderators see
everything. An item is a post or comment with open flags, or a pending post.
Nobody is shown what they wrote or flagged: someone else decides on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, and_, case, cast, exists, func, literal, null, or_, select
from sqlalchemy.orm import aliased

from forum.extensions import db
from forum.models import Comment, Post, User
from moderation import trust
from moderation.flags import open_flags_clause
from moderation.models import FLAG_REASONS, Flag


@dataclass(frozen=True)
class Scope:
    """What a reviewer may work: flag reasons, pending posts, or everything."""

    reasons: frozenset[str] = frozenset()
    pending: bool = False
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or self.pending or bool(self.reasons)


def scope_for(user: User) -> Scope:
    if not user.is_authenticated or user.is_suspended():
        return Scope()
    if user.is_moderator:
        return Scope(frozenset(FLAG_REASONS), pending=True, everything=True)
    reasons: set[str] = set()
    pending = False
    if user.trust_level >= trust.setting("STEWARD_LEVEL"):
        reasons |= set(trust.setting("STEWARD_REASONS"))
        pending = True
    if user.clinician_verified:
        reasons |= set(trust.setting("CLINICIAN_REASONS"))
    return Scope(frozenset(reasons), pending=pending)


def open_flags_on(target: Post | Comment) -> list[Flag]:
    return list(
        db.session.scalars(
            select(Flag).where(open_flags_clause(target)).order_by(Flag.created_at, Flag.id)
        )
    )


def can_decide(user: User, target: Post | Comment, flags: list[Flag]) -> bool:
    """May ``user`` decide this item? Moderators always; others within their scope."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if target.status == "pending" and scope.pending:
        return True
    return any(f.reason in scope.reasons for f in flags)


@dataclass
class QueueItem:
    target: Post | Comment
    post: Post
    score: float
    flags: list[Flag] = field(default_factory=list)
    record: trust.Record = field(default_factory=trust.Record)

    @property
    def kind(self) -> str:
        return "comment" if isinstance(self.target, Comment) else "post"

    @property
    def author(self) -> User:
        return self.target.author

    @property
    def reasons(self) -> list[str]:
        return sorted({f.reason for f in self.flags})


def _rows(user: User, scope: Scope, reason: str | None):
    """Queue rows (post_id, comment_id, score, since) as one UNION, so the page
    is ordered and cut in the database."""
    mine = aliased(Flag)
    flagged_by_me = (
        exists()
        .where(
            mine.flagger_id == user.id,
            mine.post_id == Flag.post_id,
            or_(
                and_(Flag.comment_id.is_(None), mine.comment_id.is_(None)),
                mine.comment_id == Flag.comment_id,
            ),
        )
        .correlate(Flag)
    )
    author_id = func.coalesce(Comment.author_id, Post.author_id)
    flagged = (
        select(
            Flag.post_id.label("post_id"),
            Flag.comment_id.label("comment_id"),
            func.sum(Flag.weight).label("score"),
            func.min(Flag.created_at).label("since"),
        )
        .join(Post, Post.id == Flag.post_id)
        .outerjoin(Comment, Comment.id == Flag.comment_id)
        .where(
            Flag.status == "open",
            Post.status.not_in(("removed", "deleted")),
            or_(Comment.id.is_(None), Comment.status.not_in(("removed", "deleted"))),
            author_id != user.id,
            ~flagged_by_me,
        )
        .group_by(Flag.post_id, Flag.comment_id)
    )
    if not scope.everything:
        in_scope = case((Flag.reason.in_(sorted(scope.reasons)), 1), else_=0)
        flagged = flagged.having(func.sum(in_scope) > 0)
    if reason:
        flagged = flagged.having(func.sum(case((Flag.reason == reason, 1), else_=0)) > 0)
    if not scope.pending or reason:
        return flagged.subquery()
    flagged_itself = exists().where(
        Flag.post_id == Post.id, Flag.comment_id.is_(None), Flag.status == "open"
    )
    pending = select(Post.id, cast(null(), Integer), literal(0.0), Post.created_at).where(
        Post.status == "pending", ~flagged_itself, Post.author_id != user.id
    )
    return flagged.union_all(pending).subquery()


def queue_page(user: User, *, page: int, per_page: int, reason: str | None = None):
    """One page of the items ``user`` may work, highest score first; and the total."""
    rows = _rows(user, scope_for(user), reason)
    total = db.session.scalar(select(func.count()).select_from(rows))
    if (page - 1) * per_page >= total:
        return [], total  # past the end: no query with an absurd OFFSET
    page_rows = db.session.execute(
        select(rows.c.post_id, rows.c.comment_id, rows.c.score)
        .order_by(rows.c.score.desc(), rows.c.since, rows.c.post_id, rows.c.comment_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return _load_items(page_rows), total


def _load_items(page_rows) -> list[QueueItem]:
    """Targets, their open flags and their authors' records, in a fixed number of queries."""
    post_ids = {r.post_id for r in page_rows}
    comment_ids = {r.comment_id for r in page_rows if r.comment_id}
    posts = {p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_(post_ids)))}
    comments = {
        c.id: c for c in db.session.scalars(select(Comment).where(Comment.id.in_(comment_ids)))
    }
    flags = db.session.scalars(
        select(Flag)
        .where(
            Flag.status == "open",
            or_(
                and_(Flag.post_id.in_(post_ids), Flag.comment_id.is_(None)),
                Flag.comment_id.in_(comment_ids),
            ),
        )
        .order_by(Flag.created_at, Flag.id)
    )
    by_target: dict[tuple[int, int | None], list[Flag]] = {}
    for f in flags:
        by_target.setdefault((f.post_id, f.comment_id), []).append(f)
    items = []
    for r in page_rows:
        target = comments[r.comment_id] if r.comment_id else posts[r.post_id]
        items.append(
            QueueItem(
                target=target,
                post=posts[r.post_id],
                score=round(float(r.score or 0), 1),
                flags=by_target.get((r.post_id, r.comment_id), []),
            )
        )
    records = trust.records_for(item.target.author_id for item in items)
    for item in items:
        item.record = records[item.target.author_id]
    return items


def queue_count(user: User) -> int:
    """How many items ``user`` may work (for the header link)."""
    scope = scope_for(user)
    if not scope:
        return 0
    return db.session.scalar(select(func.count()).select_from(_rows(user, scope, None))) or 0
