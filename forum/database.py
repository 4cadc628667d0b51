"""Engine set-up that depends on the database in use.

SQLite: WAL and a busy timeout, and we issue BEGIN ourselves so that a request
that will write takes the write lock up front (``BEGIN IMMEDIATE``). Under
several workers, deferred transactions that read and then write fail with
"database is locked" (docs/architecture.md, "SQLite locking"); immediate ones wait their turn.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from forum.extensions import db

_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def wants_write_lock() -> bool:
    """Whether this work starts its transactions holding SQLite's write lock."""
    if has_request_context():
        return request.method not in _READ_ONLY_METHODS
    return True  # CLI and background work: assume a write


def configure_sqlite(engine: Engine, busy_timeout_ms: int, cache_kib: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        # Take control of BEGIN away from the sqlite3 driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{int(cache_kib)}")  # negative: in KiB
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if wants_write_lock() else "BEGIN")


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(
                engine, app.config["SQLITE_BUSY_TIMEOUT_MS"], app.config["SQLITE_CACHE_KIB"]
            )
