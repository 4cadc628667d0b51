"""Writers and searchers at once: afterwards the index holds exactly the published posts."""

from __future__ import annotations

import threading

from forum.extensions import db
from forum.models import Post, User
from forum.services.posts import set_post_status
from search import store
from tests.factories import make_post, make_user
from tests.search.conftest import indexed_ids, searchable_ids

WRITERS = 3
POSTS_EACH = 6


def test_index_matches_database_after_concurrent_writes_and_searches(app):
    with app.app_context():
        author_ids = [make_user(f"writer{i}").id for i in range(WRITERS)]
        db.session.commit()
    errors: list[BaseException] = []
    statuses: list[int] = []
    writing = threading.Event()

    def write(author_id: int) -> None:
        try:
            with app.app_context():
                author = db.session.get(User, author_id)
                for n in range(POSTS_EACH):
                    post = make_post(author, title=f"Concurrent post {author_id} {n}")
                    if n % 3 == 2:  # some change state while others read
                        set_post_status(db.session.get(Post, post.id), "hidden")
                        db.session.commit()
        except BaseException as exc:  # surfaced by the main thread
            errors.append(exc)

    def search() -> None:
        client = app.test_client()
        while writing.is_set():
            statuses.append(client.get("/api/v1/search?q=concurrent").status_code)
            statuses.append(client.get("/search?q=post").status_code)

    writing.set()
    searchers = [threading.Thread(target=search) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(a,)) for a in author_ids]
    for thread in searchers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    for thread in searchers:
        thread.join()

    assert errors == []
    assert statuses and set(statuses) == {200}
    with app.app_context():
        # No explicit sync: every commit applied its own change or left it to
        # the writer holding the lock, which re-checks after letting go.
        assert indexed_ids() == searchable_ids()
        assert len(searchable_ids()) == WRITERS * (POSTS_EACH - POSTS_EACH // 3)
        state = store.read_state()
        assert not state.gaps
