"""An empty database for a benchmark run at tiny size: a temp SQLite file, or a
fresh PostgreSQL database (dropped afterwards) when FORUM_TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("FORUM_TEST_DATABASE_URL")


@pytest.fixture
def empty_database_url(tmp_path):
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'bench.db'}"
        return
    name = f"mg_bench_{uuid.uuid4().hex[:12]}"
    admin = make_url(PG_URL).set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
