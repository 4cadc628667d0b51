"""Rebuilding in bulk: the index sync would build, from one process or several."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from whoosh import index
from whoosh.codec.whoosh3 import W3TermInfo

from bench.corpus import generate_posts
from forum.extensions import db
from search import store, whoosh_internals
from search.index import documents
from search.index import rebuild as rebuilding
from search.index.bulk import SegmentBuilder
from search.index.schema import TEXT_ANALYZER, WORDS_ANALYZER, index_terms
from search.query.params import SearchParams
from search.query.service import search
from tests.factories import make_post
from tests.search.conftest import indexed_ids, searchable_ids

EDGE_CASES = [
    "",
    "the and of a",  # nothing but stop words
    "The cat's walking to Crohn’s clinic, and the Éclair a b walked-away",
    "I x 3 42 under_score Straße naïve ΑΘΗΝΑ tube-feeds don't DON'T",
    "  leading spaces, then the end.",
]


@pytest.mark.parametrize(
    "text", EDGE_CASES + [p["body"] for p in generate_posts(60, seed=3)] + ["Title of it"]
)
def test_index_terms_are_what_the_analyzer_indexes(text):
    first, kept = index_terms(text)
    expected = [(t.text, t.pos) for t in TEXT_ANALYZER(text, positions=True)]
    assert [(term, first + i) for i, (_, term) in enumerate(kept)] == expected
    # The unstemmed words: what a title keeps for spelling suggestions.
    assert [word for word, _ in kept] == [t.text for t in WORDS_ANALYZER(text)]


def _documents(n: int) -> list[dict]:
    docs = []
    for i, post in enumerate(generate_posts(n, seed=5)):
        title = post["title"] if i % 50 else "The and of"  # no words but stop words
        docs.append(
            {
                "post_id": str(i + 1),
                "title": title,
                "title_words": title,
                "body": post["body"],
                "tags": " ".join(post["tags"]) if i % 7 else "",
                "conditions": ",".join(post["conditions"]),
                "kind": post["kind"],
                "perspective": ("caregiver", "patient", "clinician")[i % 3],
                "created": 1_700_000_000_000_000 + i,
                "worked": post["outcomes"]["worked"],
            }
        )
    return docs


def _contents(path: Path) -> dict:
    """Everything a search can read from a one-segment index, decoded."""
    reader = index.open_dir(str(path), schema=store.SCHEMA).reader()
    (leaf, _), *others = reader.leaf_readers()
    assert not others
    terms = {}
    for field, text in reader.all_terms():
        info = vars(W3TermInfo.from_bytes(leaf._terms._tindex[leaf._terms._keycoder(field, text)]))
        matcher, postings = leaf.postings(field, text), []
        while matcher.is_active():
            postings.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        where = ("_offset", "_length")  # where the postings sit in the file
        terms[field, text] = ({k: v for k, v in info.items() if k not in where}, postings)
    docs = range(reader.doc_count_all())
    scorable = ("title", "body", "tags", "conditions")
    contents = {
        "terms": terms,
        "stored": list(reader.all_stored_fields()),
        "columns": {f: list(reader.column_reader(f)) for f in ("created", "worked")},
        "lengths": {f: [reader.doc_field_length(d, f) for d in docs] for f in scorable},
        "totals": {f: reader.field_length(f) for f in scorable},
    }
    reader.close()
    return contents


@pytest.mark.parametrize("memory_mb", [64, 0.02], ids=["in-memory", "spilled-to-runs"])
def test_bulk_segment_holds_what_add_document_writes(tmp_path, memory_mb):
    docs = _documents(300)
    one_by_one, bulk = tmp_path / "one-by-one", tmp_path / "bulk"
    for path in (one_by_one, bulk):
        path.mkdir()
        index.create_in(str(path), store.SCHEMA)

    ix = index.open_dir(str(one_by_one), schema=store.SCHEMA)
    with ix.writer() as writer:
        for doc in docs:
            writer.add_document(**doc)

    ix = index.open_dir(str(bulk), schema=store.SCHEMA)
    writer = ix.writer()
    builder = SegmentBuilder(ix, memory_mb=memory_mb)
    for doc in docs:
        builder.add(doc)
    whoosh_internals.commit_segments(writer, [builder.finish()])

    assert _contents(bulk) == _contents(one_by_one)


def _answers() -> dict:
    """What people see for a few searches: hits newest first, totals, facets, suggestions."""
    answers = {}
    for q in ("school", "crohns", "IBD", "tube feeds", "walking", "bathrom", ""):
        result = search(SearchParams(q=q, sort="newest"))
        titles = [hit.post.title for hit in result.hits]
        answers[q] = (titles, result.total, result.facets, result.suggestion)
    db.session.rollback()  # outside a request SQLite transactions write-lock: end it, as one would
    return answers


def test_rebuild_in_two_processes_finds_what_sync_found(corpus, app, runner, monkeypatch):
    make_post(title="Hidden from search", body="School letters", status="hidden")
    before = _answers()
    monkeypatch.setattr(rebuilding, "PARALLEL_FROM", 1)  # six posts: split anyway

    result = runner.invoke(args=["search", "rebuild", "--procs", "2"])

    assert result.exit_code == 0, result.output
    assert "Indexed 6 posts." in result.output
    with store.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2  # a segment from each process
    assert indexed_ids() == searchable_ids()
    assert _answers() == before


@pytest.mark.parametrize("how", ["raises", "is-killed"])
def test_a_failed_rebuild_leaves_search_as_it_was(corpus, app, runner, monkeypatch, how):
    before = _answers()
    monkeypatch.setattr(rebuilding, "PARALLEL_FROM", 1)
    parent, load = os.getpid(), documents.load_documents

    def load_failing_in_the_helper(*args, **kwargs):
        if os.getpid() != parent:
            if how == "is-killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise OSError("disk on fire")
        return load(*args, **kwargs)

    monkeypatch.setattr(documents, "load_documents", load_failing_in_the_helper)
    result = runner.invoke(args=["search", "rebuild", "--procs", "2"])

    assert result.exit_code != 0
    assert "indexing process" in str(result.exception)
    assert _answers() == before
    monkeypatch.setattr(documents, "load_documents", load)
    result = runner.invoke(args=["search", "rebuild"])  # the index isn't left locked
    assert result.exit_code == 0, result.output
    assert _answers() == before
