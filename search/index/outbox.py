"""Writes a SearchOutbox row, in the same transaction, for every change search must see.

Hooked into SQLAlchemy sessions, so the forum never calls search:
- ``before_flush``/``after_flush`` see posts inserted, edited (title, body, kind, status,
  outcome counters even when set as SQL expressions, safety label), retagged
  (their ``tags``/``conditions`` collections, PostTag rows), deleted; authors
  whose perspective changed; conditions moved in the hierarchy;
- ``do_orm_execute`` sees bulk statements run through the session on posts,
  post tags and post conditions.
After the transaction commits the index applies the rows (see ``search.index.sync``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_app_context
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from forum.models import Condition, Post, PostTag, User, post_conditions
from forum.models.timestamps import utcnow
from search.models import SearchOutbox

PENDING = "search.outbox_pending"
_FLUSHING = "search.outbox_flushing"
# Post columns the index holds or that decide whether a post is in it.
POST_FIELDS = (
    "title", "body", "body_html", "kind", "status", "author_id", "created_at",
    "outcome_worked", "outcome_partly", "outcome_no_effect", "outcome_stopped",
    "safety_label", "conditions", "tags", "durability", "adapted_from_id", "adaptation_count",
    "evidence_level",
)  # fmt: skip
_TABLES = {"posts": "id", "post_tags": "post_id", "post_conditions": "post_id"}
_installed = False


def _changed(obj, names) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _record(session: Session, post_ids) -> None:
    rows = [{"post_id": pid, "created_at": utcnow()} for pid in sorted(set(post_ids)) if pid]
    if rows:
        session.connection().execute(insert(SearchOutbox), rows)
        session.info[PENDING] = True


def _record_select(session: Session, query) -> None:
    _record(session, session.connection().execute(query).scalars())


def _before_flush(session: Session, flush_context, instances) -> None:
    # History must be read before the flush: a counter set to a SQL expression
    # (``Post.outcome_worked + 1``) is expired, history and all, by the UPDATE.
    posts: list = []  # Post or PostTag objects: their ids exist only after the flush
    authors: set[int] = set()
    moved: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Post | PostTag):
            posts.append(obj)
    for obj in session.dirty:
        if (isinstance(obj, Post) and _changed(obj, POST_FIELDS)) or isinstance(obj, PostTag):
            posts.append(obj)
        elif isinstance(obj, User) and _changed(obj, ("perspective",)):
            authors.add(obj.id)
        elif isinstance(obj, Condition) and _changed(obj, ("slug", "parent_id", "parent")):
            moved.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Post | PostTag):
            posts.append(obj)
    if posts or authors or moved:
        session.info[_FLUSHING] = (posts, authors, moved)


def _after_flush(session: Session, flush_context) -> None:
    posts, authors, moved = session.info.pop(_FLUSHING, ((), (), ()))
    _record(session, (obj.id if isinstance(obj, Post) else obj.post_id for obj in posts))
    if authors:
        _record_select(session, select(Post.id).where(Post.author_id.in_(authors)))
    if moved:
        # Every post under a moved condition has new ancestors to index.
        _record_select(
            session,
            select(post_conditions.c.post_id)
            .where(post_conditions.c.condition_id.in_(_with_descendants(session, moved)))
            .distinct(),
        )


def _with_descendants(session: Session, ids: set[int]) -> set[int]:
    pairs = session.connection().execute(select(Condition.id, Condition.parent_id)).all()
    found, frontier = set(ids), set(ids)
    while frontier:
        frontier = {cid for cid, parent in pairs if parent in frontier} - found
        found |= frontier
    return found


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    column = _TABLES.get(getattr(table, "name", None))
    if column is None:
        return
    session = state.session
    if state.is_insert:
        params = state.parameters or state.statement.compile().params
        rows = params if isinstance(params, list | tuple) else [params]
        _record(session, (row.get(column) for row in rows if isinstance(row, dict)))
        return
    # Update or delete: find the rows it will touch before it runs.
    query = select(table.c[column])
    if state.statement.whereclause is not None:
        query = query.where(state.statement.whereclause)
    _record_select(session, query.distinct())


@contextmanager
def applied_at_the_end() -> Iterator[None]:
    """Hold back applying the outbox after every commit, for a load of many commits.

    Registered with the forum as a bulk load (``forum.plugins``): its outbox
    rows are still written in each transaction, so nothing is missed; but
    applying them after each of ~300 commits made the demo seed four times
    slower than one catch-up at the end (the next commit that touches a post,
    the next search, or ``flask search sync``).
    """
    app = current_app._get_current_object()
    saved = app.config.get("SEARCH_SYNC_ON_COMMIT", True)
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    try:
        yield
    finally:
        app.config["SEARCH_SYNC_ON_COMMIT"] = saved


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint released (``begin_nested``): the outer transaction, and on
        # SQLite its write lock, is still open. Syncing now would wait on our own
        # lock (the busy timeout, then "database is locked") and read before the
        # rows are committed; the outer commit applies them.
        return
    if not session.info.pop(PENDING, False) or not has_app_context():
        return
    app = current_app._get_current_object()
    if "search" not in app.extensions or not app.config.get("SEARCH_SYNC_ON_COMMIT", True):
        return
    from search.index import sync

    try:
        sync.apply_pending(max_rows=app.config.get("SEARCH_SYNC_MAX_ROWS", 2000))
    except Exception:
        # The write is committed and must stand; the rows stay pending and the
        # next sync (another commit, a search, `flask search sync`) applies them.
        app.logger.warning("search index not updated after commit", exc_info=True)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(_FLUSHING, None)


def install() -> None:
    """Listen on every SQLAlchemy session (once per process)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
    _installed = True
