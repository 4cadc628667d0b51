"""The database storage for rate-limit counters: the limits package's contract, counts
that never overshoot under concurrency, expiry, and independence from the request's
own transaction. On SQLite, and on PostgreSQL when FORUM_TEST_DATABASE_URL is set."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import create_engine, func, select, text

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
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3
    assert time.time() + 55 < storage.get_expiry("k") <= time.time() + 60
    assert storage.incr("over", 0) == 1  # a window that is already over...
    assert storage.get("over") == 0
    assert storage.incr("over", 60) == 1  # ...starts afresh on the next hit
    assert storage.get("missing") == 0
    assert storage.get_expiry("missing") == pytest.approx(time.time(), abs=2)


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
    """Every hit gets its own number: no two processes can both see "9 of 10"."""
    seen: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def hammer():
        start.wait()
        for _ in range(25):
            count = storage.incr("busy", 60)
            with lock:
                seen.append(count)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 201))


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


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's own counters file")
def test_workers_starting_together_all_count_in_a_fresh_file(tmp_path):
    """Each worker makes the counters table if it is missing; none may fail at it."""
    uri = f"db+sqlite:///{tmp_path}/fresh-ratelimits.db"
    start = time.time() + 1.5
    code = (
        "import time; from forum.ratelimit_storage import DatabaseStorage\n"
        f"time.sleep(max(0, {start} - time.time()))\n"
        f"print(DatabaseStorage({uri!r}).incr('first-hits', 60))"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    counts = sorted(int(worker.communicate(timeout=60)[0]) for worker in workers)
    assert counts == [1, 2, 3, 4]


def test_an_unreachable_database_is_reported_by_check(tmp_path):
    missing = DatabaseStorage(f"db+sqlite:///{tmp_path}/no/such/dir/counters.db")
    assert missing.check() is False


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's write lock")
def test_counting_never_waits_for_a_request_holding_the_sqlite_write_lock(make_app, storage):
    """A writing request takes the database's write lock at its first query; the
    counters are in their own file, so counting for that same request goes ahead."""
    app = make_app()
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    assert Path(storage.url.removeprefix("sqlite:///")).parent == Path(database).parent
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        conn.execute(text("SELECT count(*) FROM users"))
        started = time.monotonic()
        assert storage.incr("during-a-write", 60) == 1
        assert time.monotonic() - started < 1
        conn.exec_driver_sql("ROLLBACK")
    engine.dispose()
