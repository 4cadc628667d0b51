"""Posts, read from the database, as index documents.

Sync and rebuild both go through :func:`load_documents`, so a post is indexed
the same way whichever path wrote it. Body text comes from ``body_html`` (the
sanitizer's output of the Markdown source) with its tags stripped: the same
words as the source without markup, at a tiny fraction of re-rendering it.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from forum.models import Condition, Post, PostTag, User, post_conditions

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def html_text(body_html: str) -> str:
    """Plain text of sanitized HTML (our own sanitizer's output, so tags are well formed)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", body_html))).strip()


def searchable_clause() -> ColumnElement[bool]:
    """Posts search may show: published and not labelled unsafe by a reviewer.

    For listing them all. To check a few posts by id, fetch by id and use
    :func:`is_searchable`: with this clause SQLite would walk the status index
    past every published post instead of looking the ids up.
    """
    return and_(
        Post.status == "published",
        or_(Post.safety_label.is_(None), Post.safety_label != "unsafe"),
    )


def is_searchable(post) -> bool:
    """The same rule as :func:`searchable_clause`, for a row already loaded."""
    return post.status == "published" and post.safety_label != "unsafe"


def condition_lineage(session: Session) -> dict[int, list[str]]:
    """condition id → its slug followed by every ancestor's slug."""
    rows = session.execute(select(Condition.id, Condition.slug, Condition.parent_id)).all()
    by_id = {r.id: r for r in rows}
    lineage: dict[int, list[str]] = {}
    for row in rows:
        slugs, seen, current = [], set(), row
        while current is not None and current.id not in seen:  # a cycle must not hang us
            seen.add(current.id)
            slugs.append(current.slug)
            current = by_id.get(current.parent_id) if current.parent_id else None
        lineage[row.id] = slugs
    return lineage


def load_documents(
    session: Session,
    where: ColumnElement[bool],
    lineage: dict[int, list[str]] | None = None,
) -> list[dict]:
    """Index documents for the searchable posts among those matching ``where`` (ids, a range)."""
    query = (
        select(
            Post.id,
            Post.title,
            Post.body_html,
            Post.kind,
            Post.status,
            Post.safety_label,
            Post.created_at,
            Post.outcome_worked,
            User.perspective,
        )
        .join(User, User.id == Post.author_id)
        .where(where)
        .order_by(Post.id)
    )
    rows = [r for r in session.execute(query) if is_searchable(r)]
    if not rows:
        return []
    ids = [r.id for r in rows]
    lineage = lineage if lineage is not None else condition_lineage(session)
    conditions = _grouped(
        session,
        select(post_conditions.c.post_id, post_conditions.c.condition_id).where(
            post_conditions.c.post_id.in_(ids)
        ),
    )
    tags = _grouped(session, select(PostTag.post_id, PostTag.name).where(PostTag.post_id.in_(ids)))
    return [_document(r, conditions[r.id], tags[r.id], lineage) for r in rows]


def _grouped(session: Session, query) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for post_id, value in session.execute(query):
        grouped[post_id].append(value)
    return grouped


def _document(row, condition_ids: Iterable[int], tags: list[str], lineage) -> dict:
    slugs: list[str] = []
    for condition_id in sorted(condition_ids):
        for slug in lineage.get(condition_id, ()):
            if slug not in slugs:
                slugs.append(slug)
    perspective = row.perspective or "other"
    return {
        "post_id": str(row.id),
        "title": row.title,
        "title_words": row.title,
        "body": html_text(row.body_html),
        "tags": " ".join(sorted(tags)),
        "conditions": ",".join(slugs),
        "kind": row.kind,
        "perspective": perspective,
        "created": int(row.created_at.timestamp() * 1_000_000),  # µs: newest sorts exactly
        "worked": row.outcome_worked or 0,
    }
