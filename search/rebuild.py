"""Recreating the index from the database.

The new documents replace the old in one commit (``mergetype=CLEAR``), so
searches keep using the old index until the new one is complete. The cursor
is taken before the posts are read: changes committed while the rebuild runs
are applied by the sync that follows it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh.writing import CLEAR

from forum.extensions import db
from forum.models import Post
from search import documents, store, sync
from search.store import SearchUnavailable

BATCH = 1000
# Below this many posts, starting worker processes costs more than it saves.
PARALLEL_FROM = 2000
LIMIT_MB = 128


def rebuild(procs: int = 2, progress: Callable[[int], None] | None = None) -> int:
    """Index every searchable post afresh; returns how many were indexed."""
    ix = store.open_index()
    with Session(db.engine) as session:
        total = session.scalar(select(func.count()).where(documents.searchable_clause())) or 0
    options: dict = {"limitmb": LIMIT_MB}
    if procs > 1 and total >= PARALLEL_FROM:
        # Each process writes its own segment; merging them would be one core again.
        options.update(procs=procs, multisegment=True)
    writer = store.try_writer(ix, wait=60.0, **options)
    if writer is None:
        raise SearchUnavailable("Another process held the index for 60 s; try again")
    try:
        with Session(db.engine) as session:
            state = sync.snapshot(session)
            lineage = documents.condition_lineage(session)
        indexed = _add_all(writer, lineage, progress)
        writer.commit(mergetype=CLEAR)
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    state.synced_at = time.time()
    store.write_state(state)
    sync.apply_pending(wait=5.0)  # what changed while we were reading
    return indexed


def _add_all(writer, lineage: dict, progress: Callable[[int], None] | None) -> int:
    with Session(db.engine) as session:
        newest = session.scalar(select(func.max(Post.id))) or 0
    indexed = 0
    for start in range(0, newest, BATCH):
        # Windows of ids walk the primary key; a short transaction per batch, so
        # on SQLite writers wait for one batch at most.
        window = (Post.id > start) & (Post.id <= start + BATCH)
        with Session(db.engine) as session:
            docs = documents.load_documents(session, window, lineage)
        for doc in docs:
            writer.add_document(**doc)
        indexed += len(docs)
        if progress:
            progress(len(docs))
    return indexed
