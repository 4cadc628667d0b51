"""The review queue: who may work which items, and one page of items.

Stewards work spam and off-topic items and pending first posts; verified
clinicians work unsafe-advice and misinformation items; moderators see
everything. An item is a post or comment with open flags, a pending post, or
a member's request (clinician verification, a missing condition: moderators
only). Nobody is shown what they wrote, flagged or asked for: someone else
decides on it.

The queue is ordered by harm: items flagged as unsafe advice or as exposing
someone's private information come first, whatever their weight, because they
can hurt someone while they wait; then everything else by flag weight, oldest
first among equals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, and_, case, cast, exists, func, literal, null, or_, select
from sqlalchemy.orm import aliased

from forum.extensions import db
from forum.models import Comment, Post, User
from moderation import trust
from moderation.flags import open_flags_clause
from moderation.models import FLAG_REASONS, ConditionProposal, Flag, VerificationRequest

# Flags that can hurt someone while they wait: their items are worked first.
HARM_REASONS = ("unsafe_advice", "privacy")


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


Request = VerificationRequest | ConditionProposal
REQUEST_ITEM_KINDS = {VerificationRequest: "verification", ConditionProposal: "condition"}


@dataclass
class QueueItem:
    target: Post | Comment | Request
    post: Post | None  # None for a request
    score: float
    flags: list[Flag] = field(default_factory=list)
    record: trust.Record = field(default_factory=trust.Record)
    harmful: bool = False  # flagged as unsafe advice or a privacy risk

    @property
    def kind(self) -> str:
        """post, comment, verification or condition."""
        if isinstance(self.target, Comment):
            return "comment"
        return REQUEST_ITEM_KINDS.get(type(self.target), "post")

    @property
    def is_request(self) -> bool:
        return self.post is None

    @property
    def author(self) -> User:
        """Who wrote it, or who sent the request."""
        if isinstance(self.target, VerificationRequest):
            return self.target.user
        if isinstance(self.target, ConditionProposal):
            return self.target.proposer
        return self.target.author

    @property
    def reasons(self) -> list[str]:
        return sorted({f.reason for f in self.flags})


_NO_ID = cast(null(), Integer)


def _rows(user: User, scope: Scope, reason: str | None):
    """Queue rows (post_id, comment_id, verification_id, proposal_id, harm, score,
    since) as one UNION, so the page is ordered and cut in the database."""
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
            _NO_ID.label("verification_id"),
            _NO_ID.label("proposal_id"),
            func.max(case((Flag.reason.in_(HARM_REASONS), 1), else_=0)).label("harm"),
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
    parts = [flagged]
    if scope.pending and not reason:
        flagged_itself = exists().where(
            Flag.post_id == Post.id, Flag.comment_id.is_(None), Flag.status == "open"
        )
        parts.append(
            select(
                Post.id, _NO_ID, _NO_ID, _NO_ID, literal(0), literal(0.0), Post.created_at
            ).where(Post.status == "pending", ~flagged_itself, Post.author_id != user.id)
        )
    if scope.everything and not reason:  # members' requests are for moderators
        parts.append(
            select(
                _NO_ID, _NO_ID, VerificationRequest.id, _NO_ID, literal(0), literal(0.0),
                VerificationRequest.created_at,
            ).where(VerificationRequest.status == "pending", VerificationRequest.user_id != user.id)
        )  # fmt: skip
        parts.append(
            select(
                _NO_ID, _NO_ID, _NO_ID, ConditionProposal.id, literal(0), literal(0.0),
                ConditionProposal.created_at,
            ).where(ConditionProposal.status == "pending", ConditionProposal.proposer_id != user.id)
        )  # fmt: skip
    if len(parts) == 1:
        return flagged.subquery()
    return parts[0].union_all(*parts[1:]).subquery()


def queue_page(user: User, *, page: int, per_page: int, reason: str | None = None):
    """One page of the items ``user`` may work, most harmful first; and the total."""
    rows = _rows(user, scope_for(user), reason)
    total = db.session.scalar(select(func.count()).select_from(rows))
    if (page - 1) * per_page >= total:
        return [], total  # past the end: no query with an absurd OFFSET
    c = rows.c
    page_rows = db.session.execute(
        select(c.post_id, c.comment_id, c.verification_id, c.proposal_id, c.harm, c.score)
        .order_by(
            c.harm.desc(),
            c.score.desc(),
            c.since,
            c.post_id,
            c.comment_id,
            c.verification_id,
            c.proposal_id,
        )  # fmt: skip
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return _load_items(page_rows), total


def _load_items(page_rows) -> list[QueueItem]:
    """Targets, their open flags and their authors' records, in a fixed number of queries."""
    requests = _load_requests(page_rows)
    post_ids = {r.post_id for r in page_rows if r.post_id}
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
        if r.post_id is None:
            key = (
                (VerificationRequest, r.verification_id)
                if r.verification_id
                else (ConditionProposal, r.proposal_id)
            )
            items.append(QueueItem(target=requests[key], post=None, score=0.0))
            continue
        target = comments[r.comment_id] if r.comment_id else posts[r.post_id]
        items.append(
            QueueItem(
                target=target,
                post=posts[r.post_id],
                score=round(float(r.score or 0), 1),
                flags=by_target.get((r.post_id, r.comment_id), []),
                harmful=bool(r.harm),
            )
        )
    records = trust.records_for(item.author.id for item in items)
    for item in items:
        item.record = records[item.author.id]
    return items


def _load_requests(page_rows) -> dict[tuple[type, int], Request]:
    """The page's requests by (model, id): one query per kind on the page."""
    found: dict[tuple[type, int], Request] = {}
    for model, column in (
        (VerificationRequest, "verification_id"),
        (ConditionProposal, "proposal_id"),
    ):
        ids = {getattr(r, column) for r in page_rows if getattr(r, column)}
        if ids:
            for row in db.session.scalars(select(model).where(model.id.in_(ids))):
                found[(model, row.id)] = row
    return found


def queue_count(user: User) -> int:
    """How many items ``user`` may work (for the header link)."""
    scope = scope_for(user)
    if not scope:
        return 0
    return db.session.scalar(select(func.count()).select_from(_rows(user, scope, None))) or 0
