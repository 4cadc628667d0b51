"""Paging for listing pages: a remembered count and one page query, whatever the page.

The ``pagination`` macro in ``templates/_macros.html`` reads the attributes of
:class:`Page` (they match Flask-SQLAlchemy's ``Pagination``), and follows
``next_args`` / ``prev_args`` when a listing pages by key (see :func:`paginate`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from math import ceil
from typing import Any

from flask import abort, current_app, request
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from forum.caching.pages import remember
from forum.extensions import db
from forum.models import MAX_ID

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_MICROS = 10**17  # far past any date a post can have


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int
    # Set when paging by key: whether there is more before or after these items,
    # and the query arguments of the links to it.
    more_before: bool | None = None
    more_after: bool | None = None
    prev_args: dict | None = None
    next_args: dict | None = None

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1 if self.more_before is None else self.more_before

    @property
    def has_next(self) -> bool:
        return self.page < self.pages if self.more_after is None else self.more_after

    @property
    def prev_num(self) -> int | None:
        return max(1, self.page - 1) if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return min(self.pages, self.page + 1) if self.has_next else None


def requested_page(param: str = "page") -> int:
    """The ``?page=`` argument (or ``param``); anything but a positive whole number means 1."""
    raw = request.args.get(param, "")
    # isdigit() also accepts "²" and other digits int() refuses; isascii() rules them out.
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return max(1, int(raw))


def count(stmt: Select) -> int:
    """How many rows ``stmt`` returns, remembered until the next commit anywhere.

    At 100,000 posts counting a listing costs 5 ms (all posts) to 100 ms (a
    big condition); every reader shares one count until the data changes
    (``forum.caching.pages.remember``).
    """

    def compute() -> int:
        query = select(func.count()).select_from(stmt.order_by(None).subquery())
        return db.session.scalar(query) or 0

    return remember(("count", *statement_key(stmt)), compute)


def statement_key(stmt: Select) -> tuple:
    """What ``stmt`` asks for, as a hashable value: equal for equal SQL and parameters.

    SQLAlchemy's own cache key (the one its compiled-statement cache uses) plus
    the parameter values; a tenth of what compiling the statement costs.
    """
    cache_key = stmt._generate_cache_key()
    if cache_key is None:  # an element SQLAlchemy can't key: fall back to the SQL text
        compiled = stmt.compile(db.engine)
        return str(compiled), _hashable(tuple(compiled.params.values()))
    return cache_key.key, _hashable(tuple(p.effective_value for p in cache_key.bindparams))


def _hashable(values: tuple) -> tuple:
    return tuple(tuple(v) if isinstance(v, list) else v for v in values)


Keyset = tuple[InstrumentedAttribute, InstrumentedAttribute]


def paginate(
    stmt: Select,
    *,
    per_page: int | None = None,
    param: str = "page",
    keyset: Keyset | None = None,
    fetch: Callable[[Select], list] | None = None,
) -> Page:
    """Run ``stmt`` (a select of ORM entities, ordered) for the page asked for in
    ``?page=``, or in ``param`` on pages that show more than one paged list.

    ``fetch`` reads the items of the page from ``stmt`` with its limit and
    offset applied (default: the entities themselves); ``forum.posts.summary``
    reads plain summaries instead. The count is always of ``stmt``.

    Aborts with 404 for a page past the last one, before running a query with
    an absurd OFFSET (PostgreSQL refuses offsets beyond a bigint).

    ``keyset`` names the two columns ``stmt`` is ordered by, both descending
    (``Post.created_at, Post.id``). The "Older" and "Newer" links then carry
    the key of the last or first item shown (``?after=`` / ``?before=``) and
    the page is read on from there along the index: page 4,000 costs what
    page 2 does, where OFFSET would first walk past 80,000 rows. A page number
    typed by hand still works, through OFFSET.
    """
    per_page = per_page or current_app.config["POSTS_PER_PAGE"]
    page = requested_page(param)
    total = count(stmt)
    if page > 1 and (page - 1) * per_page >= total:
        abort(404)
    names = _cursor_names(param)
    cursor = _cursor(names) if keyset else None
    fetch = fetch or _entities
    if cursor is None:
        rows = fetch(stmt.limit(per_page).offset((page - 1) * per_page))
        found = Page(items=rows, page=page, per_page=per_page, total=total)
    else:
        found = _keyset_page(stmt, keyset, cursor, page, per_page, total, fetch)
    if keyset and found.items:
        after, before = names
        found = replace(
            found,
            next_args={param: found.page + 1, after: _key(found.items[-1], keyset), before: None},
            prev_args={param: found.page - 1, before: _key(found.items[0], keyset), after: None},
        )
    return found


def _entities(stmt: Select) -> list:
    return list(db.session.scalars(stmt).unique().all())


def _cursor_names(param: str) -> tuple[str, str]:
    return ("after", "before") if param == "page" else (f"{param}_after", f"{param}_before")


def _key(item: Any, keyset: Keyset) -> str:
    """``<id>.<microseconds since 1970>``: where an item stands in the listing."""
    moment = getattr(item, keyset[0].key)
    return f"{getattr(item, keyset[1].key)}.{(moment - _EPOCH) // timedelta(microseconds=1)}"


def _cursor(names: tuple[str, str]) -> tuple[str, datetime, int] | None:
    """("after" or "before", moment, id) from the query string; None if absent or garbled."""
    for direction, name in zip(("after", "before"), names, strict=True):
        item_id, dot, micros = request.args.get(name, "").partition(".")
        if not (dot and f"{item_id}{micros}".isascii() and item_id.isdigit() and micros.isdigit()):
            continue
        if int(item_id) <= MAX_ID and int(micros) < _MAX_MICROS:
            return direction, _EPOCH + timedelta(microseconds=int(micros)), int(item_id)
    return None


def _keyset_page(
    stmt: Select, keyset: Keyset, cursor, page: int, per_page: int, total: int, fetch
) -> Page:
    direction, moment, item_id = cursor
    moment_col, id_col = keyset
    if direction == "after":  # older than the cursor: on in the listing's own order
        query = stmt.where(or_(moment_col < moment, and_(moment_col == moment, id_col < item_id)))
    else:  # newer: walk up from the cursor, then show newest first again
        query = (
            stmt.where(or_(moment_col > moment, and_(moment_col == moment, id_col > item_id)))
            .order_by(None)
            .order_by(moment_col.asc(), id_col.asc())
        )
    rows = fetch(query.limit(per_page + 1))
    more, rows = len(rows) > per_page, rows[:per_page]
    if not rows:
        abort(404)  # nothing beyond that key (a hand-made link, or everything after it went)
    pages = max(1, ceil(total / per_page))
    if direction == "before":
        rows.reverse()
        # The number came with the link and only labels the page (posts written
        # since may have shifted it); whether there is more is exact.
        page = min(page, pages) if more else 1
        return Page(rows, max(page, 1), per_page, total, more_before=more, more_after=True)
    page = max(1, page) if more else pages
    return Page(rows, min(page, pages), per_page, total, more_before=True, more_after=more)


# Paging one post's comments or notes: by key only, a page at a time, no count.


@dataclass(frozen=True)
class Window:
    """A page of a list read by key: its items, whether there is more on
    either side, and the query arguments of the links to the pages either side
    (None when there is nothing there). The page number isn't known and isn't
    needed: no count is run, whatever the list's length."""

    items: list[Any]
    more_before: bool
    more_after: bool
    before_args: dict | None = None
    after_args: dict | None = None


