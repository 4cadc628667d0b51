"""Shared fixtures: a fresh app and database per test.

SQLite by default (a new file per test). With FORUM_TEST_DATABASE_URL set, the
schema is created once on that PostgreSQL database and every table is emptied
before each test.

Test apps load the plugins named in FORUM_TEST_PLUGINS (a comma list, empty for
none; default: the app's default PLUGINS), so the forum's tests can run without
search or moderation: ``FORUM_TEST_PLUGINS=moderation pytest tests/forum``.
Tests under tests/moderation and tests/search, and tests marked
``@pytest.mark.needs_plugin("name", …)``, are skipped when a plugin they need
isn't loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from forum import create_app
from forum.conditions.catalog import sync_conditions
from forum.config import Defaults
from forum.extensions import db
from forum.plugins import plugin_names

TEST_DATABASE_URL = os.environ.get("FORUM_TEST_DATABASE_URL")
TEST_PLUGINS = tuple(plugin_names(os.environ.get("FORUM_TEST_PLUGINS", ",".join(Defaults.PLUGINS))))
_schema_ready = False
_TESTS = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "needs_plugin(*names): skipped unless test apps load these plugins (FORUM_TEST_PLUGINS)",
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(item.path).resolve()
        top = path.relative_to(_TESTS).parts[0] if path.is_relative_to(_TESTS) else None
        if top in ("moderation", "search"):  # each plugin's own tests
            item.add_marker(pytest.mark.needs_plugin(top))


def pytest_runtest_setup(item):
    for mark in item.iter_markers("needs_plugin"):
        missing = [name for name in mark.args if name not in TEST_PLUGINS]
        if missing:
            pytest.skip(
                f"needs the {' and '.join(missing)} plugin; "
                f"FORUM_TEST_PLUGINS={','.join(TEST_PLUGINS)!r}"
            )


def _app_config(tmp_path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.db'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PLUGINS": TEST_PLUGINS,
        # Flask-Mailman's in-memory backend (flask_mailman's ``mail.outbox``);
        # tests that need a real SMTP server take the ``mail_server`` fixture.
        "MAIL_BACKEND": "locmem",
        "MAIL_FILE_PATH": str(tmp_path / "mail"),
        # Events become notifications right after their commit, so a test reads
        # them at once; tests of the worker itself set it False.
        "NOTIFY_INLINE": True,
    }


def _reset_database() -> None:
    global _schema_ready
    if not TEST_DATABASE_URL:
        db.create_all()
        return
    if not _schema_ready:
        db.drop_all()
        db.create_all()
        _schema_ready = True
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def make_app(tmp_path):
    """Build an app with extra config; the database is reset once per test."""
    built = []

    def _make(**overrides):
        app = create_app({**_app_config(tmp_path), **overrides})
        if not built:
            with app.app_context():
                _reset_database()
                sync_conditions()
        built.append(app)
        return app

    yield _make
    for app in built:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def mail_server():
    """A real SMTP server (aiosmtpd) on a free port: ``make_app(**mail_server.config)``."""
    from tests.mailserver import MailServer

    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Signs a test client in and out through the real forms."""

    def __init__(self, client):
        self._client = client

    def login(self, username: str, password: str = "correct horse battery staple", **extra):
        return self._client.post(
            "/auth/login", data={"username": username, "password": password, **extra}
        )

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
