"""``remember()`` keeps a value under the version of the data it was computed from.

A request's transaction can see the data as it was before a commit that
another thread has since finished. Whatever that request computes is old, so
it must not be kept where a reader who starts after the commit finds it.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, insert, select

from forum.caching.pages import data_version, remember
from forum.extensions import db
from forum.models import User
from tests.factories import make_user

WAIT_S = 10


def _members() -> int:
    return db.session.scalar(select(func.count(User.id)))


def _in_thread(app, work, failures: list, name: str | None = None) -> threading.Thread:
    """``work`` in a GET request of its own (on SQLite: a read transaction, BEGIN DEFERRED)."""

    def run():
        try:
            with app.test_request_context("/"):
                try:
                    work()
                finally:
                    db.session.remove()
        except BaseException as exc:  # reported by the test's own thread
            failures.append(exc)

    thread = threading.Thread(target=run, daemon=True, name=name)
    thread.start()
    return thread


def _add_member_outside_the_session(name: str) -> None:
    """A commit through the engine, not the session (no ``after_commit``), on the
    connection the session just gave back."""
    db.session.rollback()
    row = dict(db.session.execute(select(User.__table__)).mappings().first())
    row.pop("id")
    row.update(username=name, username_key=name, email=f"{name}@example.org")
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(insert(User.__table__), row)


@pytest.mark.parametrize("committed_by", ["session", "engine"])
def test_a_count_read_before_a_commit_is_not_kept_for_later_readers(make_app, committed_by):
    app = make_app(QUERY_CACHE_ENABLED=True)
    with app.app_context():
        make_user("first")
        before = _members()
    snapshot_taken, committed, stored, done = (threading.Event() for _ in range(4))
    seen: dict[str, int] = {}
    failures: list[BaseException] = []

    def early_reader():
        # Its transaction reads (and so fixes what it sees) before the commit...
        seen["snapshot"] = _members()
        snapshot_taken.set()
        assert committed.wait(WAIT_S)
        # ...and only then asks for the count: the old count, from its snapshot.
        seen["early"] = remember(("members",), _members)
        stored.set()
        assert done.wait(WAIT_S)  # holds its connection, so the next reader gets another

    def writer_then_later_reader():
        assert snapshot_taken.wait(WAIT_S)
        remember(("warm-up",), lambda: 0)  # this connection has read the data version
        if committed_by == "session":
            make_user("second")  # commits, on the same connection
        else:
            _add_member_outside_the_session("second")
        committed.set()
        assert stored.wait(WAIT_S)
        # A new transaction, begun after the commit: it must see the new count.
        seen["later"] = remember(("members",), _members)
        seen["later_again"] = remember(("members",), _members)
        done.set()

    threads = [
        _in_thread(app, early_reader, failures),
        _in_thread(app, writer_then_later_reader, failures),
    ]
    for thread in threads:
        thread.join(WAIT_S * 3)
    assert not failures, failures
    assert seen["snapshot"] == before
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # One snapshot per transaction: the early reader computed the old count.
        # (PostgreSQL reads committed data afresh at each statement.)
        assert seen["early"] == before
    assert seen["later"] == seen["later_again"] == before + 1
    with app.app_context():
        assert remember(("members",), _members) == before + 1


def test_a_remembered_value_is_reused_while_nothing_commits(make_app):
    app = make_app(QUERY_CACHE_ENABLED=True)
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with app.app_context():
        make_user("first")
    for _ in range(10):  # on a shared PostgreSQL server, others' commits move the version
        with app.app_context():
            first = remember(("answer",), compute)
            again = remember(("answer",), compute)
        with app.app_context():
            third = remember(("answer",), compute)
        if first == again == third:
            break
    assert first == again == third
    with app.app_context():
        make_user("second")
    with app.app_context():
        assert remember(("answer",), compute) == third + 1


def test_a_reader_that_begins_while_a_commit_is_under_way_keeps_nothing_stale(make_app):
    """The hardest case on SQLite: a commit outside the session has started (and
    been counted) but not finished when another transaction begins and reads.
    That transaction sees the old data under the new count; the committing
    connection's next transaction, which can't see its own commits in PRAGMA
    data_version, must still not be given what it computed."""
    app = make_app(QUERY_CACHE_ENABLED=True)
    with app.app_context():
        make_user("first")
        before = _members()
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL reads each statement afresh; nothing to race")
        row = dict(db.session.execute(select(User.__table__)).mappings().first())
        row.pop("id")
        row.update(username="second", username_key="second", email="second@example.org")
        db.session.rollback()
        # Every pooled connection has read the data version once.
        cache = app.extensions["forum.page_cache"]
        held = [db.engine.raw_connection() for _ in range(3)]
        for raw in held:
            data_version(cache, raw)
        for raw in held:
            raw.close()
        engine = db.engine
    commit_started, snapshot_taken, committed, stored, done = (threading.Event() for _ in range(5))
    seen: dict[str, int] = {}
    failures: list[BaseException] = []

    def hold_the_commit(conn):  # runs after the cache counted the commit, before it happens
        if threading.current_thread().name == "writer":
            commit_started.set()
            assert snapshot_taken.wait(WAIT_S)

    def early_reader():
        assert commit_started.wait(WAIT_S)
        seen["snapshot"] = _members()  # begins now: the old data, under the new count
        snapshot_taken.set()
        assert committed.wait(WAIT_S)
        seen["early"] = remember(("members",), _members)
        stored.set()
        assert done.wait(WAIT_S)

    def writer_then_later_reader():
        with db.engine.begin() as conn:
            conn.execute(insert(User.__table__), row)
        committed.set()
        assert stored.wait(WAIT_S)
        seen["later"] = remember(("members",), _members)  # on the committing connection
        done.set()

    event.listen(engine, "commit", hold_the_commit)
    try:
        threads = [
            _in_thread(app, early_reader, failures),
            _in_thread(app, writer_then_later_reader, failures, name="writer"),
        ]
        for thread in threads:
            thread.join(WAIT_S * 3)
    finally:
        event.remove(engine, "commit", hold_the_commit)
    assert not failures, failures
    assert seen["snapshot"] == seen["early"] == before
    assert seen["later"] == before + 1
