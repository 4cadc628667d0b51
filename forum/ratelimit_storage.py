"""Rate-limit counters in a SQL database: a ``limits`` storage for Flask-Limiter.

Flask-Limiter's ``memory://`` counts in each worker's memory, so N workers
allow N times every limit and a restart forgets them all (24 concurrent
sign-ins against a limit of 10 got 17 through four workers). This storage
keeps the counters in SQL, shared by every worker and host and kept across
restarts, for deployments without Redis.

It is registered through ``limits``' documented custom-storage mechanism (a
``Storage`` subclass whose ``STORAGE_SCHEME`` names the URIs it serves), so
Flask-Limiter builds it from ``RATELIMIT_STORAGE_URI`` like any other storage:
``db+`` followed by a SQLAlchemy URL. ``redis://…`` keeps working as before.
Only the fixed-window methods exist, the strategy the forum uses; the package
versions are pinned exactly in pyproject.toml because this subclasses theirs.

Each call is one statement, committed at once (autocommit) on the storage's
own connection, never the request's: a count holds whether or not the
request's work commits, and never waits for it. On SQLite that also means
another *file*: a writing request holds its database's write lock from its
first query (``BEGIN IMMEDIATE``, forum/database.py) and key functions query
before the limit is counted, so counters in the same file would wait on
their own request. :func:`default_uri` puts them beside the database instead
(``instance/forum-ratelimits.db``); on PostgreSQL they live in the forum's
database (migration 0005).

A hit is one statement, an upsert that returns the new count, so concurrent
hits from any number of processes never let more through than the limit.
Expired rows are deleted every few minutes by whichever process is counting.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from contextlib import suppress
from functools import cache
from pathlib import Path

from limits.storage import Storage
from sqlalchemy import Engine, Float, Insert, bindparam, case, create_engine, delete, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.schema import CreateIndex, CreateTable

from forum.models.ratelimit import MAX_KEY_LENGTH
from forum.models.ratelimit import rate_limit_counters as counters

PREFIX = "db+"
SWEEP_EVERY_SECONDS = 300
SQLITE_BUSY_TIMEOUT_MS = 5000

# One engine per counter database and process, shared by every app built in it.
_engines: dict[str, Engine] = {}
_creating = threading.Lock()


def default_uri(database_uri: str) -> str:
    """Where the counters go unless RATELIMIT_STORAGE_URI says otherwise.

    SQLite: a file of their own beside the database file. PostgreSQL: the
    forum's database. An in-memory SQLite database serves one process only, so
    the limiter's own memory is just as good there.
    """
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        return PREFIX + url.render_as_string(hide_password=False)
    rendered = url.render_as_string(hide_password=False)
    if not url.database or url.database == ":memory:" or "mode=memory" in rendered:
        return "memory://"
    path = Path(url.database.removeprefix("file:").split("?")[0])  # SQLite's URI form too
    beside = path.with_name(f"{path.stem}-ratelimits{path.suffix or '.db'}")
    return PREFIX + url.set(database=str(beside), query={}).render_as_string(hide_password=False)


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_limit_counters`` table (SQLite or PostgreSQL)."""

    STORAGE_SCHEME = ["db+sqlite", "db+postgresql", "db+postgresql+psycopg"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.url = uri.removeprefix(PREFIX)
        self._next_sweep = 0.0

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @property
    def engine(self) -> Engine:
        return _engine(self.url)

    def incr(self, key: str, expiry: int | float, amount: int = 1) -> int:
        """Add ``amount`` to the counter (a fresh window when it has expired); the new count."""
        now = time.time()
        values = {"key": _stored(key), "amount": amount, "now": now, "until": now + expiry}
        with self.engine.connect() as conn:
            hits = conn.execute(_upsert(self.engine.dialect.name), values).scalar_one()
        if now >= self._next_sweep:
            self._sweep(now)
        return hits

    def get(self, key: str) -> int:
        hits = self._live(counters.c.hits, key)
        return hits or 0

    def get_expiry(self, key: str) -> float:
        """When the counter's window ends (now, for a counter that doesn't exist)."""
        expires_at = self._live(counters.c.expires_at, key)
        return expires_at if expires_at is not None else time.time()

    def clear(self, key: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(delete(counters).where(counters.c.key == _stored(key)))

    def reset(self) -> int | None:
        """Forget every counter; how many there were."""
        with self.engine.connect() as conn:
            return conn.execute(delete(counters)).rowcount

    def check(self) -> bool:
        """Whether the table answers (Flask-Limiter asks while it counts in memory instead)."""
        try:
            with self.engine.connect() as conn:
                conn.execute(select(counters.c.key).limit(1)).all()
        except SQLAlchemyError:
            return False
        return True

    def _live(self, column, key: str):
        query = select(column).where(
            counters.c.key == _stored(key), counters.c.expires_at > time.time()
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def _sweep(self, now: float) -> None:
        """Delete counters whose window is over, so the table holds only live ones."""
        self._next_sweep = now + SWEEP_EVERY_SECONDS
        with self.engine.connect() as conn:
            conn.execute(delete(counters).where(counters.c.expires_at <= now))


@cache
def _upsert(dialect_name: str) -> Insert:
    """INSERT … ON CONFLICT DO UPDATE … RETURNING: a new window when the old one is
    over, else one more in it. Built once: every write request runs it."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    insert = dialect.insert(counters).values(
        key=bindparam("key"), hits=bindparam("amount"), expires_at=bindparam("until")
    )
    expired = counters.c.expires_at <= bindparam("now", type_=Float)
    return insert.on_conflict_do_update(
        index_elements=[counters.c.key],
        set_={
            "hits": case(
                (expired, insert.excluded.hits), else_=counters.c.hits + insert.excluded.hits
            ),
            "expires_at": case((expired, insert.excluded.expires_at), else_=counters.c.expires_at),
        },
    ).returning(counters.c.hits)


def _stored(key: str) -> str:
    """The key as stored: itself, or a digest when it is too long for the column."""
    if len(key) <= MAX_KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _engine(url: str) -> Engine:
    engine = _engines.get(url)
    if engine is None:
        with _creating:  # threaded servers: one engine (and one CREATE TABLE) per URL
            engine = _engines.get(url)
            if engine is None:
                engine = _engines[url] = _create_engine(url)
    return engine


def _create_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() != "sqlite":
        # PostgreSQL: the table comes with the schema (migration 0005). A
        # count lost to a server crash does no harm, so commits don't wait
        # for the disk; a sync worker needs one connection at a time.
        return create_engine(
            url,
            isolation_level="AUTOCOMMIT",
            pool_pre_ping=True,
            pool_size=2,
            max_overflow=4,
            connect_args={"options": "-c synchronous_commit=off"},
        )
    # SQLite: pooled connections, like the forum's own. With a connection per
    # call each close is the last one, and SQLite then checkpoints and deletes
    # the WAL file every time: measured here, 6 ms a hit against 0.12 ms.
    engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=4)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # The file is the storage's own, not the schema's: it makes its table,
    # and every worker may be doing so at the same moment.
    with engine.connect() as conn:
        conn.execute(CreateTable(counters, if_not_exists=True))
        for index in counters.indexes:
            conn.execute(CreateIndex(index, if_not_exists=True))
    with suppress(OperationalError), engine.connect() as conn:
        # WAL: counting never waits for a reader. Needs a moment alone with
        # the file; if another worker holds it, that worker is switching it.
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    return engine


def _forget_inherited_pools() -> None:
    # A forked worker must not use its parent's pooled connections: two
    # processes on one socket corrupt each other's conversation.
    for engine in _engines.values():
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_pools)
