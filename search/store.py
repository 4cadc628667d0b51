"""The index directory: opening it, its one writer lock, and how far it has synced.

Whoosh allows one writer at a time through an ``flock`` on ``MAIN_WRITELOCK``.
The kernel drops an ``flock`` when its process dies, so a ``kill -9`` leaves no
stale lock, only temporary files, which :func:`recover` clears while holding it.

The sync cursor lives next to the index (``sync-state.json``), not in the
database: each host keeps its own index, so each index records its own progress.
It is written after the index commits, so a crash in between only means some
outbox rows are applied twice, which is harmless.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.searching import Searcher
from whoosh.util.filelock import try_for
from whoosh.writing import SegmentWriter

from search import whoosh_internals
from search.index.schema import SCHEMA_VERSION, build_schema

STATE_FILE = "sync-state.json"
LOCK_NAME = "MAIN_WRITELOCK"
# Whoosh errors that mean "can't use the index now" (its IndexError is its own class).
INDEX_ERRORS = (OSError, index.IndexError, EOFError)


SCHEMA = build_schema()


class SearchUnavailable(RuntimeError):
    """The index can't be read or written just now; the database is unaffected."""


@dataclass
class SyncState:
    """How far this index has applied the outbox.

    ``high`` is the largest outbox id applied. ``gaps`` are smaller ids not seen
    yet, with when they were first missed: on PostgreSQL a transaction can take
    an id, commit after a later id was applied, and must still be picked up.
    """

    high: int = 0
    gaps: dict[int, float] = field(default_factory=dict)
    synced_at: float | None = None
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> str:
        return json.dumps(
            {
                "high": self.high,
                "gaps": {str(k): v for k, v in sorted(self.gaps.items())},
                "synced_at": self.synced_at,
                "schema_version": self.schema_version,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> SyncState:
        data = json.loads(text)
        return cls(
            high=int(data["high"]),
            gaps={int(k): float(v) for k, v in data.get("gaps", {}).items()},
            synced_at=data.get("synced_at"),
            schema_version=int(data.get("schema_version", 0)),
        )


def index_dir() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


def _storage(path: Path) -> FileStorage:
    # Read with plain reads, not memory maps: every page of the index a worker
    # had ever touched through a map stayed in its resident memory (about
    # 8 MB at 100,000 posts after two searches), while read() leaves those
    # pages to the kernel's shared page cache. Searches measured no slower,
    # as search.whoosh_internals reads posting lists a block at a time.
    return FileStorage(str(path), supports_mmap=False)


def _open(path: Path, attempts: int = 5) -> FileIndex | None:
    if not path.exists():
        return None
    for attempt in range(attempts):
        try:
            # Our schema, not the one Whoosh pickled into the index: unpickling
            # would break on any rename in search.index.schema.
            return _storage(path).open_index(schema=SCHEMA)
        except index.EmptyIndexError:
            return None
        except FileNotFoundError:
            # Another process committed and removed the generation we found.
            if attempt == attempts - 1 or not path.is_dir():
                raise
            time.sleep(0.005 * 2**attempt)
    return None


def open_index(create: bool = True) -> FileIndex:
    """The index, created empty (with a fresh cursor) the first time it is needed."""
    path = index_dir()
    try:
        ix = _open(path)
        if ix is not None:
            return ix
        if not create:
            raise SearchUnavailable(f"No search index in {path}")
        path.mkdir(parents=True, exist_ok=True)
        with _raw_lock(path, wait=10.0) as locked:
            if not locked:
                raise SearchUnavailable("The search index is being created elsewhere")
            if _open(path) is None:  # another process may have won the race
                index.create_in(str(path), SCHEMA)
                write_state(SyncState(), path)
        return _storage(path).open_index(schema=SCHEMA)
    except INDEX_ERRORS as exc:
        raise SearchUnavailable(str(exc)) from exc


# Open searchers, one per thread and index directory: opening one reads the
# table of contents and every segment's term tables, several milliseconds at
# 100,000 posts. Reused until the index commits a new generation.
_SEARCHERS_PER_THREAD = 4


class _OpenSearchers(dict):
    """One thread's searchers by index directory; closed when the thread ends."""

    def __del__(self) -> None:
        for _ix, _version, found in self.values():
            with suppress(Exception):
                found.close()


class _PerThread(threading.local):
    def __init__(self) -> None:
        self.by_path = _OpenSearchers()


_searchers = _PerThread()


def _forget_searchers() -> None:
    # A forked child (gunicorn worker, rebuild helper) opens its own: file
    # offsets are shared with the parent's open files.
    global _searchers
    _searchers = _PerThread()


os.register_at_fork(after_in_child=_forget_searchers)


@contextmanager
def searcher(attempts: int = 5) -> Iterator[Searcher]:
    """A searcher on the latest commit.

    A commit in another process deletes the files of the generation it
    replaces; opening right then can fail, and opening again succeeds.
    """
    for attempt in range(attempts):
        try:
            opened = _latest_searcher()
            break
        except (SearchUnavailable, *INDEX_ERRORS) as exc:
            if attempt == attempts - 1 or not index_dir().is_dir():
                raise SearchUnavailable(str(exc)) from exc
            time.sleep(0.005 * 2**attempt)
    yield opened


def _latest_searcher() -> Searcher:
    path = index_dir()
    cache = _searchers.by_path
    cached = cache.pop(path, None)
    if cached is not None:
        ix, version, found = cached
        with suppress(*INDEX_ERRORS):
            if _version(ix, path) == version:
                cache[path] = cached
                return found
        found.close()
    while len(cache) >= _SEARCHERS_PER_THREAD:  # tests open many indexes: close the oldest
        cache.pop(next(iter(cache)))[2].close()
    ix = open_index()
    # Read before opening: a commit in between leaves the searcher newer than
    # the version recorded, and the next search merely opens again.
    version = _version(ix, path)
    found = ix.searcher()
    cache[path] = (ix, version, found)
    return found


def _version(ix: FileIndex, path: Path) -> tuple:
    """Which commit the index is at: its generation, and which file holds it.

    The file's identity matters when an index is deleted and created afresh,
    which starts the generations again. On the public path (another Whoosh,
    whose file names we don't assume) the directory's identity and time of
    change stand in for it: they change with every commit, and more often.
    """
    generation = ix.latest_generation()
    if not whoosh_internals.fast_path():
        st = path.stat()
        return generation, st.st_ino, st.st_mtime_ns
    st = (path / f"_{ix.indexname}_{generation}.toc").stat()
    return generation, st.st_ino, st.st_mtime_ns


def try_writer(ix: FileIndex, wait: float = 0.0, **kwargs) -> SegmentWriter | None:
    """The index writer, or None when another thread or process holds it."""
    try:
        return ix.writer(timeout=wait, **kwargs)
    except index.LockError:
        return None
    except INDEX_ERRORS as exc:
        raise SearchUnavailable(str(exc)) from exc


@contextmanager
def _raw_lock(path: Path, wait: float) -> Iterator[bool]:
    lock = FileStorage(str(path)).lock(LOCK_NAME)
    locked = try_for(lock.acquire, timeout=wait, delay=0.05)
    try:
        yield bool(locked)
    finally:
        if locked:
            lock.release()


def recover(wait: float = 30.0) -> list[str]:
    """Remove what a killed writer left behind; returns the names removed.

    Safe only while no writer runs, so it holds the writer lock while it works.
    """
    path = index_dir()
    if not path.is_dir():
        return []
    removed = []
    with _raw_lock(path, wait) as locked:
        if not locked:
            raise SearchUnavailable("Another process is writing the index; try again later")
        for entry in path.iterdir():
            # Whoosh's per-writer temp dirs, half-written TOCs, our own state temp files.
            if entry.name.endswith(".tmp") or ".toc." in entry.name:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed.append(entry.name)
    return removed


_state_cache: dict[str, tuple[tuple, SyncState]] = {}


def read_state(path: Path | None = None) -> SyncState | None:
    """The saved cursor, or None when there is none (or it can't be read)."""
    file = (path or index_dir()) / STATE_FILE
    try:
        st = file.stat()
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        cached = _state_cache.get(str(file))
        if cached and cached[0] == key:
            return _copy(cached[1])
        state = SyncState.from_json(file.read_text())
    except (OSError, ValueError, KeyError):
        return None
    _state_cache[str(file)] = (key, state)
    return _copy(state)


def write_state(state: SyncState, path: Path | None = None, *, keep_newer: bool = False) -> None:
    """Replace the cursor atomically (write a temp file, then rename over).

    ``keep_newer``: leave a cursor synced later than ``state`` in place. For
    cursors written once the index's lock is released (``whoosh_internals.commit_then``
    on the public path), when a writer in between may have written a newer one.
    """
    path = path or index_dir()
    if keep_newer and state.synced_at is not None:
        with open(path / f"{STATE_FILE}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            current = read_state(path)
            if current is not None and (current.synced_at or 0) > state.synced_at:
                return
            _replace_state(state, path)
        return
    _replace_state(state, path)


def _replace_state(state: SyncState, path: Path) -> None:
    tmp = path / f"{STATE_FILE}.{os.getpid()}.tmp"
    tmp.write_text(state.to_json())
    os.replace(tmp, path / STATE_FILE)


def _copy(state: SyncState) -> SyncState:
    return SyncState(state.high, dict(state.gaps), state.synced_at, state.schema_version)
