"""Migrations build the schema on an empty database and keep a used one's rows.

Each test runs on a SQLite file and, with FORUM_TEST_DATABASE_URL set, on a
PostgreSQL database of its own, through `flask --app wsgi db ...` as an
operator would.
"""

import os
import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import create_engine, inspect, text

from forum.extensions import db
from tests.forum import migration_history as history

PG_URL = os.environ.get("FORUM_TEST_DATABASE_URL")


def _flask(env_url: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "FORUM_SQLALCHEMY_DATABASE_URI": env_url,
        "FORUM_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "FORUM_SECRET_KEY": "migration-test",
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _migrate(url: str, tmp_path, *args: str) -> None:
    result = _flask(url, tmp_path, "db", *args)
    assert result.returncode == 0, f"flask db {' '.join(args)}:\n{result.stderr[-3000:]}"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    if not PG_URL:
        pytest.skip("FORUM_TEST_DATABASE_URL is not set")
    # A database of its own: the shared test database holds create_all tables.
    name = f"mg_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def engine(empty_database_url):
    """An engine of our own: plain SQL, none of the app's connection set-up."""
    engine = create_engine(empty_database_url.replace("postgresql://", "postgresql+psycopg://"))
    yield engine
    engine.dispose()


def test_upgrade_creates_every_table_and_loads_conditions(
    app, empty_database_url, engine, tmp_path
):
    _migrate(empty_database_url, tmp_path, "upgrade")

    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= tables
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM conditions")).scalar()
    assert count >= 25

    # The models and the migrations agree: nothing left to autogenerate.
    check = _flask(empty_database_url, tmp_path, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr


# Columns 0004 changes on purpose; checked on their own below.
_CHANGED_BY_0004 = {"posts": {"status"}, "comments": {"status"}, "flags": {"status", "resolved_at"}}


def _snapshot(engine, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of the given tables, in those columns (less what 0004 changes), in order."""
    out = {}
    with engine.connect() as conn:
        for name, names in columns.items():
            kept = [c for c in names if c not in _CHANGED_BY_0004.get(name, ())]
            table = sa.table(name, *(sa.column(c) for c in kept))
            out[name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*table.c))]
    return out


def _counts(snapshot: dict[str, list[tuple]]) -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot.items()}


def _statuses(engine, name: str) -> dict[int, str]:
    table = sa.table(name, sa.column("id"), sa.column("status"))
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(table.c.id, table.c.status)).all())


def _assert_sorted_as_0004_sorts(engine) -> None:
    assert _statuses(engine, "posts") == history.POST_STATUS_AFTER_0004
    assert _statuses(engine, "comments") == history.COMMENT_STATUS_AFTER_0004
    assert _statuses(engine, "flags") == history.FLAG_STATUS_AFTER_0004
    with engine.connect() as conn:
        for name in ("posts", "comments"):
            table = sa.table(name, *(sa.column(c) for c in ("status", "deleted_at", "updated_at")))
            for status, deleted_at, updated_at in conn.execute(sa.select(table)):
                assert deleted_at == (updated_at if status == "deleted" else None)
        flags = sa.table("flags", sa.column("status"), sa.column("resolved_at"))
        for status, resolved_at in conn.execute(sa.select(flags)):
            assert (resolved_at is None) == (status == "open")
        sessions = sa.table("login_sessions", sa.column("remember"))
        assert not any(conn.scalars(sa.select(sessions.c.remember)))


def test_migrations_keep_every_row_of_a_used_database(empty_database_url, engine, tmp_path):
    _migrate(empty_database_url, tmp_path, "upgrade", "0003")
    history.insert(engine)
    insp = inspect(engine)
    columns = {
        name: [c["name"] for c in insp.get_columns(name)]
        for name in insp.get_table_names()
        if name != "alembic_version"
    }
    before = _snapshot(engine, columns)
    assert all(before.values()), "every table at 0003 holds rows"

    _migrate(empty_database_url, tmp_path, "upgrade")
    after = _snapshot(engine, columns)
    assert _counts(after) == _counts(before)
    assert after == before
    _assert_sorted_as_0004_sorts(engine)

    _migrate(empty_database_url, tmp_path, "downgrade", "0003")
    assert _snapshot(engine, columns) == before
    for name in ("posts", "comments", "flags"):
        expected = history.STATUS_AT_0003[name]
        if name == "flags":  # closed stays closed: they were closed for good
            expected = history.FLAG_STATUS_AFTER_0004
        assert _statuses(engine, name) == expected

    _migrate(empty_database_url, tmp_path, "upgrade")
    assert _snapshot(engine, columns) == before
    _assert_sorted_as_0004_sorts(engine)


def test_a_broken_reference_stops_a_sqlite_migration(tmp_path):
    # Foreign keys are off while SQLite migrates (else rebuilding a table
    # deletes what cascades from it), so a step that orphans rows must say so.
    url = f"sqlite:///{tmp_path / 'broken.db'}"
    _migrate(url, tmp_path, "upgrade", "0003")
    engine = create_engine(url)  # SQLite's default: references not enforced
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO login_sessions (id, user_id, sid, created_at) "
                    "VALUES (7, 99, 'orphan', '2026-11-02 09:00:00')"
                )
            )

        result = _flask(url, tmp_path, "db", "upgrade")
        assert result.returncode != 0
        assert "login_sessions row 7 refers to a missing users row" in result.stderr
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "0003"  # the step was rolled back
    finally:
        engine.dispose()
