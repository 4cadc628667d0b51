"""Real deployments for the load, fault and several-host tests.

A :class:`Site` is one database (a temp SQLite file, or a fresh PostgreSQL
database created for the test and dropped after it when
``FORUM_TEST_DATABASE_URL`` is set, as for the rest of the suite) plus any
number of gunicorn servers on free ports, each with its own search index
directory if asked (one per "host"). Setup and checks run in this process
through an app on the same database; the servers are child processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bench.server import ROOT, Gunicorn
from forum import create_app
from forum.conditions.catalog import sync_conditions
from forum.extensions import db

PG_URL = os.environ.get("FORUM_TEST_DATABASE_URL")
BACKEND = "postgresql" if PG_URL else "sqlite"


def _admin_conninfo() -> str:
    """The server of FORUM_TEST_DATABASE_URL, its maintenance database."""
    url = make_url(PG_URL).set(drivername="postgresql", database="postgres")
    return url.render_as_string(hide_password=False)


class Site:
    """One forum deployment: a database, servers, and a CLI per host."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.pg_database: str | None = None
        if PG_URL:
            self.pg_database = f"mg_load_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.pg_database}"')
            self.database_url = (
                make_url(PG_URL)
                .set(database=self.pg_database)
                .render_as_string(hide_password=False)
            )
        else:
            self.database_url = f"sqlite:///{workdir / 'forum.db'}"
        self.servers: list[Gunicorn] = []
        self.app = create_app(self.config())
        self._apps = {"a": self.app}
        with self.app.app_context():
            db.create_all()
            sync_conditions()

    def index_dir(self, host: str = "a") -> Path:
        return self.workdir / f"index-{host}"

    def config(self, host: str = "a") -> dict:
        """The in-process app: for setup and for checking what the servers did."""
        return {
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SEARCH_INDEX_DIR": str(self.index_dir(host)),
            "SECRET_KEY": "load-test-secret",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }

    def app_for(self, host: str):
        """An in-process app that reads ``host``'s index (for checking it)."""
        if host not in self._apps:
            self._apps[host] = create_app(self.config(host))
        return self._apps[host]

    def env(self, host: str = "a", **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "FORUM_SQLALCHEMY_DATABASE_URI": self.database_url,
            "FORUM_SEARCH_INDEX_DIR": str(self.index_dir(host)),
            "FORUM_SECRET_KEY": "load-test-secret",
            "FORUM_RATELIMIT_ENABLED": "false",
            **extra,
        }

    def serve(self, host: str = "a", workers: int = 4, args: tuple = (), **env: str) -> Gunicorn:
        server = Gunicorn(
            "wsgi:app",
            self.env(host, **env),
            workers=workers,
            args=("--max-requests", "0", *args),
            log=self.workdir / f"gunicorn-{host}.log",
        )
        self.servers.append(server)
        return server.start(probe="/conditions")

    def flask(self, *args: str, host: str = "a", timeout: float = 120, **env: str):
        """Run ``flask --app wsgi ARGS`` as the host's CLI would."""
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env(host, **env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def log(self, host: str = "a") -> str:
        path = self.workdir / f"gunicorn-{host}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def close(self) -> None:
        for server in self.servers:
            server.stop()
        for app in self._apps.values():
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        if self.pg_database:
            with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')


@pytest.fixture
def site(tmp_path):
    deployment = Site(tmp_path)
    try:
        yield deployment
    finally:
        deployment.close()
