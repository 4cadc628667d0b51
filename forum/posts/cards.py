"""Post cards on listing pages: the columns a card shows, read as plain values.

A listing shows twenty cards. Read as ORM ``Post`` objects, each card built a
post, its author and reviewer, its conditions and its tags (which no card
shows) through the identity map: a third of the page's time at 100,000
posts. A card needs none of that machinery. :func:`fetch` reads the card
columns with the author's and the reviewer's in one query (joined, as the
ORM did) and the page's conditions in one more; the post's body only as far
as the excerpt reads it.

A :class:`Card` answers to the attribute names ``post_card`` uses on a
``Post``, and holds every value the card shows, so a card is also the key of
its own rendered HTML (``{% cache %}``, ``forum.caching.fragments``): equal cards
render alike, and a card whose post changed is a different key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, func, select

from forum.extensions import db
from forum.models import Condition, Post, User, post_conditions
from forum.models.post import PostWords
from forum.models.user import PersonWords
from forum.posts.excerpt import SOURCE_CHARS


@dataclass(frozen=True, slots=True)
class Person(PersonWords):
    """What a card shows of its author or safety reviewer."""

    username: str
    perspective: str
    clinician_verified: bool
    role: str


@dataclass(frozen=True, slots=True)
class CardCondition:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Card(PostWords):
    """One post as its card shows it."""

    id: int
    kind: str
    title: str
    status: str
    created_at: datetime
    comment_count: int
    outcome_worked: int
    outcome_partly: int
    outcome_no_effect: int
    outcome_stopped: int
    safety_label: str | None
    safety_reviewed_at: datetime | None
    safety_stale: bool
    body: str  # the first SOURCE_CHARS characters: all that the excerpt reads
    author: Person
    safety_reviewer: Person | None
    conditions: tuple[CardCondition, ...]


_users = User.__table__
_reviewers = _users.alias("reviewer")
_POST_COLUMNS = (
    Post.id,
    Post.kind,
    Post.title,
    Post.status,
    Post.created_at,
    Post.comment_count,
    Post.outcome_worked,
    Post.outcome_partly,
    Post.outcome_no_effect,
    Post.outcome_stopped,
    Post.safety_label,
    Post.safety_reviewed_at,
    Post.safety_stale,
    func.substr(Post.body, 1, SOURCE_CHARS).label("body"),
)
# What a card shows of a person, in the order of Person's fields.
PERSON_FIELDS = ("username", "perspective", "clinician_verified", "role")
_COLUMNS = (
    *_POST_COLUMNS,
    *(_users.c[name] for name in PERSON_FIELDS),
    *(_reviewers.c[name].label(f"reviewer_{name}") for name in PERSON_FIELDS),
)
_FROM = Post.__table__.join(_users, Post.author_id == _users.c.id).outerjoin(
    _reviewers, Post.safety_reviewer_id == _reviewers.c.id
)
_N_POST, _N_PERSON = len(_POST_COLUMNS), len(PERSON_FIELDS)


def fetch(stmt: Select) -> list[Card]:
    """The cards of the posts ``stmt`` selects (a ``select(Post)`` with its
    filters, order, limit and offset), in its order. Two queries."""
    rows = db.session.execute(stmt.with_only_columns(*_COLUMNS).select_from(_FROM)).all()
    conditions = conditions_of([row[0] for row in rows])
    cards = []
    for row in rows:
        reviewer = row[_N_POST + _N_PERSON :]
        cards.append(
            Card(
                *row[:_N_POST],
                author=Person(*row[_N_POST : _N_POST + _N_PERSON]),
                safety_reviewer=Person(*reviewer) if reviewer[0] is not None else None,
                conditions=conditions.get(row[0], ()),
            )
        )
    return cards


# Built once: a statement SQLAlchemy has seen before costs no new construction
# and keeps its cache key (the page's post ids are an expanding parameter).
_conditions = Condition.__table__
_CONDITIONS_OF = (
    select(post_conditions.c.post_id, _conditions.c.slug, _conditions.c.name)
    .join(_conditions, _conditions.c.id == post_conditions.c.condition_id)
    .where(post_conditions.c.post_id.in_(bindparam("post_ids", expanding=True)))
    .order_by(_conditions.c.name, _conditions.c.id)
)


def conditions_of(post_ids: list[int]) -> dict[int, tuple[CardCondition, ...]]:
    """Each post's conditions by name, as ``Post.conditions`` orders them."""
    return grouped_by_post(_CONDITIONS_OF, post_ids, CardCondition)


def grouped_by_post(statement, post_ids: list[int], make: Callable) -> dict[int, tuple]:
    """``statement``'s rows (post id first) for ``post_ids``: ``make(*rest)`` per row, by post.

    ``statement`` takes the ids as the expanding parameter ``post_ids``.
    """
    if not post_ids:
        return {}
    found: dict[int, list] = defaultdict(list)
    for post_id, *rest in db.session.execute(statement, {"post_ids": post_ids}):
        found[post_id].append(make(*rest))
    return {post_id: tuple(items) for post_id, items in found.items()}
