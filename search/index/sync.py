"""Applying the outbox to the index, and checking the index against the database.

Every path that changes the index holds Whoosh's writer lock, re-reads the
posts from the database and writes idempotent upserts or deletes by post id,
then commits the index and only after that advances the cursor.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.models import Post
from search import store
from search.index import documents
from search.models import SearchOutbox
from search.store import SearchUnavailable, SyncState
from search.whoosh_internals import commit_then

BATCH = 500
# Enough for every transaction in flight at once; older missing ids are expired anyway.
MAX_GAPS = 10_000


@dataclass
class Applied:
    rows: int = 0
    upserted: int = 0
    deleted: int = 0


def gap_seconds() -> float:
    return float(current_app.config.get("SEARCH_OUTBOX_GAP_SECONDS", 600))


def advance(state: SyncState, ids: list[int], now: float, keep_for: float) -> None:
    """Move the cursor past ``ids``: ids skipped on the way become gaps to re-check."""
    seen = set(ids)
    top = max(seen)
    if top > state.high:
        for missing in range(max(state.high + 1, top - MAX_GAPS), top):
            if missing not in seen:
                state.gaps.setdefault(missing, now)
        state.high = top
    for outbox_id in seen:
        state.gaps.pop(outbox_id, None)
    # A gap still empty after this long was a rolled-back transaction.
    cutoff = now - keep_for
    state.gaps = {i: t for i, t in state.gaps.items() if t >= cutoff}
    if len(state.gaps) > MAX_GAPS:
        state.gaps = dict(sorted(state.gaps.items())[-MAX_GAPS:])


def _after_cursor(state: SyncState):
    return or_(SearchOutbox.id > state.high, SearchOutbox.id.in_(list(state.gaps)))


def has_pending(session: Session, state: SyncState) -> bool:
    newest = session.scalar(select(func.max(SearchOutbox.id)))
    if newest is not None and newest > state.high:
        return True
    if not state.gaps:
        return False
    query = select(SearchOutbox.id).where(SearchOutbox.id.in_(list(state.gaps))).limit(1)
    return session.scalar(query) is not None


def pending_count(session: Session, state: SyncState) -> int:
    return session.scalar(select(func.count()).where(_after_cursor(state))) or 0


def snapshot(session: Session, now: float | None = None) -> SyncState:
    """A cursor for an index about to be built from what the database shows now."""
    now = now or time.time()
    high = session.scalar(select(func.max(SearchOutbox.id))) or 0
    state = SyncState(high=0)
    recent = list(session.scalars(select(SearchOutbox.id).where(SearchOutbox.id > high - MAX_GAPS)))
    # Ids below `high` that aren't there yet may belong to transactions still open.
    state.high = max(0, high - MAX_GAPS)
    if recent:
        advance(state, recent, now, gap_seconds())
    state.high = high
    return state


def _apply_batch(session_rows, writer, state: SyncState) -> Applied:
    """Index one batch of outbox rows already read; the caller holds the writer."""
    ids, post_ids, docs = session_rows
    done = Applied(rows=len(ids))
    found = set()
    for doc in docs:
        writer.update_document(**doc)
        found.add(int(doc["post_id"]))
    for post_id in post_ids - found:
        writer.delete_by_term("post_id", str(post_id))
    done.upserted, done.deleted = len(found), len(post_ids - found)
    advance(state, ids, time.time(), gap_seconds())
    return done


@contextmanager
def reading(session: Session | None = None) -> Iterator[Session]:
    """The caller's session, or a short-lived one of our own.

    After a commit the caller's session can't be used (it is mid-commit), so we
    open our own. Before a search we use the caller's: on SQLite a second
    connection would wait for the write lock a CLI or test session may hold.
    """
    if session is not None:
        yield session
        return
    with Session(db.engine) as own:
        yield own


def _read_batch(state: SyncState, lineage: dict, session: Session | None):
    # Outbox rows first, posts second: a post is at least as new as its row.
    with reading(session) as session:
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.post_id)
            .where(_after_cursor(state))
            .order_by(SearchOutbox.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return None
        post_ids = {r.post_id for r in rows}
        if not lineage:  # conditions, once per round
            lineage.update(documents.condition_lineage(session))
        docs = documents.load_documents(session, Post.id.in_(post_ids), lineage)
    return [r.id for r in rows], post_ids, docs


def _apply_round(
    writer,
    max_rows: int | None,
    progress: Callable[[int], None] | None,
    session: Session | None,
) -> Applied:
    state = store.read_state() or SyncState()
    total, lineage, touched = Applied(), {}, set()
    while max_rows is None or total.rows < max_rows:
        batch = _read_batch(state, lineage, session)
        if batch is None:
            break
        if touched & batch[1]:
            # Whoosh's update and delete only see committed documents: a post
            # added earlier in this round would stay in twice. Commit first;
            # the next round applies this batch.
            break
        touched |= batch[1]
        done = _apply_batch(batch, writer, state)
        total.rows += done.rows
        total.upserted += done.upserted
        total.deleted += done.deleted
        if progress:
            progress(done.rows)
        if len(batch[0]) < BATCH:
            break
    if total.rows:
        state.synced_at = time.time()
        commit_then(writer, lambda: store.write_state(state, keep_newer=True))
    else:
        writer.cancel()
    return total


def apply_pending(
    *,
    wait: float = 0.0,
    max_rows: int | None = None,
    progress: Callable[[int], None] | None = None,
    session: Session | None = None,
) -> Applied | None:
    """Apply every committed outbox row this index hasn't applied yet.

    Returns what was applied, or None when another thread or process holds the
    writer: it re-checks for new rows after letting go, so nothing is left behind.
    ``max_rows`` bounds the work (a request must not index a huge backlog).
    """
    ix = store.open_index()
    total = Applied()
    while True:
        writer = store.try_writer(ix, wait)
        if writer is None:
            return total if total.rows else None
        try:
            done = _apply_round(writer, max_rows, progress, session)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        total.rows += done.rows
        total.upserted += done.upserted
        total.deleted += done.deleted
        if max_rows is not None and total.rows >= max_rows:
            return total
        # Checked after letting go: a writer that found the lock busy had already
        # committed, so its rows are visible now and we apply them for it.
        if not pending(session):
            return total


def pending(session: Session | None = None) -> bool:
    state = store.read_state() or SyncState()
    with reading(session) as session:
        return has_pending(session, state)


def catch_up(session: Session | None = None, max_rows: int = 2000) -> None:
    """Apply anything pending without waiting for the lock (used before each search)."""
    if pending(session):
        apply_pending(max_rows=max_rows, session=session)


def reconcile(wait: float = 30.0) -> Applied:
    """Make the index hold exactly the searchable posts, re-read from the database.

    Catches what no outbox row describes (rows pruned, an index restored from a
    backup). Holds the writer throughout, so nothing else changes the index.
    """
    ix = store.open_index()
    writer = store.try_writer(ix, wait)
    if writer is None:
        raise SearchUnavailable("Another process is writing the index; try again later")
    done = Applied()
    try:
        with ix.searcher() as searcher:
            indexed = {int(f["post_id"]) for f in searcher.reader().all_stored_fields()}
        with Session(db.engine) as session:
            truth = set(session.scalars(select(Post.id).where(documents.searchable_clause())))
            missing = sorted(truth - indexed)
            lineage = documents.condition_lineage(session)
            for start in range(0, len(missing), BATCH):
                chunk = missing[start : start + BATCH]
                for doc in documents.load_documents(session, Post.id.in_(chunk), lineage):
                    writer.update_document(**doc)
                    done.upserted += 1
        for post_id in indexed - truth:
            writer.delete_by_term("post_id", str(post_id))
            done.deleted += 1
    except BaseException:
        writer.cancel()
        raise
    if done.upserted or done.deleted:
        writer.commit()
    else:
        writer.cancel()
    return done
