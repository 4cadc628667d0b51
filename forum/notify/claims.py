"""How several workers share rows and periodic runs without doing anything twice.

:func:`claim` takes up to ``limit`` rows nobody holds, in one statement that
works on both databases: ``UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE
SKIP LOCKED) RETURNING id``. On PostgreSQL, rows another worker is claiming
at that moment are skipped rather than waited for; on SQLite the statement
holds the database's write lock, so two workers can't both take a row. A
claim is a lease (``claimed_until``): a worker that dies (``kill -9``) loses
its rows to the next worker once the lease runs out, and whatever it had
finished is already committed.

:func:`claim_period` lets exactly one worker, on any host, run a periodic job
for a period (a day's digests): the first to insert the
:class:`~forum.models.PeriodicRun` row runs it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import PeriodicRun


def claim(model, *where, now: datetime, lease: timedelta, limit: int, order_by=None) -> list[int]:
    """Ids of up to ``limit`` rows of ``model`` matching ``where``, now held until ``now + lease``.

    ``model`` has ``id`` and ``claimed_until`` columns. Commits the claim.
    """
    free = or_(model.claimed_until.is_(None), model.claimed_until < now)
    candidates = (
        select(model.id)
        .where(*where, free)
        .order_by(order_by if order_by is not None else model.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # left out on SQLite, which locks the whole file
    )
    ids = (
        db.session.execute(
            update(model)
            .where(model.id.in_(candidates.scalar_subquery()), free)
            .values(claimed_until=now + lease)
            .returning(model.id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
    db.session.commit()
    return sorted(ids)


def claim_period(name: str, period: str, now: datetime) -> bool:
    """True for the one caller, across all hosts, that gets to run ``name`` for ``period``."""
    db.session.add(PeriodicRun(name=name, period=period, started_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def finish_period(name: str, period: str, now: datetime, done: int) -> None:
    """Record that the run finished, and how many things it did."""
    run = db.session.get(PeriodicRun, (name, period))
    if run is not None:
        run.finished_at, run.done = now, done
        db.session.commit()
