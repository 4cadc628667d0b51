"""Applying the outbox: busy locks, out-of-order commits, crashes, an unusable index."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.models import Post
from forum.services.posts import edit_post, set_post_status
from search import store
from search.index import sync
from search.models import SearchOutbox
from search.query.params import SearchParams
from search.query.service import search
from search.store import SyncState
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_post, make_user
from tests.search.conftest import indexed_ids, run, searchable_ids

ROOT = Path(__file__).resolve().parents[2]


def test_cursor_records_skipped_ids_as_gaps_until_seen():
    state = SyncState(high=4)
    sync.advance(state, [5, 8], now=100.0, keep_for=60)
    assert state.high == 8 and state.gaps == {6: 100.0, 7: 100.0}
    sync.advance(state, [7], now=130.0, keep_for=60)  # 7 committed late: applied, gap closed
    assert state.high == 8 and state.gaps == {6: 100.0}
    sync.advance(state, [9], now=170.0, keep_for=60)  # 6 never came: a rollback, forgotten
    assert state.high == 9 and state.gaps == {}


def test_busy_index_never_fails_a_write_and_is_caught_up_later(app_ctx):
    writer = store.open_index().writer()  # another process indexing, as far as we know
    try:
        post = make_post(title="Written while the index was busy")
        assert post.id in searchable_ids()
        assert run("busy") == []  # the search can't take the lock either: no error
    finally:
        writer.cancel()
    assert run("busy") == ["Written while the index was busy"]


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="SQLite has one writer at a time: its ids commit in order"
)
def test_lower_outbox_id_committing_last_is_not_missed(make_app):
    app = make_app(SEARCH_SYNC_ON_COMMIT=False)  # we decide when the index syncs
    with app.app_context():
        author_id = make_user().id
        db.session.commit()
        first, second = Session(db.engine), Session(db.engine)
        try:
            first.add(_post(author_id, "Lower id commits last"))
            first.flush()
            second.add(_post(author_id, "Higher id commits first"))
            second.commit()
            low, high = first.scalars(select(SearchOutbox.id).order_by(SearchOutbox.id)).all()
            sync.apply_pending()
            state = store.read_state()
            assert state.high == high and low in state.gaps  # not visible yet: remembered
            assert run("commits") == ["Higher id commits first"]
            first.commit()
            sync.apply_pending()
            assert store.read_state().gaps == {}
            assert sorted(run("commits")) == ["Higher id commits first", "Lower id commits last"]
        finally:
            first.close()
            second.close()


def _post(author_id: int, title: str) -> Post:
    return Post(author_id=author_id, kind="hack", title=title, body=title, body_html=title)


def test_sync_recovers_after_a_writer_is_killed(app, runner, tmp_path):
    with app.app_context():
        make_post(title="Indexed before the crash")
        db.session.commit()
    env = {
        **os.environ,
        "FORUM_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "FORUM_SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "FORUM_SECRET_KEY": "test",
    }
    script = textwrap.dedent("""
        import time
        from forum import create_app
        from search import store
        with create_app().app_context():
            writer = store.open_index().writer()
            writer.add_document(post_id="424242", title="half written")
            print("holding", flush=True)
            time.sleep(120)
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "holding"
        with app.app_context():
            make_post(title="Written while the other process held the lock")
            db.session.commit()
            assert run("lock") == []
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    index = Path(app.config["SEARCH_INDEX_DIR"])
    assert any(p.name.endswith(".tmp") for p in index.iterdir())  # the dead writer's files
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "Removed" in result.output
    with app.app_context():
        assert indexed_ids() == searchable_ids() and len(indexed_ids()) == 2
        assert run("lock") == ["Written while the other process held the lock"]
    assert not any(p.name.endswith(".tmp") for p in index.iterdir())


def test_unusable_index_degrades_search_and_posting_still_works(make_app, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("an index can't live here")
    app = make_app(SEARCH_INDEX_DIR=str(blocked))
    client = app.test_client()
    with app.app_context():
        post = make_post(title="Shared while search was down")
        assert post.status == "published"
    page = client.get("/search?q=shared")
    assert page.status_code == 503
    assert "Search is temporarily unavailable" in page.get_data(as_text=True)
    api = client.get("/api/v1/search?q=shared")
    assert api.status_code == 503 and api.json["error"]["code"] == "unavailable"
    # Once the index can be written again, the change is applied from the outbox.
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "index-again")
    assert client.get("/api/v1/search?q=shared").json["total"] == 1


