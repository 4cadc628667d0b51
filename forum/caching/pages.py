"""Whole pages for readers who aren't signed in, cached until anything is written.

Most visits to a forum come from people reading without an account, and they
all get the same HTML for the same address. Each worker keeps the pages it
rendered for them, keyed by address and by the database's *data version*: a
value that changes whenever any transaction commits, in any process on any
host. A cached page is therefore never older than the data it shows; the
first read after a write renders afresh.

- SQLite: ``PRAGMA data_version`` changes when another connection commits;
  commits through this process's own connections bump a counter here.
- PostgreSQL: the transaction snapshot (``pg_current_snapshot()``). Two equal
  snapshots see exactly the same committed transactions, so the same data.

Only requests that carry no session or remember-me cookie and no
``Authorization`` header are served from or stored in the cache, and only
``200`` responses that set no cookie, and only for the forum's own
:data:`ENDPOINTS` and those plugins declare with
``app.extensions["forum"].register_cacheable(endpoint, key_part)``
(``forum/plugins.py``); a page whose content depends on more than the
database (search's, on the index) passes a ``key_part`` whose value joins its key.

:func:`remember` keeps costly reads every viewer shares (how many posts a
listing has) the same way, for signed-in members too.

``PAGE_CACHE_ENABLED`` and ``QUERY_CACHE_ENABLED`` turn them off (both are
off by default in tests, which change config between requests);
``PAGE_CACHE_MAX_BYTES`` bounds the pages' memory per worker.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask, Response, current_app, g, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.security import carries_credentials

# The forum's pages everyone sees alike; anything else (forms, account pages)
# is never cached. Plugins add theirs to the registry (forum/plugins.py).
ENDPOINTS = frozenset({
    "posts.home", "posts.show", "conditions.index", "conditions.show", "users.profile",
    # What's working and its open data (forum/conditions/working.py, open_data.py).
    "conditions.outcomes_csv", "conditions.outcomes_json", "api.condition_summary",
    "tags.show",
    "api.list_posts", "api.get_post", "api.list_conditions",
    # Atom feeds (forum/feeds/): the same public content for every reader.
    "feeds.latest", "feeds.condition", "feeds.tag", "feeds.comments", "feeds.member",
})  # fmt: skip
_MAX_PAGE_BYTES = 512 * 1024
_MAX_VALUES = 2000
_MISSING = object()
_EXTENSION = "forum.page_cache"


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class PageCache:
    """One worker's pages, least recently used first; emptied when the data changes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.version: object = None
        self.pages: OrderedDict[tuple, CachedPage] = OrderedDict()
        self.values: OrderedDict[Hashable, object] = OrderedDict()
        self.size = 0
        self.local_commits = 0  # commits through this process's own SQLite connections
        self.values_enabled = True
        self._lock = threading.Lock()

    def _check(self, version: object) -> bool:
        """True if the data is as it was; otherwise forget everything (lock held)."""
        if version == self.version:
            return True
        self.pages.clear()
        self.values.clear()
        self.size, self.version = 0, version
        return False

    def get(self, version: object, key: tuple) -> CachedPage | None:
        with self._lock:
            if not self._check(version):
                return None
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, version: object, key: tuple, page: CachedPage) -> None:
        with self._lock:
            if version != self.version or key in self.pages:
                return  # rendered from data that has changed since; don't keep it
            self.pages[key] = page
            self.size += len(page.body)
            while self.size > self.max_bytes and self.pages:
                _, old = self.pages.popitem(last=False)
                self.size -= len(old.body)

    def value(self, version: object, key: Hashable) -> object:
        with self._lock:
            if not self._check(version) or key not in self.values:
                return _MISSING
            self.values.move_to_end(key)
            return self.values[key]

    def keep(self, version: object, key: Hashable, value: object) -> None:
        with self._lock:
            if version == self.version:
                self.values[key] = value
                while len(self.values) > _MAX_VALUES:
                    self.values.popitem(last=False)

    def bump(self) -> None:
        with self._lock:
            self.local_commits += 1


_SEEN = "data_version"  # raw.info: the last PRAGMA data_version read on that connection
_BEGAN_AT = "forum.began_at"  # raw.info: this process's commit count as its transaction began
_COMMITTED_AT = "forum.committed_at"  # raw.info: the count as its last commit started


def _saw_new_commits(cache: PageCache, raw) -> bool:
    """SQLite: read ``PRAGMA data_version`` on ``raw``; True (and counted) if
    another connection committed since this one last read it. The values are
    per connection, so each connection keeps its own."""
    cursor = raw.cursor()
    try:
        cursor.execute("PRAGMA data_version")
        seen = cursor.fetchone()[0]
    finally:
        cursor.close()
    if raw.info.get(_SEEN) == seen:
        return False
    raw.info[_SEEN] = seen
    cache.bump()
    return True


def _pg_snapshot(raw) -> str:
    cursor = raw.cursor()
    try:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]
    finally:
        cursor.close()


def data_version(cache: PageCache, connection) -> object:
    """A value that differs whenever committed data may differ (see the module
    doc), read now on ``connection`` (a pooled DBAPI connection, outside any
    transaction): whatever is read after this is at least as new."""
    if db.engine.dialect.name == "postgresql":
        return _pg_snapshot(connection)
    if db.engine.dialect.name != "sqlite":
        return None  # unknown engine: never cache
    _saw_new_commits(cache, connection)
    return cache.local_commits


