"""Paging for listing pages: one count query and one page query, whatever the page.

The ``pagination`` macro in ``templates/_macros.html`` reads the attributes of
:class:`Page` (they match Flask-SQLAlchemy's ``Pagination``).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from flask import abort, current_app, request
from sqlalchemy import Select, func, select

from forum.extensions import db


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def requested_page() -> int:
    """The ``?page=`` argument; anything that isn't a positive whole number means page 1."""
    raw = request.args.get("page", "")
    # isdigit() also accepts "²" and other digits int() refuses; isascii() rules them out.
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return max(1, int(raw))


def paginate(stmt: Select, *, per_page: int | None = None) -> Page:
    """Run ``stmt`` (a select of ORM entities, ordered) for the requested page.

    Aborts with 404 for a page past the last one, before running a query with
    an absurd OFFSET (PostgreSQL refuses offsets beyond a bigint).
    """
    per_page = per_page or current_app.config["POSTS_PER_PAGE"]
    page = requested_page()
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    if page > 1 and (page - 1) * per_page >= total:
        abort(404)
    items = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items=list(items), page=page, per_page=per_page, total=total or 0)