def test_rebuild_recreates_the_index_from_the_database(app, runner):
    with app.app_context():
        for title in ("One", "Two", "Three"):
            make_post(title=f"Rebuild test {title}")
        make_post(title="Rebuild test hidden", status="hidden")
        db.session.commit()
        wanted = searchable_ids()
    store_dir = Path(app.config["SEARCH_INDEX_DIR"])
    for path in store_dir.iterdir():
        path.unlink()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexed 3 posts." in result.output
    with app.app_context():
        assert indexed_ids() == wanted
        assert len(run("rebuild test")) == 3


def test_sync_checks_the_index_against_the_database(app, runner):
    with app.app_context():
        kept = make_post(title="Kept in the index").id
        lost = make_post(title="Lost from the index").id
        db.session.commit()
        writer = store.open_index().writer()
        writer.delete_by_term("post_id", str(lost))
        writer.add_document(post_id="999999", title="Ghost of a post")
        writer.commit()
        assert indexed_ids() == {kept, 999999}
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "added 1 and removed 1" in result.output
    with app.app_context():
        assert indexed_ids() == {kept, lost}


def test_stats_report_index_database_and_backlog(app, runner):
    with app.app_context():
        make_post(title="Counted")
        make_post(title="Not counted", status="removed")
        db.session.commit()
    output = runner.invoke(args=["search", "stats"]).output
    assert "Documents in index:  1" in output
    assert "Published posts:     1 (1 searchable)" in output
    assert "Pending changes:     0" in output
    assert "Last sync:           never" not in output


def test_sync_rebuilds_an_index_the_database_no_longer_matches(app, runner):
    with app.app_context():
        make_post(title="After a database restore")
        db.session.commit()
        state = store.read_state()
        state.high += 1000  # the index saw outbox rows this database never had
        store.write_state(state)
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "rebuilding" in result.output and "Indexed 1 posts." in result.output
    with app.app_context():
        assert store.read_state().high < 1000
        assert run("restore") == ["After a database restore"]


def test_a_post_changed_twice_in_one_backlog_is_indexed_once(app_ctx, monkeypatch):
    author = make_user("writer")
    post = make_post(author, title="Pacing with spoons", body="spoons")
    other = make_post(author, title="Other spoons post", body="spoons")
    busy = store.open_index().writer()  # the index is busy while both changes commit
    edit_post(author, post, title="Pacing with spoons, again", body="spoons", kind="hack",
              conditions=["asthma"], tags=[])  # fmt: skip
    set_post_status(other, "hidden")
    db.session.commit()
    edit_post(author, post, title="Pacing with spoons, third", body="spoons", kind="hack",
              conditions=["asthma"], tags=[])  # fmt: skip
    busy.cancel()
    # One row a batch: the post's second change comes in a later batch of the round.
    monkeypatch.setattr(sync, "BATCH", 1)
    assert run("spoons") == ["Pacing with spoons, third"]
    with store.searcher() as searcher:
        stored = [int(f["post_id"]) for f in searcher.reader().all_stored_fields()]
    assert sorted(stored) == [post.id]


def test_a_post_added_then_hidden_in_one_backlog_leaves_the_index(app_ctx, monkeypatch):
    author = make_user("writer")
    make_post(author, title="Other spoons post", body="spoons")
    busy = store.open_index().writer()
    post = make_post(author, title="Pacing with spoons", body="spoons")
    busy.cancel()
    read_batch, reads = sync._read_batch, []

    def hide_after_first_read(state, lineage, session):
        batch = read_batch(state, lineage, session)
        if not reads:  # the post is hidden while the round is under way
            set_post_status(post, "hidden")
            db.session.commit()
        reads.append(batch)
        return batch

    monkeypatch.setattr(sync, "_read_batch", hide_after_first_read)
    monkeypatch.setattr(sync, "BATCH", 1)
    result = search(SearchParams(q="spoons"))
    assert result.total == 1 and result.facets["kinds"] == {"hack": 1}
    assert indexed_ids() == searchable_ids()
