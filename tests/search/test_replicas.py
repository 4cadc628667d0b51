"""Several hosts, one outbox: the registry of replicas, pruning, and the follower."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from forum.extensions import db
from forum.models.timestamps import utcnow
from search import store
from search.index import replicas, sync
from search.index.follow import follow
from search.index.rebuild import rebuild
from search.models import SearchOutbox, SearchReplica
from search.store import SyncState
from tests.factories import make_post, make_user


def outbox_ids() -> list[int]:
    return list(db.session.scalars(select(SearchOutbox.id).order_by(SearchOutbox.id)))


def register(name: str, upto: int, age: timedelta = timedelta()) -> None:
    db.session.add(SearchReplica(name=name, applied_upto=upto, seen_at=utcnow() - age))
    db.session.commit()


def test_applied_upto_stops_below_the_oldest_change_still_awaited():
    assert replicas.applied_upto(SyncState(high=40)) == 40
    assert replicas.applied_upto(SyncState(high=40, gaps={31: 0.0, 35: 0.0})) == 30


def test_rows_every_live_replica_applied_are_pruned(app_ctx):
    author = make_user()
    for _ in range(4):
        make_post(author)
    ids = outbox_ids()
    register("host-a", ids[-1])
    register("host-b", ids[1])
    assert replicas.prune(db.session) == 2
    assert outbox_ids() == ids[2:]
    # A host nobody has heard from within the TTL holds nothing back.
    db.session.execute(
        SearchReplica.__table__.update()
        .where(SearchReplica.name == "host-b")
        .values(seen_at=utcnow() - timedelta(days=2))
    )
    db.session.commit()
    assert replicas.prune(db.session) == 2 and outbox_ids() == []


def test_a_replica_that_needed_pruned_rows_knows_it_must_rebuild(app_ctx):
    author = make_user()
    for _ in range(3):
        make_post(author)
    ids = outbox_ids()
    register("host-a", ids[-1])
    register("host-b", ids[0], age=timedelta(days=3))  # away for days
    replicas.prune(db.session)
    assert replicas.missed_rows(db.session, SyncState(high=ids[0]))
    assert not replicas.missed_rows(db.session, SyncState(high=ids[-1]))


def test_nothing_is_pruned_before_any_replica_reports(app_ctx):
    make_post()
    assert replicas.prune(db.session) == 0 and outbox_ids()


def test_the_follower_applies_new_changes_and_reports_how_far_it_got(make_app):
    app = make_app(SEARCH_SYNC_ON_COMMIT=False, SEARCH_REPLICA_NAME="this-host")
    with app.app_context():
        post_id = make_post(title="A follower finds this").id
        # A follower is its own process: this test's session must not hold SQLite's lock.
        db.session.remove()
        assert sync.pending()  # nothing applied it: no sync on commit here
        said: list[str] = []
        follow(0, said.append, rounds=2)
        assert not sync.pending()
        with store.searcher() as searcher:
            assert str(post_id) in {f["post_id"] for f in searcher.all_stored_fields()}
        upto = db.session.scalar(
            select(SearchReplica.applied_upto).where(SearchReplica.name == "this-host")
        )
        assert upto == db.session.scalar(select(func.max(SearchOutbox.id)))


def test_the_follower_outlives_an_index_it_cannot_write(make_app, monkeypatch):
    app = make_app(SEARCH_SYNC_ON_COMMIT=False)
    with app.app_context():
        rebuild()  # an index and a cursor, before the change it will fail to take
        make_post()
        db.session.remove()  # a follower is its own process: don't hold SQLite's lock

        real, failures = sync.apply_pending, []

        def read_only_twice(**kwargs):
            if len(failures) < 2:
                failures.append(1)
                raise store.SearchUnavailable("read-only file system")
            return real(**kwargs)

        monkeypatch.setattr(sync, "apply_pending", read_only_twice)
        said: list[str] = []
        follow(0, said.append, rounds=4)
        assert len([line for line in said if "read-only file system" in line]) == 1  # once
        assert said[-1] == "Back in step." and not sync.pending()
