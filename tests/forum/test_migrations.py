"""`flask db upgrade` builds the whole schema on an empty database, matching the models."""

import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from forum.extensions import db

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


@pytest.fixture
def empty_database_url(tmp_path):
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    # A database of its own: the shared test database holds create_all tables.
    name = f"mg_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_creates_every_table_and_loads_conditions(app, empty_database_url, tmp_path):
    result = _flask(empty_database_url, tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr

    engine = create_engine(empty_database_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        tables = set(inspect(engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM conditions")).scalar()
        assert count >= 25
    finally:
        engine.dispose()

    # The models and the migrations agree: nothing left to autogenerate.
    check = _flask(empty_database_url, tmp_path, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
