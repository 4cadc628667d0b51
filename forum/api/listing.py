"""The posts of ``GET /api/v1/posts`` as plain values, not ORM objects.

The same reasoning as the listing cards (``forum.posts.cards``): a page of
posts read through the ORM spent half its time building objects, their
authors, reviewers, conditions and tags. Here one query reads the columns
``forum.api.serializers.post_json`` puts out, with the author's and the
reviewer's joined, one more the page's conditions and one its tags, as the
ORM's select-in loads did. A :class:`ListedPost` answers to the attribute
names ``post_json`` reads on a ``Post``, so the JSON is built by the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, select

from forum.extensions import db
from forum.models import Post, PostTag, User
from forum.models.post import PostWords
from forum.posts.cards import CardCondition, conditions_of, grouped_by_post


@dataclass(frozen=True, slots=True)
class Author:
    username: str
    perspective: str
    trust_level: int
    clinician_verified: bool


@dataclass(frozen=True, slots=True)
class Reviewer:
    username: str


@dataclass(frozen=True, slots=True)
class ListedPost(PostWords):
    id: int
    title: str
    kind: str
    body: str
    body_html: str
    status: str
    created_at: datetime
    updated_at: datetime
    comment_count: int
    outcome_worked: int
    outcome_partly: int
    outcome_no_effect: int
    outcome_stopped: int
    safety_label: str | None
    safety_reviewed_at: datetime | None
    safety_stale: bool
    author: Author
    safety_reviewer: Reviewer | None
    conditions: tuple[CardCondition, ...]
    tag_names: tuple[str, ...]


_users = User.__table__
_reviewers = _users.alias("reviewer")
_POST_COLUMNS = tuple(
    Post.__table__.c[name]
    for name in (
        "id", "title", "kind", "body", "body_html", "status", "created_at", "updated_at",
        "comment_count", "outcome_worked", "outcome_partly", "outcome_no_effect",
        "outcome_stopped", "safety_label", "safety_reviewed_at", "safety_stale",
    )
)  # fmt: skip
_AUTHOR = tuple(_users.c[name] for name in ("username", "perspective", "trust_level"))
_AUTHOR += (_users.c.clinician_verified,)
_COLUMNS = (*_POST_COLUMNS, *_AUTHOR, _reviewers.c.username.label("reviewer_username"))
_FROM = Post.__table__.join(_users, Post.author_id == _users.c.id).outerjoin(
    _reviewers, Post.safety_reviewer_id == _reviewers.c.id
)
_N_POST, _N_AUTHOR = len(_POST_COLUMNS), len(_AUTHOR)


def fetch(stmt: Select) -> list[ListedPost]:
    """The posts ``stmt`` selects (a ``select(Post)`` with its filters, order,
    limit and offset), in its order. Three queries."""
    rows = db.session.execute(stmt.with_only_columns(*_COLUMNS).select_from(_FROM)).all()
    ids = [row[0] for row in rows]
    conditions, tags = conditions_of(ids), _tags_of(ids)
    return [
        ListedPost(
            *row[:_N_POST],
            author=Author(*row[_N_POST : _N_POST + _N_AUTHOR]),
            safety_reviewer=Reviewer(row[-1]) if row[-1] is not None else None,
            conditions=conditions.get(row[0], ()),
            tag_names=tags.get(row[0], ()),
        )
        for row in rows
    ]


_tags = PostTag.__table__
_TAGS_OF = (
    select(_tags.c.post_id, _tags.c.name)
    .where(_tags.c.post_id.in_(bindparam("post_ids", expanding=True)))
    .order_by(_tags.c.post_id, _tags.c.name)
)


def _tags_of(post_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Each post's tags by name, as ``Post.tags`` orders them."""
    return grouped_by_post(_TAGS_OF, post_ids, str)
