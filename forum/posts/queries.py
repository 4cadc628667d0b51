"""The reads behind the post pages. Each runs a fixed number of queries.

Post.author and Post.safety_reviewer are joined and conditions and tags are
select-in loaded (see the models), so a page of cards costs the same few
queries whether it shows one post or twenty.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from forum.extensions import db
from forum.models import (
    EVIDENCE_LEVELS,
    KINDS,
    Comment,
    OutcomeReport,
    Post,
    PostTag,
    User,
    post_conditions,
)
from forum.services import rules
from forum.services.outcomes import existing_report
from forum.text import clean_line
from forum.visibility import can_view_comment, can_view_post

# The order of every post listing, and the key its pages are read by (forum.pagination).
NEWEST_FIRST = (Post.created_at, Post.id)


def published_posts(
    *,
    kind: str | None = None,
    condition_ids: list[int] | None = None,
    tag: str | None = None,
    evidence: str | None = None,
) -> Select:
    """Published posts, newest first, optionally of one kind, some conditions,
    one tag or one evidence level (``EVIDENCE_LEVELS``)."""
    stmt = select(Post).where(Post.status == "published")
    if kind:
        stmt = stmt.where(Post.kind == kind)
    if evidence:
        stmt = stmt.where(Post.evidence_level == evidence)
    # EXISTS, not a join (a post under two of the conditions must appear once)
    # and not IN (subquery): walking the newest posts and probing each costs
    # about as many lookups as the page shows, where IN first gathers every
    # post of a big condition (28,000 under IBD at 100,000 posts: 8 ms a page).
    if condition_ids is not None:
        stmt = stmt.where(
            select(post_conditions.c.post_id)
            .where(
                post_conditions.c.post_id == Post.id,
                post_conditions.c.condition_id.in_(condition_ids),
            )
            .exists()
        )
    if tag:
        stmt = stmt.where(
            select(PostTag.post_id).where(PostTag.post_id == Post.id, PostTag.name == tag).exists()
        )
    return stmt.order_by(*(column.desc() for column in NEWEST_FIRST))


def unanswered_questions(*, condition_ids: list[int] | None = None) -> Select:
    """Published questions, newest first, with no published comment from anyone
    but their asker (optionally about some conditions)."""
    answered = (
        select(Comment.id)
        .where(
            Comment.post_id == Post.id,
            Comment.status == "published",
            Comment.author_id != Post.author_id,
        )
        .exists()
    )
    return published_posts(kind="question", condition_ids=condition_ids).where(~answered)


def kind_arg(value: str | None) -> str | None:
    """A ``?kind=`` value we know, or None (show every kind)."""
    return value if value in KINDS else None


def evidence_arg(value: str | None) -> str | None:
    """An ``?evidence=`` level we know, or None (every level)."""
    return value if value in EVIDENCE_LEVELS else None


def tag_arg(value: str | None) -> str | None:
    """A ``?tag=`` value as tags are stored (``rules.tag``: "Night Feeds" is
    night-feeds), without control characters."""
    return rules.tag(clean_line(value or "") or "")[:60] or None


def visible_post_or_404(post_id: int, user=None) -> Post:
    """The post, or 404 when it doesn't exist or ``user`` (default: the signed-in
    one) may not see it: never 403, which would confirm a hidden post exists."""
    post = db.session.get(Post, post_id)
    if post is None or not can_view_post(post, user):
        abort(404)
    return post


def visible_comment_or_404(comment_id: int, user=None) -> Comment:
    """The comment, or 404 when ``user`` (default: the signed-in one) may not see it or its post."""
    comment = db.session.get(Comment, comment_id)
    if (
        comment is None
        or not can_view_comment(comment, user)
        or not can_view_post(comment.post, user)
    ):
        abort(404)
    return comment


def own_report(post: Post, user: User | None = None) -> OutcomeReport | None:
    user = user or current_user
    return existing_report(post, user) if user.is_authenticated else None