def snapshot_version(cache: PageCache) -> object:
    """The version of the data the session's transaction sees, read on its own
    connection and in that transaction, so a value computed through the
    session is never kept under a version newer than what it was computed
    from; None when that can't be told (then nothing is kept).

    - PostgreSQL: the snapshot of this statement; the value's statements come
      after it, so they see at least as much.
    - SQLite: a transaction sees the data as of its first read, which may be
      long before this call and before other threads' commits, so the process
      counter now could be newer than that. The key is the counter as the
      transaction began (noted by the ``begin`` listener, before any read), and
      nothing is kept if another connection committed between this
      connection's last look and this transaction's snapshot.
    """
    raw = db.session.connection().connection  # begins the transaction if need be
    if db.engine.dialect.name == "postgresql":
        return _pg_snapshot(raw)
    if db.engine.dialect.name != "sqlite":
        return None
    began_at = raw.info.get(_BEGAN_AT)
    if _saw_new_commits(cache, raw) or began_at is None:
        return None
    return began_at


def _cacheable_request() -> bool:
    if request.method != "GET" or request.endpoint not in current_app.extensions["forum"].cacheable:
        return False
    return not carries_credentials()


def _key() -> tuple:
    part = current_app.extensions["forum"].cacheable[request.endpoint]
    return (request.host_url, request.full_path, part() if part else None)


def _serve_cached() -> Response | None:
    if not _cacheable_request():
        return None
    cache: PageCache = current_app.extensions[_EXTENSION]
    # A pooled connection of its own, outside the session: a hit then costs no
    # transaction at all. A miss renders from a snapshot taken after this one,
    # so what is kept is never older than its key.
    try:
        raw = db.engine.raw_connection()
        try:
            version = data_version(cache, raw)
        finally:
            raw.close()
    except db.engine.dialect.loaded_dbapi.Error as exc:
        # Below the engine the driver's own errors arrive unwrapped; wrap them
        # so the database being down is the friendly 503 (forum.errors).
        raise OperationalError("PRAGMA data_version / pg_current_snapshot()", None, exc) from exc
    if version is None:
        return None
    key = _key()
    page = cache.get(version, key)
    if page is not None:
        response = Response(page.body, status=page.status, headers=list(page.headers))
        # A page kept with its ETag (a feed) answers a reader who has it with a 304.
        return response.make_conditional(request) if "ETag" in response.headers else response
    g.page_cache_slot = (version, key)
    return None


def _store(response: Response) -> Response:
    slot = g.pop("page_cache_slot", None)
    if slot is None or response.status_code != 200 or response.direct_passthrough:
        return response
    if session.modified or "Set-Cookie" in response.headers:
        return response  # something personal happened; never share it
    body = response.get_data()
    if len(body) <= _MAX_PAGE_BYTES:
        headers = tuple((k, v) for k, v in response.headers.items() if k != "Content-Length")
        current_app.extensions[_EXTENSION].put(*slot, CachedPage(200, headers, body))
    return response


T = TypeVar("T")


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or the value it returned earlier in this worker if no
    transaction has committed since (for costly reads shared by every viewer,
    such as how many posts a listing has).

    The value is kept under the version of the data this session's
    transaction sees (:func:`snapshot_version`), read before ``compute()``
    runs in the same transaction: a request whose snapshot predates another
    thread's commit computes the old value and keeps it, if at all, under the
    old version, where no later reader looks."""
    cache: PageCache | None = current_app.extensions.get(_EXTENSION)
    if cache is None or not cache.values_enabled:
        return compute()
    version = snapshot_version(cache)
    if version is None:
        return compute()
    value = cache.value(version, key)
    if value is _MISSING:
        value = compute()
        cache.keep(version, key, value)
    return value  # type: ignore[return-value]


_live_caches: weakref.WeakSet[PageCache] = weakref.WeakSet()


def _after_any_commit(session: Session) -> None:
    for cache in list(_live_caches):
        cache.bump()


def _count_local_commits(engine: Engine, cache: PageCache) -> None:
    """PRAGMA data_version ignores a connection's own commits; count them here,
    as the commit starts and again once it is done (so a page another thread
    renders in between is not kept under the new count). A commit outside the
    session (no ``after_commit``) is counted again when its connection next
    begins a transaction, unless something was counted since.
    Each transaction notes the count as it begins, before it reads anything
    (:func:`snapshot_version`)."""

    def on_commit(conn) -> None:
        cache.bump()
        conn.connection.info[_COMMITTED_AT] = cache.local_commits

    def on_begin(conn) -> None:
        info = conn.connection.info
        if info.pop(_COMMITTED_AT, None) == cache.local_commits:
            cache.bump()  # not counted since it started: a commit outside the session
        info[_BEGAN_AT] = cache.local_commits

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "begin", on_begin)
    _live_caches.add(cache)
    if not event.contains(Session, "after_commit", _after_any_commit):
        event.listen(Session, "after_commit", _after_any_commit)


def init_app(app: Flask) -> None:
    registry = app.extensions["forum"]
    for endpoint in ENDPOINTS:
        registry.register_cacheable(endpoint)
    app.config.setdefault("PAGE_CACHE_ENABLED", not app.testing)
    app.config.setdefault("QUERY_CACHE_ENABLED", not app.testing)
    app.config.setdefault("PAGE_CACHE_MAX_BYTES", 8 * 1024 * 1024)
    pages, values = app.config["PAGE_CACHE_ENABLED"], app.config["QUERY_CACHE_ENABLED"]
    if not (pages or values):
        return
    cache = app.extensions[_EXTENSION] = PageCache(app.config["PAGE_CACHE_MAX_BYTES"])
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _count_local_commits(db.engine, cache)
    if not values:
        cache.values_enabled = False
    if pages:
        # First in line: a hit skips the limiter, the user loader and the view.
        app.before_request_funcs.setdefault(None, []).insert(0, _serve_cached)
        # Last in line: it sees the response as it will leave (cookies, headers).
        app.after_request_funcs.setdefault(None, []).insert(0, _store)
