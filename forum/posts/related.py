"""What the post page shows beside a post: the condition it is about, and
other posts about the same conditions, those most often reported to have
worked first.

Related posts are what anyone may see (forum.visibility, for a reader who
isn't signed in: published posts), so they are the same for every reader:
one query of plain values, with how many there are in all counted in the same
query, remembered until the next commit. The condition comes from the post's
own conditions, already loaded for its chips.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from forum.caching.pages import remember
from forum.extensions import db
from forum.models import Post, post_conditions
from forum.visibility import visible_posts_clause

LIMIT = 5
_ANYONE = AnonymousUserMixin()
_REPORTS = Post.outcome_worked + Post.outcome_partly + Post.outcome_no_effect + Post.outcome_stopped


@dataclass(frozen=True, slots=True)
class RelatedPost:
    id: int
    title: str
    worked: int  # how many said it worked
    reports: int  # how many reported at all


@dataclass(frozen=True, slots=True)
class Related:
    posts: tuple[RelatedPost, ...] = ()
    total: int = 0  # every published post sharing a condition, not only those shown
    condition_names: tuple[str, ...] = field(default=())


def related_posts(post: Post, limit: int = LIMIT) -> Related:
    """Up to ``limit`` published posts that share a condition with ``post``,
    most "worked" reports first, then the newest; and how many there are."""
    conditions = list(post.conditions)
    if not conditions:
        return Related()
    ids = tuple(sorted(c.id for c in conditions))
    posts, total = remember(
        ("related-posts", post.id, ids, limit), lambda: _read(post.id, ids, limit)
    )
    return Related(posts, total, tuple(c.name for c in conditions))


def _read(post_id: int, condition_ids: tuple[int, ...], limit: int) -> tuple[tuple, int]:
    shares_a_condition = (
        select(post_conditions.c.post_id)
        .where(
            post_conditions.c.post_id == Post.id,
            post_conditions.c.condition_id.in_(condition_ids),
        )
        .exists()
    )
    stmt = (
        select(Post.id, Post.title, Post.outcome_worked, _REPORTS, func.count().over())
        .where(
            Post.id != post_id,
            Post.status == "published",
            visible_posts_clause(_ANYONE),
            shares_a_condition,
        )
        .order_by(Post.outcome_worked.desc(), Post.created_at.desc(), Post.id.desc())
        .limit(limit)
    )
    rows = db.session.execute(stmt).all()
    return tuple(RelatedPost(*row[:4]) for row in rows), (rows[0][4] if rows else 0)
