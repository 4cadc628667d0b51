"""A full disk or a read-only index: search says so, posting carries on, and it catches up."""

from __future__ import annotations

from html import unescape

import pytest
from whoosh.filedb.filestore import FileStorage

from search import store
from tests.factories import make_post


def _no_space(*args, **kwargs):
    raise OSError(28, "No space left on device")


def test_a_writer_that_cannot_start_lets_go_of_the_lock(app_ctx, monkeypatch):
    ix = store.open_index()
    monkeypatch.setattr(FileStorage, "temp_storage", _no_space)
    with pytest.raises(store.SearchUnavailable):
        store.try_writer(ix)
    monkeypatch.undo()
    writer = store.try_writer(ix)  # None would mean the failed one still holds the lock
    assert writer is not None
    writer.cancel()


def test_search_says_unavailable_until_the_index_can_take_new_posts(app, client, monkeypatch):
    with app.app_context():
        make_post(title="Spacer before football")
    monkeypatch.setattr(FileStorage, "temp_storage", _no_space)
    with app.app_context():
        make_post(title="Inhaler in the kit bag")  # saved; the index can't take it

    page = client.get("/search?q=inhaler")
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "Search is temporarily unavailable" in unescape(page.get_data(as_text=True))
    api = client.get("/api/v1/search?q=inhaler")
    assert (
        api.status_code == 503
        and "Search is temporarily unavailable" in api.json["error"]["message"]
    )

    monkeypatch.undo()  # space again: the next search catches up by itself
    found = client.get("/api/v1/search?q=inhaler").json["results"]
    assert [r["post"]["title"] for r in found] == ["Inhaler in the kit bag"]
