"""Ranking and matching on bit masks: the same answers however the index is laid out."""

from __future__ import annotations

import random

import pytest

from forum.caching.lru import BoundedLRU
from forum.extensions import db
from forum.models import Post
from search import store
from search.index import documents
from search.query import ranking
from search.query.matching import docnums_of, flags_of, mask_of
from search.query.params import SearchParams
from search.query.service import search
from tests.factories import make_post, make_user
from tests.search.conftest import run


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 1000, 4099])
def test_masks_hold_exactly_their_documents(size):
    rng = random.Random(size)
    for share in (0.0, 0.01, 0.5, 1.0):
        docs = {d for d in range(size) if rng.random() < share}
        mask = mask_of(docs, size)
        assert mask.bit_count() == len(docs)
        assert docnums_of(mask) == sorted(docs)
        assert flags_of(mask, size) == bytes(d in docs for d in range(size))


def test_hits_come_best_first(corpus):
    hits = search(SearchParams(q="school spacer")).hits
    scores = [hit.score for hit in hits]
    assert len(scores) == 4
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_ranking_is_the_same_in_one_segment_or_many(corpus):
    author = make_user("writer")
    notes = [
        make_post(author, title=f"School note {n}", body="school " * (n + 1), conditions=["asthma"])
        for n in range(6)
    ]
    # Write each note again in a segment of its own: the old copies become
    # deleted documents of the first segment, as after edits.
    ix = store.open_index()
    lineage = documents.condition_lineage(db.session)
    for post in notes + [corpus["feeds"]]:
        writer = ix.writer()
        for doc in documents.load_documents(db.session, Post.id == post.id, lineage):
            writer.update_document(**doc)
        writer.commit(merge=False)
    queries = ["school", "IBD school", "spacer", "school note", "crohns"]
    with store.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 8
    before = {q: run(q) for q in queries}
    store.open_index().optimize()  # merge into one segment
    with store.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 1
    assert {q: run(q) for q in queries} == before


def test_a_longer_body_saying_a_word_once_ranks_below_a_short_one(app_ctx):
    author = make_user("writer")
    make_post(author, title="Pacing", body="Spoons. " + "We rest and plan the week. " * 80)
    make_post(author, title="Energy", body="Spoons help us plan.")
    assert run("spoons") == ["Energy", "Pacing"]


def test_a_worker_that_searched_before_ranks_like_a_fresh_one(app_ctx, monkeypatch):
    author = make_user("writer")
    for n in range(60):
        make_post(author, title=f"Filler post {n}", body="nothing relevant here at all")
    make_post(author, title="Old zinc note", body="We tried zinc lozenges.")
    store.open_index().optimize()  # one big, old segment, as after a rebuild
    run("zinc")  # this worker now holds the old segment's impacts
    for n in range(5):  # "zinc" goes from rare to common
        make_post(author, title=f"New zinc note {n}", body="We tried zinc lozenges.")

    def scores():
        return [(hit.post.title, hit.score) for hit in search(SearchParams(q="zinc")).hits]

    warm = scores()
    monkeypatch.setattr(ranking, "_cache", BoundedLRU(ranking.CACHE_BYTES, ranking._cache.cost))
    assert scores() == warm  # what a worker that never searched before finds
    expected = {"Old zinc note"} | {f"New zinc note {n}" for n in range(5)}
    assert {title for title, _ in warm} == expected
