"""On a Whoosh other than the pinned one, search takes Whoosh's public API: same answers.

``search.whoosh_internals.FAST_PATH`` says which path runs; each test here sets
it, and runs the same searches through both.
"""

from __future__ import annotations

import logging

import pytest
import whoosh

from forum.extensions import db
from forum.models import Post
from search import store, whoosh_internals
from search.index import documents
from search.index import rebuild as rebuilding
from search.query import ranking
from search.query.params import SearchParams
from search.query.service import search
from tests.factories import make_post, make_user
from tests.search.conftest import indexed_ids, searchable_ids

# The queries of test_relevance.py and test_ranking.py, and their filters and sorts.
QUERIES = [
    {"q": "walking"},
    {"q": "planned huddles"},
    {"q": "UC"},
    {"q": "colitis"},
    {"q": "crohns"},
    {"q": "Crohn's disease"},
    {"q": "IBD"},
    {"q": "inflammatory bowel disease"},
    {"condition": "ibd"},
    {"q": "school"},
    {"q": "IBD school"},
    {"q": "school", "kind": "question"},
    {"q": "school", "perspective": "clinician"},
    {"q": "school", "condition": "crohns-disease"},
    {"q": "school", "condition": "asthma"},
    {"q": "chrons dieseas"},
    {"q": "inhailer"},
    {"q": "IBD", "sort": "newest"},
    {"sort": "worked"},
    {},
    {"kind": "change_idea"},
    {"q": "school spacer"},
    {"q": "spacer"},
    {"q": "school note"},
    {"q": "spoons"},
    {"q": "zinc"},
    {"q": '"rest breaks" exams'},
    {"q": "zinc lozenges school"},
]


@pytest.fixture
def forum(corpus):
    """The relevance corpus, the ranking tests' posts, and edits in segments of their own."""
    author = make_user("writer")
    notes = [
        make_post(author, title=f"School note {n}", body="school " * (n + 1), conditions=["asthma"])
        for n in range(6)
    ]
    make_post(author, title="Pacing", body="Spoons. " + "We rest and plan the week. " * 80)
    make_post(author, title="Energy", body="Spoons help us plan.")
    for n in range(40):
        make_post(author, title=f"Filler post {n}", body="nothing relevant here at all")
    for n in range(5):
        make_post(author, title=f"Zinc note {n}", body="We tried zinc lozenges. " * (n + 1))
    # Written again, each in a segment of its own: the old copies become deleted
    # documents of earlier segments, as after edits.
    ix = store.open_index()
    lineage = documents.condition_lineage(db.session)
    for post in notes[:3] + [corpus["feeds"]]:
        writer = ix.writer()
        for doc in documents.load_documents(db.session, Post.id == post.id, lineage):
            writer.update_document(**doc)
        writer.commit(merge=False)
    with store.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 1
        assert searcher.reader().has_deletions()
    return corpus


def _answer(monkeypatch, fast: bool, params: dict):
    monkeypatch.setattr(whoosh_internals, "FAST_PATH", fast)
    result = search(SearchParams(per_page=100, **params))
    db.session.rollback()  # end the read transaction (SQLite), as a request would
    hits = [(hit.post.id, hit.score) for hit in result.hits]
    rest = (result.total, result.matched_all, result.facets, result.suggestion)
    return hits, rest


def _best(monkeypatch, word: str) -> float:
    """The best score of a word alone, in the whole index (what its levels divide)."""
    hits, _ = _answer(monkeypatch, False, {"q": word})
    return max((score for _, score in hits), default=0.0)


def _score_groups(hits: list[tuple[int, float]], tolerance: float) -> list[set[int]]:
    """Posts best first, grouped: a post scoring within ``tolerance`` of the one
    before it is in the same group (a tie, or near enough to be one on either path).
    """
    groups: list[set[int]] = []
    last = None
    for post_id, score in hits:
        if last is None or last - score > tolerance:
            groups.append(set())
        groups[-1].add(post_id)
        last = score
    return groups


