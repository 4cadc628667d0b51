"""Posts, read from the database, as index documents.

Sync and rebuild both go through :func:`load_documents`, so a post is indexed
the same way whichever path wrote it. Posts are read as every listing and the
API read them, by ``forum.posts.summary.fetch`` (the columns, then conditions
and tags grouped by post once), with the HTML and without the Markdown
source. Body text comes from ``body_html`` (the sanitizer's output of the
Markdown source) with its tags stripped: the same words as the source without
markup, at a tiny fraction of re-rendering it.
"""

from __future__ import annotations

import html
import re

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from forum.models import Condition, Post
from forum.posts import summary

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
    stmt = select(Post).where(where).order_by(Post.id)
    posts = [p for p in summary.fetch(stmt, text=summary.HTML, session=session) if is_searchable(p)]
    if not posts:
        return []
    lineage = lineage if lineage is not None else condition_lineage(session)
    return [document(post, lineage) for post in posts]


def document(post: summary.PostSummary, lineage: dict[int, list[str]]) -> dict:
    """The index document of one post's summary (read with its HTML)."""
    slugs: list[str] = []
    for condition_id in sorted(c.id for c in post.conditions):
        for slug in lineage.get(condition_id, ()):
            if slug not in slugs:
                slugs.append(slug)
    return {
        "post_id": str(post.id),
        "title": post.title,
        "title_words": post.title,
        "body": html_text(post.body_html),
        "tags": " ".join(post.tags),  # by name
        "conditions": ",".join(slugs),
        "kind": post.kind,
        "perspective": post.author.perspective or "other",
        "evidence": post.evidence_level or "one_story",
        "created": int(post.created_at.timestamp() * 1_000_000),  # µs: newest sorts exactly
        "worked": post.outcome_worked or 0,
        "still": "yes" if any(step.still for step in post.durability_steps) else "no",
        "still_working": still_working_key(*post.still_working),
        "adapted_from": str(post.adapted_from_id) if post.adapted_from_id else None,
        "adapted": min(post.adaptation_count or 0, 2**31 - 1),
    }


STILL_CAP = 9_000_000  # still-using answers counted in the key; far beyond any post


def still_working_key(still: int, ratio: float) -> int:
    """One sortable number: more still using first, then the larger share."""
    return min(still, STILL_CAP) * 1_000_000 + round(ratio * 999_999)
