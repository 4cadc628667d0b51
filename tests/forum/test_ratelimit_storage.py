"""The database storage for rate-limit counters: the limits package's contract, counts
that never overshoot under concurrency, expiry, and independence from the request's
own transaction. On SQLite, and on PostgreSQL when FORUM_TEST_DATABASE_URL is set."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import create_engine, event, func, select, text

from forum.models import rate_limit_counters
from forum.ratelimit_storage import DatabaseStorage, default_uri
from tests.conftest import TEST_DATABASE_URL


@pytest.fixture
def storage(make_app) -> DatabaseStorage:
    app = make_app()
    found = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    assert isinstance(found, DatabaseStorage)
    return found


def rows(storage: DatabaseStorage) -> int:
    with storage.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(rate_limit_counters)).scalar()


@contextmanager
def counters_locked(storage: DatabaseStorage) -> Iterator[None]:
    """Hold the counters' write lock from another connection: every hit waits for the block."""
    engine = create_engine(storage.url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("LOCK TABLE rate_limit_counters IN EXCLUSIVE MODE")
            yield
            conn.exec_driver_sql("ROLLBACK")
    finally:
        engine.dispose()


def test_the_default_is_the_database_beside_or_in_the_forums(tmp_path):
    assert default_uri(f"sqlite:///{tmp_path}/forum.db") == (
        f"db+sqlite:///{tmp_path}/forum-ratelimits.db"
    )
    assert default_uri("postgresql+psycopg://forum:secret@db.internal/mg") == (
        "db+postgresql+psycopg://forum:secret@db.internal/mg"
    )
    assert default_uri(f"sqlite:///file:{tmp_path}/forum.db?uri=true") == (
        f"db+sqlite:///{tmp_path}/forum-ratelimits.db"
    )
    assert default_uri("sqlite://") == "memory://"  # one process's database: its memory will do
    assert default_uri("sqlite:///file:forum?mode=memory&uri=true") == "memory://"


def test_hits_count_up_within_a_window_and_start_again_after_it(storage):
    before = time.time()
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3
    assert before + 60 <= storage.get_expiry("k") <= time.time() + 60  # from the first hit
    assert storage.incr("over", 0) == 1  # a window that is already over...
    assert storage.get("over") == 0
    assert storage.incr("over", 60) == 1  # ...starts afresh on the next hit
    assert storage.get("missing") == 0
    before = time.time()
    assert before <= storage.get_expiry("missing") <= time.time()


def test_clear_and_reset(storage):
    storage.incr("a", 60)
    storage.incr("b", 60)
    storage.clear("a")
    assert (storage.get("a"), storage.get("b")) == (0, 1)
    assert storage.reset() == 1
    assert storage.get("b") == 0 and storage.check()


def test_the_fixed_window_strategy_works_on_it(storage):
    limiter = FixedWindowRateLimiter(storage)
    item = parse("2 per minute")
    assert [limiter.hit(item, "addr", "sign-in") for _ in range(3)] == [True, True, False]
    stats = limiter.get_window_stats(item, "addr", "sign-in")
    assert stats.remaining == 0 and stats.reset_time > time.time()
    limiter.clear(item, "addr", "sign-in")
    assert limiter.test(item, "addr", "sign-in")


def test_concurrent_hits_never_share_a_count(storage):
    """Every hit gets its own number: no two callers can both see "9 of 10".

    The table is locked until every thread's first hit is at the database, so
    those four really are sent at once (as many as the storage has connections
    for), and the rest follow on top of each other."""
    threads, hits = 4, 50
    seen: list[int] = []
    arrived: set[int] = set()
    lock = threading.Lock()
    everyone_waiting = threading.Event()

    def at_the_database(*args) -> None:
        with lock:
            arrived.add(threading.get_ident())
            if len(arrived) == threads:
                everyone_waiting.set()

    def hammer():
        for _ in range(hits):
            count = storage.incr("busy", 60)
            with lock:
                seen.append(count)

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    event.listen(storage.engine, "before_cursor_execute", at_the_database)
    try:
        with counters_locked(storage):
            for worker in workers:
                worker.start()
            assert everyone_waiting.wait(timeout=60), f"only {len(arrived)} threads got there"
            assert seen == []  # none could count while the table was locked
    finally:
        for worker in workers:
            worker.join()
        event.remove(storage.engine, "before_cursor_execute", at_the_database)
    assert sorted(seen) == list(range(1, threads * hits + 1))


def test_counts_outlive_the_storage_object(storage):
    """A restarted worker builds a new storage; the counts are still there."""
    storage.incr("kept", 60)
    again = storage_from_string("db+" + storage.url)
    assert again is not storage and again.incr("kept", 60) == 2


def test_expired_counters_are_deleted_now_and_then(storage):
    storage._next_sweep = float("inf")  # as if it had just swept
    for n in range(5):
        storage.incr(f"old-{n}", 0)
    storage.incr("live", 60)
    assert rows(storage) == 6
    storage._next_sweep = 0  # as if the last sweep were long ago
    storage.incr("live", 60)
    assert rows(storage) == 1


def test_long_keys_are_stored_as_a_digest(storage):
    key = "LIMITER/" + "x" * 2000
    assert [storage.incr(key, 60) for _ in range(2)] == [1, 2]
    assert storage.get(key) == 2
    with storage.engine.connect() as conn:
        stored = conn.execute(select(rate_limit_counters.c.key)).scalar()
    assert stored.startswith("sha256:")


# A worker process: imports and builds its storage, says so, waits for the word,
# then counts once, saying when it has connected to the file (its next statement
# waits for the file's lock).
FIRST_HIT = """\
import sys
from sqlalchemy import event
from sqlalchemy.pool import Pool
from forum.ratelimit_storage import DatabaseStorage

storage = DatabaseStorage(sys.argv[1])
told = []


@event.listens_for(Pool, "connect")
def at_the_database(*args):
    if not told:
        told.append(True)
        print("at the database", flush=True)


print("ready", flush=True)
sys.stdin.readline()
print(storage.incr("first-hits", 60), flush=True)
"""


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's own counters file")
def test_workers_starting_together_all_count_in_a_fresh_file(tmp_path):
    """Each worker makes the counters table if it is missing; none may fail at it.

    The file exists but is empty and locked until all four workers are at it, so
    they make the table (and switch it to WAL) at the same moment, not one by one."""
    path = tmp_path / "fresh-ratelimits.db"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", FIRST_HIT, f"db+sqlite:///{path}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    try:
        assert [worker.stdout.readline() for worker in workers] == ["ready\n"] * 4
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        # Nobody can count until the lock goes, so this means all four are waiting at once.
        assert [worker.stdout.readline() for worker in workers] == ["at the database\n"] * 4
        assert path.stat().st_size == 0  # still no table
        holder.execute("ROLLBACK")
        holder.close()
        counts = sorted(int(worker.communicate(timeout=60)[0]) for worker in workers)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    assert counts == [1, 2, 3, 4]


def test_an_unreachable_database_is_reported_by_check(tmp_path):
    missing = DatabaseStorage(f"db+sqlite:///{tmp_path}/no/such/dir/counters.db")
    assert missing.check() is False


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's write lock")
def test_counting_never_waits_for_a_request_holding_the_sqlite_write_lock(make_app, storage):
    """A writing request takes the database's write lock at its first query; the
    counters are in their own file, so counting for that same request goes ahead.
    (In the same file it would wait out the busy timeout and fail: "database is locked".)"""
    app = make_app()
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    assert Path(storage.url.removeprefix("sqlite:///")).parent == Path(database).parent
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        conn.execute(text("SELECT count(*) FROM users"))
        assert storage.incr("during-a-write", 60) == 1
        conn.exec_driver_sql("ROLLBACK")
    engine.dispose()


@pytest.mark.bench
def test_the_counting_benchmark_runs(tmp_path):
    """bench/ratelimit_bench.py at a tiny size, so it cannot rot (figures not checked)."""
    from bench.ratelimit_bench import measure

    times = measure(f"db+sqlite:///{tmp_path / 'counters.db'}", 5)
    assert len(times) == 5 and all(t > 0 for t in times)