@pytest.mark.parametrize("params", QUERIES, ids=[repr(p) for p in QUERIES])
def test_both_paths_find_the_same_posts_ranked_alike(forum, monkeypatch, params):
    fast, fast_rest = _answer(monkeypatch, True, params)
    public, public_rest = _answer(monkeypatch, False, params)

    assert public_rest == fast_rest  # totals, posts with every word, facets, "did you mean"
    if params.get("q") and params.get("sort") is None:  # ranked by relevance
        # The fast path keeps a common word's scores as 254 levels of its best
        # (rounded up): scores agree to within a level per word, and only posts
        # that close may change places.
        # A level per word (and a hair for float error in the level's rounding).
        tolerance = sum(_best(monkeypatch, word) for word in params["q"].split()) / 254 * 1.01
        fast_scores, public_scores = dict(fast), dict(public)
        assert fast_scores.keys() == public_scores.keys()
        for post_id, score in public_scores.items():
            assert score - 1e-9 <= fast_scores[post_id] <= score + tolerance
        group_of = {
            post_id: n
            for n, group in enumerate(_score_groups(public, tolerance))
            for post_id in group
        }
        fast_groups = [group_of[post_id] for post_id, _ in fast]
        assert fast_groups == sorted(fast_groups)
    else:  # by date or by reports: one order
        assert public == fast


def test_the_public_path_scores_with_whooshs_search(forum, monkeypatch):
    monkeypatch.setattr(whoosh_internals, "FAST_PATH", False)
    with store.searcher() as searcher:
        assert isinstance(ranking.ranker(searcher), ranking.PublicRanker)
    monkeypatch.setattr(ranking.Ranker, "top", _never)
    assert search(SearchParams(q="school")).hits  # ranked without the impacts


def _never(*args, **kwargs):
    raise AssertionError("the fast path ran")


def test_another_whoosh_version_still_searches_and_says_why_once(app, client, monkeypatch, caplog):
    # Restored after the test, whatever choose_path sets.
    monkeypatch.setattr(whoosh_internals, "FAST_PATH", whoosh_internals.FAST_PATH)
    monkeypatch.setattr(whoosh_internals, "_told", whoosh_internals._told)
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    assert whoosh_internals.choose_path() is False  # what the import does

    with app.app_context():
        make_post(title="Inhaler in the kit bag", body="A spacer too.")  # written publicly
    caplog.set_level(logging.WARNING, logger="search")
    for url in ("/search?q=inhaler", "/api/v1/search?q=inhaler", "/search?q=spacer"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Inhaler in the kit bag" in response.get_data(as_text=True)
    told = [r for r in caplog.records if r.name == "search" and "public API" in r.getMessage()]
    assert len(told) == 1
    assert "2.7.6" in told[0].getMessage() and "2.7.5" in told[0].getMessage()

    monkeypatch.setattr(whoosh, "__version__", whoosh_internals.PINNED)
    assert whoosh_internals.choose_path() is True


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "two-processes"])
def test_whooshs_own_writer_rebuilds_what_bulk_builds(forum, monkeypatch, parallel):
    answers = {}
    for fast in (True, False):
        monkeypatch.setattr(whoosh_internals, "FAST_PATH", fast)
        if parallel:
            monkeypatch.setattr(rebuilding, "PARALLEL_FROM", 1)
            monkeypatch.setattr(rebuilding, "WHOOSH_BATCH", 10)  # work for both processes
        db.session.rollback()  # SQLite: let go of the write lock the fixture's reads took
        assert rebuilding.rebuild(procs=2) == len(searchable_ids())
        assert indexed_ids() == searchable_ids()
        with store.searcher() as searcher:
            segments = len(searcher.reader().leaf_readers())
        assert segments == (2 if parallel else 1)
        found = {repr(p): _answer(monkeypatch, fast, p) for p in QUERIES}
        answers[fast] = {p: (sorted(i for i, _ in hits), rest) for p, (hits, rest) in found.items()}
        db.session.rollback()
    assert answers[False] == answers[True]


def test_a_cursor_written_after_the_lock_keeps_a_newer_one(app_ctx):
    # The public path writes the cursor once Whoosh's lock is released: a writer
    # that came in between and wrote a newer cursor keeps it.
    store.open_index()
    store.write_state(store.SyncState(high=20, synced_at=200.0), keep_newer=True)
    store.write_state(store.SyncState(high=10, synced_at=100.0), keep_newer=True)
    assert store.read_state().high == 20
    store.write_state(store.SyncState(high=30, synced_at=300.0), keep_newer=True)
    assert store.read_state().high == 30


@pytest.mark.bench
def test_rebuild_benchmark_runs_both_writers(tmp_path, capsys):
    from bench import rebuild_bench

    argv = ["--posts", "300", "--runs", "1", "--writer", "both", "--dir", str(tmp_path)]
    bulk, whoosh_writer = rebuild_bench.main(argv)
    assert bulk["posts"] == whoosh_writer["posts"] > 250  # the unpublished few are left out
    out = capsys.readouterr().out
    assert "(bulk)" in out and "(whoosh)" in out and "whoosh's writer / bulk" in out
    assert "through Whoosh's own writer" in out  # its own row in the table
