"""Rendering stored posts and comments again after the Markdown renderer changes.

A post's HTML is rendered once, when it is written, and stored beside its
source (``body_html``), so pages never pay for Markdown. When the renderer
learns something (lists typed straight after a line, ``dir="auto"`` on each
block), posts written before keep their old HTML until this runs:
``flask --app wsgi content rerender`` after an upgrade. Only rows whose HTML
changes are written, a batch per transaction, so running it twice is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from forum.extensions import db
from forum.markup import render_markdown
from forum.models import Comment, Post

BATCH = 500


@dataclass(frozen=True)
class Rerendered:
    posts: int
    comments: int


def _rerender(model: type[Post] | type[Comment]) -> int:
    changed, after_id = 0, 0
    while True:
        rows = db.session.scalars(
            select(model).where(model.id > after_id).order_by(model.id).limit(BATCH)
        ).all()
        if not rows:
            return changed
        for row in rows:
            html = render_markdown(row.body) if row.body else ""
            if html != row.body_html:
                # The stored HTML only: an upgrade is not an edit, so no
                # "edited" mark and no new edit-history entry.
                db.session.execute(
                    model.__table__.update().where(model.id == row.id).values(body_html=html)
                )
                changed += 1
        db.session.commit()
        after_id = rows[-1].id


def rerender_all() -> Rerendered:
    return Rerendered(posts=_rerender(Post), comments=_rerender(Comment))