Cursor = tuple[str, int]  # ("after" | "before" | "at", an item's id)


def window_cursor(after: str, before: str, at: str | None = None) -> Cursor | None:
    """The first of ``?after=`` / ``?before=`` / ``?<at>=`` holding an item id;
    anything else (words, signs, zero, ids no row can have) means no cursor."""
    for direction, name in (("after", after), ("before", before), ("at", at)):
        raw = request.args.get(name, "") if name else ""
        if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
            return direction, int(raw)
    return None


def keyset_window(
    stmt: Select,
    keyset: Keyset,
    *,
    per_page: int,
    cursor: Cursor | None,
    names: tuple[str, str],
    descending: bool = False,
    fetch: Callable[[Select], list] | None = None,
    keep: dict | None = None,
) -> Window:
    """One page of ``stmt`` (a select whose rows carry both ``keyset``
    columns, a moment and the id, listed by them ascending, or newest first
    with ``descending``), read along the index from ``cursor``:

    - none: the first page;
    - ``("after", id)``: the items after that one (the link "on");
    - ``("before", id)``: the items before it (the link "back");
    - ``("at", id)``: the page that ends with that item, so that a link to one
      item shows it with what came before it.

    A page that would reach the start of the list is the first page, so
    going back always ends on the same first page; an ``after`` with nothing
    after it shows the page that ends with its item. An id that isn't in
    ``stmt`` (removed since, hidden from this reader, another post's) means the
    first page: a stale link still shows the list. At most three statements,
    whatever the list's length.

    ``names`` are the query arguments of the links (after, before); ``keep``
    other arguments they carry along.
    """
    fetch = fetch or _entities
    moment_col, id_col = keyset
    key = None
    if cursor is not None:
        lookup = stmt.with_only_columns(moment_col, id_col).where(id_col == cursor[1])
        key = db.session.execute(lookup.order_by(None).limit(1)).first()
    on, back = ("lt", "gt") if descending else ("gt", "lt")
    if key is None:
        rows = fetch(_ordered(stmt, keyset, descending).limit(per_page + 1))
        found = Window(rows[:per_page], more_before=False, more_after=len(rows) > per_page)
        return _with_links(found, keyset, names, keep)
    direction = cursor[0]
    if direction == "after":
        query = stmt.where(_beyond(keyset, key, on))
        rows = fetch(_ordered(query, keyset, descending).limit(per_page + 1))
        if rows:
            found = Window(rows[:per_page], more_before=True, more_after=len(rows) > per_page)
            return _with_links(found, keyset, names, keep)
        direction = "at"  # nothing after it (any more): the page that ends with it
    upto = _beyond(keyset, key, back, inclusive=direction == "at")
    rows = fetch(_ordered(stmt.where(upto), keyset, not descending).limit(per_page + 1))
    if len(rows) <= per_page:  # reaches the start: that is the first page
        return keyset_window(
            stmt, keyset, per_page=per_page, cursor=None, names=names,
            descending=descending, fetch=fetch, keep=keep,
        )  # fmt: skip
    if direction == "before":
        more_after = True  # the item the link came from
    else:
        later = stmt.with_only_columns(id_col).where(_beyond(keyset, key, on))
        more_after = db.session.execute(later.order_by(None).limit(1)).first() is not None
    found = Window(rows[per_page - 1 :: -1], more_before=True, more_after=more_after)
    return _with_links(found, keyset, names, keep)


