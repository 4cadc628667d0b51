"""Configuration: defaults here, then ``FORUM_``-prefixed environment variables.

Values that depend on the instance folder (database file, search index, dev
secret key) are filled in by :func:`finalize` once the app knows its paths.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

from forum import ratelimit_storage

MAX_IDLE_TIMEOUT = timedelta(hours=12)


class Defaults:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    # Last in, first out: a sync worker reuses its one warm connection (and
    # that connection's SQLite page cache); a second one, opened while the
    # first is busy, stays small and idle instead of being taken in turn.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "pool_use_lifo": True}
    SEARCH_INDEX_DIR: str | None = None
    # Unset: counted in the database, shared by every worker and host
    # (forum.ratelimit_storage); "redis://…" when Redis serves; "memory://"
    # counts in each process alone.
    RATELIMIT_STORAGE_URI: str | None = None
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # If Redis is unreachable, count in memory rather than fail every request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # A browser or address an account signed in from stays trusted this long
    # after its last sign-in: its tries count apart from strangers' (forum/auth/throttle.py).
    SIGN_IN_TRUST_DAYS = 90

    # Cookies: never readable by script, never sent cross-site on a POST.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    # A sign-in without "remember me" ends after this long without a request,
    # and after SESSION_LIFETIME whatever happens (OWASP ASVS 3.3.2 allows 12
    # hours at most for the idle timeout). Seconds from the environment.
    SESSION_IDLE_TIMEOUT = timedelta(hours=2)
    SESSION_LIFETIME = timedelta(hours=12)
    # The host names this site answers to (Flask's TRUSTED_HOSTS): any other
    # Host header is a 400, so absolute URLs never echo a forged one.
    # Required in production, e.g. FORUM_TRUSTED_HOSTS='["forum.example.org"]'.
    TRUSTED_HOSTS: list[str] | None = None

    MAX_CONTENT_LENGTH = 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # tied to the session, which already expires
    POSTS_PER_PAGE = 20
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # Each SQLite connection's page cache (SQLite's default is 2 MiB, per
    # connection and per worker). Database pages it doesn't hold come from the
    # operating system's file cache, which all workers share; a web page reads
    # a few dozen database pages.
    SQLITE_CACHE_KIB = 1024

    # What an author deletes stays readable to moderators this long (for
    # reports of abuse), then its words are erased (`flask content purge`).
    DELETED_RETENTION_DAYS = 30

    # Closing the loop (forum/notify, forum/mail, forum/followups). The worker
    # (`flask notify work`) waits this long between rounds when it is idle.
    NOTIFY_WORKER_INTERVAL = 5.0
    # Fan events out right after the commit that wrote them, in the same process
    # (tests, the embedded default); production leaves it to `flask notify work`.
    NOTIFY_INLINE = False
    NOTIFICATIONS_PER_PAGE = 30
    # "Is it still working?": asked this many months after a report that worked.
    FOLLOWUP_MONTHS = (3, 6)
    # A member who wants each notification by email gets at most one email this often.
    EMAIL_BATCH_MINUTES = 10
    # A send the mail server keeps refusing is retried with backoff, then given up.
    MAIL_GIVE_UP_AFTER_HOURS = 24
    # Sent and failed emails (whose words may quote posts) are deleted this long after.
    MAIL_KEEP_DAYS = 30
    # Flask-Mailman's own settings (FORUM_MAIL_BACKEND=smtp, FORUM_MAIL_SERVER,
    # FORUM_MAIL_PORT, FORUM_MAIL_USE_TLS, FORUM_MAIL_DEFAULT_SENDER, …). By
    # default mail is written as files to instance/mail/.
    MAIL_BACKEND = "file"
    MAIL_FILE_PATH: str | None = None
    MAIL_DEFAULT_SENDER = "Middle Ground <no-reply@middle-ground.invalid>"
    # Where this site is reached from outside: the base of every link in an
    # email (confirmation, password reset, unsubscribe), which is built by the
    # worker, away from any request (FORUM_SITE_URL=https://forum.example.org).
    SITE_URL = "http://127.0.0.1:5000"
    # How long an email confirmation link and a password reset link work.
    EMAIL_CONFIRM_HOURS = 48
    PASSWORD_RESET_MINUTES = 60

    # A member's own data (forum/export, forum/deletion). The privacy page
    # (templates/about/privacy.html) states each of these periods, and a test
    # holds it to them.
    # An export with at most this many posts and comments is built while the
    # member waits; a larger one by the worker, announced by a notification.
    EXPORT_INLINE_MAX = 200
    # A prepared export's download link works this long; then the file is deleted.
    EXPORT_LINK_HOURS = 24
    # Where prepared exports are written (default: instance/exports), each
    # readable by the app's user only, until its link expires.
    EXPORT_DIR: str | None = None
    # A deleted account's username can't be registered again for this long,
    # so nobody can take the name and pass as them.
    DELETED_NAME_DAYS = 30
    # Internet addresses kept with a sign-in (for abuse handling; never shown
    # to other members) are erased this long after it, whatever else remains.
    ADDRESS_RETENTION_DAYS = 30

    # Set to True in production; refuses to start without FORUM_SECRET_KEY.
    PRODUCTION = False
    # Packages loaded by name, each through its init_app(app) (forum/plugins.py);
    # FORUM_PLUGINS=moderation,search in the environment, empty for none.
    PLUGINS = ("moderation", "search")


def finalize(app: Flask) -> None:
    """Fill in defaults that live in the instance folder."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    cfg = app.config
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        cfg["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'forum.db'}"
    if not cfg.get("MAIL_FILE_PATH"):
        cfg["MAIL_FILE_PATH"] = str(instance / "mail")
    if not cfg.get("EXPORT_DIR"):
        cfg["EXPORT_DIR"] = str(instance / "exports")
    if not cfg.get("SEARCH_INDEX_DIR"):
        cfg["SEARCH_INDEX_DIR"] = str(instance / "search-index")
    if cfg.get("PRODUCTION"):
        # Behind HTTPS in production: cookies never travel in clear text.
        cfg["SESSION_COOKIE_SECURE"] = cfg["REMEMBER_COOKIE_SECURE"] = True
        if not cfg.get("TRUSTED_HOSTS"):
            raise RuntimeError(
                "FORUM_TRUSTED_HOSTS must be set in production, e.g. "
                """FORUM_TRUSTED_HOSTS='["forum.example.org"]'"""
            )
    for name in ("SESSION_IDLE_TIMEOUT", "SESSION_LIFETIME", "REMEMBER_COOKIE_DURATION"):
        if isinstance(cfg[name], int | float):
            cfg[name] = timedelta(seconds=cfg[name])
    if not timedelta(minutes=1) <= cfg["SESSION_IDLE_TIMEOUT"] <= MAX_IDLE_TIMEOUT:
        raise RuntimeError("FORUM_SESSION_IDLE_TIMEOUT must be from 60 seconds to 12 hours")
    if cfg["SESSION_LIFETIME"] < cfg["SESSION_IDLE_TIMEOUT"]:
        raise RuntimeError("FORUM_SESSION_LIFETIME can't be shorter than the idle timeout")
    if not cfg.get("SECRET_KEY"):
        if cfg.get("PRODUCTION"):
            raise RuntimeError("FORUM_SECRET_KEY must be set in production")
        cfg["SECRET_KEY"] = _dev_secret_key(instance / "dev-secret-key")
    # psycopg 3 is the only PostgreSQL driver we ship.
    uri = cfg["SQLALCHEMY_DATABASE_URI"]
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            cfg["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len(prefix) :]
    if not cfg.get("RATELIMIT_STORAGE_URI"):
        cfg["RATELIMIT_STORAGE_URI"] = ratelimit_storage.default_uri(cfg["SQLALCHEMY_DATABASE_URI"])


def _dev_secret_key(path: Path) -> str:
    """A random key kept in the instance folder, so dev sessions survive restarts."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
