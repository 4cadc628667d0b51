"""Every change search must see writes an outbox row in its own transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select, update

from forum.extensions import db
from forum.models import Condition, Post, post_conditions
from forum.services.comments import add_comment
from forum.services.posts import delete_post, edit_post, set_post_status
from search.models import SearchOutbox
from tests.factories import make_outcome, make_post, make_user
from tests.search.conftest import indexed_ids, run


def outbox_posts() -> list[int]:
    return list(db.session.scalars(select(SearchOutbox.post_id).order_by(SearchOutbox.id)))


def changed_by(action) -> list[int]:
    """Post ids of the outbox rows ``action`` wrote."""
    before = db.session.scalar(select(func.count(SearchOutbox.id)))
    action()
    rows = outbox_posts()
    return rows[before:]


@pytest.fixture
def post(app_ctx) -> Post:
    return make_post(
        make_user("writer"), title="Cold packs for knee pain", body="Ice for ten minutes.",
        conditions=["juvenile-idiopathic-arthritis"], tags=["pain"],
    )  # fmt: skip


def test_rollback_leaves_no_outbox_row(app_ctx):
    author = make_user()
    db.session.add(Post(author=author, kind="hack", title="Draft", body="x", body_html="<p>x</p>"))
    db.session.flush()
    assert db.session.scalar(select(func.count(SearchOutbox.id))) == 1  # same transaction
    db.session.rollback()
    assert db.session.scalar(select(func.count(SearchOutbox.id))) == 0
    assert run("draft") == []


def test_create_and_edit_write_rows_and_reach_the_index(post):
    assert outbox_posts() == [post.id]
    assert run("cold packs") == ["Cold packs for knee pain"]
    author = post.author

    def edit():
        edit_post(
            author, post, title="Warm baths for morning stiffness", body="Ten minutes.",
            kind="hack", conditions=["juvenile-idiopathic-arthritis"], tags=["pain"],
        )  # fmt: skip

    assert changed_by(edit) == [post.id]
    assert run("cold packs") == []
    assert run("warm baths") == ["Warm baths for morning stiffness"]


def test_retagging_and_new_conditions_are_seen(post):
    def retag():
        edit_post(
            post.author, post, title=post.title, body=post.body, kind="hack",
            conditions=["juvenile-idiopathic-arthritis", "lupus"], tags=["winter"],
        )  # fmt: skip

    assert post.id in changed_by(retag)
    assert run("winter") == ["Cold packs for knee pain"]
    assert run("SLE") == ["Cold packs for knee pain"]  # a lupus synonym


def test_outcome_counter_set_as_sql_expression_is_seen(post):
    assert changed_by(lambda: make_outcome(post, result="worked")) == [post.id]
    other = make_post(title="Heat pads for knee pain", conditions=["juvenile-idiopathic-arthritis"])
    assert run("knee pain", sort="worked") == ["Cold packs for knee pain", other.title]


def test_status_safety_label_and_deletion_are_seen(post):
    def hide():
        set_post_status(post, "hidden")
        db.session.commit()

    assert changed_by(hide) == [post.id]
    assert run("cold packs") == []

    def restore():
        set_post_status(post, "published")
        db.session.commit()

    assert changed_by(restore) == [post.id]
    assert run("cold packs") == ["Cold packs for knee pain"]

    def label_unsafe():
        post.safety_label = "unsafe"
        db.session.commit()

    assert changed_by(label_unsafe) == [post.id]
    assert run("cold packs") == []
    post.safety_label = "care_team"
    db.session.commit()
    assert run("cold packs") == ["Cold packs for knee pain"]

    assert changed_by(lambda: delete_post(post.author, post)) == [post.id]
    assert run("cold packs") == []


def test_hard_delete_drops_the_document(post):
    def delete():
        db.session.delete(post)
        db.session.commit()

    post_id = post.id
    assert changed_by(delete) == [post_id]
    assert post_id not in indexed_ids()


def test_author_perspective_change_reindexes_their_posts(post):
    second = make_post(post.author, title="Second post")

    def become_clinician():
        post.author.perspective = "clinician"
        db.session.commit()

    assert sorted(changed_by(become_clinician)) == sorted([post.id, second.id])
    assert set(run(perspective="clinician")) == {"Cold packs for knee pain", "Second post"}


def test_bulk_statements_through_the_session_are_seen(post):
    def bulk_hide():
        db.session.execute(update(Post).where(Post.id == post.id).values(status="hidden"))
        db.session.commit()

    assert changed_by(bulk_hide) == [post.id]
    assert run("cold packs") == []

    lupus = db.session.scalar(select(Condition.id).where(Condition.slug == "lupus"))

    def bulk_tag():
        db.session.execute(insert(post_conditions).values(post_id=post.id, condition_id=lupus))
        db.session.execute(update(Post).where(Post.id == post.id).values(status="published"))
        db.session.commit()

    assert set(changed_by(bulk_tag)) == {post.id}
    assert run("lupus") == ["Cold packs for knee pain"]


def test_moving_a_condition_reindexes_posts_under_it(post):
    lupus = db.session.scalar(select(Condition).where(Condition.slug == "lupus"))
    jia = db.session.scalar(
        select(Condition).where(Condition.slug == "juvenile-idiopathic-arthritis")
    )

    def move():
        jia.parent = lupus  # not medicine, just a tree change to prove the point
        db.session.commit()

    assert changed_by(move) == [post.id]
    assert run(condition="lupus") == ["Cold packs for knee pain"]


def test_comments_do_not_touch_the_index(post):
    # Cards read comment counts from the database; the index doesn't hold them.
    assert changed_by(lambda: add_comment(make_user(), post, "Thanks, trying this.")) == []


def test_a_savepoint_inside_a_change_leaves_the_sync_to_its_commit(app_ctx):
    """Creating a post watches it for its author inside a savepoint. Releasing
    that savepoint is no commit: syncing then waited on the change's own SQLite
    write lock for the busy timeout (every post, comment and "I tried this" took
    5 s) and then gave up, so the post reached the index only at the next sync."""
    from search.index import sync

    post = make_post(make_user(), title="Cold packs for knee pain", body="Ice for ten minutes.")
    assert not sync.pending(db.session)
    assert post.id in indexed_ids()  # there without a search to catch up
