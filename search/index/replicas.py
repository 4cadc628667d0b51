"""Several hosts, one outbox: who applied what, pruning, and coming back after a long absence.

Each host's index is a replica. Its syncs record in ``search_replicas`` how far
it got: every outbox id up to ``applied_upto`` is in its index (the cursor's
high mark, or just below the oldest id it is still waiting for, which on
PostgreSQL may yet commit). Outbox rows every *live* replica has applied are
deleted. A replica not heard from for ``SEARCH_REPLICA_TTL_SECONDS`` (a day)
stops holding rows back; the row named :data:`PRUNED` remembers how far rows
were deleted, so a replica that returns and finds rows it needed gone knows
to rebuild instead of missing them.
"""

from __future__ import annotations

import socket
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forum.models.timestamps import utcnow
from search import store
from search.models import SearchOutbox, SearchReplica
from search.store import SyncState

PRUNED = "(pruned)"  # not a replica: its applied_upto is how far rows were deleted


def replica_name() -> str:
    """``SEARCH_REPLICA_NAME``, or this host's name and index directory."""
    return (
        current_app.config.get("SEARCH_REPLICA_NAME")
        or f"{socket.gethostname()}:{store.index_dir()}"
    )


def applied_upto(state: SyncState) -> int:
    """Every outbox id up to this one is in the index."""
    return min(state.gaps) - 1 if state.gaps else state.high


def _upsert(session: Session, name: str, upto: int, *, keep_max: bool = False) -> None:
    values = {"applied_upto": upto, "seen_at": utcnow()}
    stmt = update(SearchReplica).where(SearchReplica.name == name)
    if keep_max:
        stmt = stmt.where(SearchReplica.applied_upto < upto)
    if session.execute(stmt.values(**values)).rowcount:
        return
    if session.get(SearchReplica, name) is not None:
        return  # keep_max and already further on
    try:
        with session.begin_nested():
            session.add(SearchReplica(name=name, **values))
    except IntegrityError:  # another host registered it a moment ago
        session.execute(update(SearchReplica).where(SearchReplica.name == name).values(**values))


def report(session: Session, state: SyncState) -> None:
    """Record how far this host's index got (commits)."""
    _upsert(session, replica_name(), applied_upto(state))
    session.commit()


def missed_rows(session: Session, state: SyncState) -> bool:
    """True when rows this index still needed were pruned: only a rebuild can catch up."""
    pruned = session.scalar(select(SearchReplica.applied_upto).where(SearchReplica.name == PRUNED))
    return pruned is not None and applied_upto(state) < pruned


def prune(session: Session) -> int:
    """Delete outbox rows every live replica has applied; returns how many (commits)."""
    ttl = timedelta(seconds=float(current_app.config.get("SEARCH_REPLICA_TTL_SECONDS", 86400)))
    upto = session.scalar(
        select(func.min(SearchReplica.applied_upto)).where(
            SearchReplica.name != PRUNED, SearchReplica.seen_at >= utcnow() - ttl
        )
    )
    if not upto:
        return 0
    deleted = session.execute(delete(SearchOutbox).where(SearchOutbox.id <= upto)).rowcount
    _upsert(session, PRUNED, upto, keep_max=True)
    session.commit()
    return deleted or 0