def _beyond(keyset: Keyset, key: tuple, op: str, *, inclusive: bool = False):
    """Rows past ``key`` in the (moment, id) order: "gt" later, "lt" earlier;
    ``inclusive`` takes the row at ``key`` too."""
    (moment_col, id_col), (moment, item_id) = keyset, key
    if op == "gt":
        tie = id_col >= item_id if inclusive else id_col > item_id
        return or_(moment_col > moment, and_(moment_col == moment, tie))
    tie = id_col <= item_id if inclusive else id_col < item_id
    return or_(moment_col < moment, and_(moment_col == moment, tie))


def _ordered(stmt: Select, keyset: Keyset, descending: bool) -> Select:
    moment_col, id_col = keyset
    if descending:
        return stmt.order_by(None).order_by(moment_col.desc(), id_col.desc())
    return stmt.order_by(None).order_by(moment_col.asc(), id_col.asc())


def _with_links(found: Window, keyset: Keyset, names: tuple[str, str], keep: dict | None) -> Window:
    if not found.items:
        return found
    id_name = keyset[1].key
    after, before = names
    keep = {k: v for k, v in (keep or {}).items() if k not in names}
    return replace(
        found,
        before_args={**keep, before: getattr(found.items[0], id_name)}
        if found.more_before
        else None,
        after_args={**keep, after: getattr(found.items[-1], id_name)} if found.more_after else None,
    )
