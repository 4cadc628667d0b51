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
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from werkzeug.routing import Rule

from forum import create_app
from forum.conditions.catalog import sync_conditions
from forum.config import Defaults
from forum.extensions import db
from forum.plugins import plugin_names


def _worker_database(url: str | None) -> str | None:
    """Under pytest-xdist (``make test`` runs two workers), each worker empties
    and fills a PostgreSQL database of its own: FORUM_TEST_DATABASE_URL's name
    with the worker's id after it (``…_gw0``), created when missing. The
    environment variable is pointed at it, so the tests and fixtures that read
    it (and the processes they start) use the worker's database and server."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = base.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    mine = base.set(database=name).render_as_string(hide_password=False)
    os.environ["FORUM_TEST_DATABASE_URL"] = mine
    return mine


TEST_DATABASE_URL = _worker_database(os.environ.get("FORUM_TEST_DATABASE_URL"))


def _drop_worker_database() -> None:
    """A worker's own database goes when the worker is done (CI drops only its own)."""
    if not TEST_DATABASE_URL or not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(TEST_DATABASE_URL)
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


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


# Under pytest-xdist (``make test``: ``-n auto --dist loadgroup``) the tests of
# each of these folders run one after another on one worker: the browser tests
# share one live server and one Chromium per worker, and the load and benchmark
# tests start servers and measure them, so two of theirs at once would only make
# each slower. Everything else is handed out a test at a time, largest groups first.
SERIAL_FOLDERS = ("e2e", "load", "bench")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """loadgroup's scheduler, grouping by folder. xdist's own loadgroup reads
    ``xdist_group`` marks by renaming each item's node id, which pytest 9 no
    longer lets it do (the marks are silently ignored), so the controller
    groups by the node id's folder itself, and still honours a ``name@group`` id."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FolderGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if "@" in nodeid:
                return nodeid.rsplit("@")[-1]
            parts = nodeid.split("/")
            if len(parts) > 2 and parts[0] == "tests" and parts[1] in SERIAL_FOLDERS:
                return parts[1]
            return nodeid

    return FolderGroups(config, log)


@pytest.hookimpl(trylast=True)  # after the session's fixtures are torn down
def pytest_sessionfinish(session):
    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # an xdist worker: its part of the browser tests' summary
        from tests.e2e import summary

        output["e2e"] = summary.export()
        _drop_worker_database()


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's, in the controller
def pytest_testnodedown(node, error):
    from tests.e2e import summary

    summary.merge(getattr(node, "workeroutput", {}).get("e2e"))


def pytest_terminal_summary(terminalreporter):
    from tests.e2e import summary

    summary.write(terminalreporter)


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


class _SharedTemplateCode(BytecodeCache):
    """Compiled templates shared by every test app in the session.

    Each test builds a new app, so a new Jinja environment that would compile
    every template it renders again: more time than most tests take otherwise.
    Jinja checks each template's source checksum, and the key holds what else
    shapes the compiled code (the environment's syntax settings, extensions,
    filters and tests, which plugins change), so nothing stale is ever used.
    """

    def __init__(self) -> None:
        self._code: dict = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        settings = (
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.keep_trailing_newline,
            environment.newline_sequence,
            environment.optimized,
            environment.is_async,
            tuple(sorted(environment.extensions)),
            tuple(sorted(environment.filters)),
            tuple(sorted(environment.tests)),
        )
        bucket = Bucket(environment, (settings, name, filename), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self._code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[(bucket.key, bucket.checksum)] = bucket.code


_TEMPLATE_CODE = _SharedTemplateCode()


def _share_url_builders() -> None:
    """Werkzeug writes and compiles a Python function to build each URL rule's
    addresses, for every rule of every app: most of ``create_app``'s time, and
    each test builds apps. The function reads nothing but its arguments and the
    rule it is bound to (``.self``); it is shaped by the rule's text, trace and
    defaults, so rules alike in those share one. Only on the Werkzeug checked.
    """
    compile_builder = Rule._compile_builder
    built: dict = {}

    def _compile_builder(self, append_unknown=True):
        defaults = self.defaults or {}
        dynamic = {data for is_dynamic, data in self._trace if is_dynamic}
        key = (
            self.rule,
            tuple(self._trace),
            append_unknown,
            tuple(
                (name, self._converters[name].to_url(value) if name in dynamic else None)
                for name, value in defaults.items()
            ),
        )
        if key not in built:
            built[key] = compile_builder(self, append_unknown)
        return built[key]

    Rule._compile_builder = _compile_builder


if version("werkzeug").startswith("3.1."):
    _share_url_builders()

_sqlite_templates: dict[frozenset[str], Path] = {}


def _fresh_sqlite(templates_dir: Path) -> None:
    """A new SQLite file with the schema and catalogue: built once per set of
    tables (plugins add theirs) and copied for each test, which is far cheaper
    than create_all and the catalogue sync every time."""
    name = db.engine.url.database
    target = Path(name) if name and name != ":memory:" and "mode=memory" not in name else None
    if target is None or target.exists():  # not a new file: as create_all would
        db.create_all()
        sync_conditions()
        return
    key = frozenset(db.metadata.tables)
    template = _sqlite_templates.get(key)
    if template is not None:
        db.engine.dispose()  # nothing may have the file open while it is written
        shutil.copyfile(template, target)
        return
    db.create_all()
    sync_conditions()
    db.session.remove()
    db.engine.dispose()  # the last connection folds the WAL into the file
    template = templates_dir / f"schema-{len(_sqlite_templates)}.db"
    shutil.copyfile(target, template)
    _sqlite_templates[key] = template


def _reset_database(templates_dir: Path) -> None:
    """An empty forum with the condition catalogue."""
    global _schema_ready
    if not TEST_DATABASE_URL:
        _fresh_sqlite(templates_dir)
        return
    if not _schema_ready:
        db.drop_all()
        db.create_all()
        _schema_ready = True
    try:
        db.session.connection().exec_driver_sql(_emptying_statements())
    except DBAPIError:  # a table outside the models refers to one: TRUNCATE cascades
        db.session.rollback()
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()
    sync_conditions()


_emptying: dict[frozenset[str], str] = {}


def _emptying_statements() -> str:
    """What TRUNCATE … RESTART IDENTITY does, as DELETEs (children first) and
    sequence restarts: TRUNCATE makes new files for every table each time,
    ~0.6 s a test, where deleting the few rows a test made takes milliseconds."""
    key = frozenset(db.metadata.tables)
    if key not in _emptying:
        tables = [table.name for table in db.metadata.sorted_tables]
        sequences = db.session.scalars(
            text(
                "SELECT s.oid::regclass::text FROM pg_class s"
                " JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')"
                " JOIN pg_class t ON t.oid = d.refobjid"
                " WHERE s.relkind = 'S' AND t.relname = ANY(:tables)"
            ),
            {"tables": tables},
        ).all()
        _emptying[key] = "; ".join(
            [f'DELETE FROM "{name}"' for name in reversed(tables)]  # noqa: S608 (our models' names)
            + [f"ALTER SEQUENCE {name} RESTART" for name in sequences]
        )
    return _emptying[key]


@pytest.fixture(scope="session")
def _sqlite_templates_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("schema")


@pytest.fixture
def make_app(tmp_path, _sqlite_templates_dir):
    """Build an app with extra config; the database is reset once per test."""
    built = []

    def _make(**overrides):
        app = create_app({**_app_config(tmp_path), **overrides})
        app.jinja_env.bytecode_cache = _TEMPLATE_CODE
        if not built:
            with app.app_context():
                _reset_database(_sqlite_templates_dir)
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
        """Sign in; when the account asks for a second step (staff, by default), type
        the app's current code, so a test signs staff in with one call."""
        response = self._client.post(
            "/auth/login", data={"username": username, "password": password, **extra}
        )
        if response.status_code == 302 and response.location.endswith("/auth/second-factor"):
            response = self._client.post(
                "/auth/second-factor", data={"code": self.code_for(username)}
            )
        return response

    def code_for(self, login: str) -> str:
        """The account's current app code, as if a fresh one had just appeared.

        A code can't be used twice in its 30 seconds, and tests sign the same
        account in many times a second: forgetting the last step used here keeps
        each sign-in independent (tests of reuse post to the form directly).
        """
        from forum.services import accounts
        from tests.factories import current_code

        with self._client.application.app_context():
            user = accounts.find_account(login)
            user.totp_last_step = None
            db.session.commit()
            return current_code(user.totp_secret)

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
