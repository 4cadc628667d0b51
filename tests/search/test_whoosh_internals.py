"""The pieces that reach into Whoosh agree with Whoosh's own slow paths."""

from __future__ import annotations

import random

import pytest
from whoosh import index
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema

from search.whoosh_internals import deleted_docs, posting_ids

WORDS = ["school", "sleep", "lunch", "nurse", "clinic", "pump", "walk", "flare"]


@pytest.fixture
def ix(tmp_path):
    """Three segments, 1,500 documents (many posting blocks), some deleted."""
    rng = random.Random(7)
    ix = index.create_in(str(tmp_path), Schema(id=ID(stored=True, unique=True), text=TEXT, kind=ID))
    for segment in range(3):
        writer = ix.writer()
        for n in range(500):
            words = " ".join(rng.choices(WORDS, k=rng.randint(1, 12)))
            kind = rng.choice(["hack", "question"])
            writer.add_document(id=f"{segment}-{n}", text=words, kind=kind)
        writer.commit(merge=False)
    writer = ix.writer()
    for n in range(0, 500, 7):
        writer.delete_by_term("id", f"1-{n}")
    writer.commit(merge=False)
    return ix


def test_posting_ids_match_whoosh_and_skip_deleted_documents(ix):
    with ix.searcher() as searcher:
        for leaf, _offset in searcher.reader().leaf_readers():
            for word in WORDS:
                expected = set(leaf.postings("text", word).all_ids())
                assert set(posting_ids(leaf, "text", word)) - deleted_docs(leaf) == expected
        assert len(searcher.reader().leaf_readers()) == 3


@pytest.mark.parametrize("word", WORDS[:4])
def test_filtered_top_k_with_skipping_matches_scoring_everything(ix, word):
    q = wq.Require(wq.Term("text", word), wq.Term("kind", "question"))
    with ix.searcher() as searcher:
        fast = searcher.search(q, limit=10)
        slow = searcher.search(q, limit=None, optimize=False)
        assert [round(h.score, 6) for h in fast] == [round(h.score, 6) for h in slow[:10]]
        assert {h["id"] for h in fast} <= {h["id"] for h in slow}


def test_view_file_reads_like_bytesio():
    from io import BytesIO

    from search.whoosh_internals import _ViewFile

    data = b"first line\nsecond\nthird without newline"
    ours, theirs = _ViewFile(memoryview(data)), BytesIO(data)
    for step in ("read4", "readline", "tell", "seek2", "readline", "read", "read", "seek0"):
        if step.startswith("read") and step != "readline":
            size = int(step[4:] or -1)
            assert ours.read(size) == theirs.read(size)
        elif step == "readline":
            assert ours.readline() == theirs.readline()
        elif step == "tell":
            assert ours.tell() == theirs.tell()
        else:
            assert ours.seek(int(step[4:])) == theirs.seek(int(step[4:]))
    assert ours.readline(3) == theirs.readline(3)


def test_open_searcher_survives_a_merge_that_deletes_its_files(ix):
    with ix.searcher() as searcher:
        before = searcher.doc_count()
        writer = ix.writer()
        writer.add_document(id="new", text="school", kind="hack")
        writer.commit(optimize=True)  # merges every segment and deletes the old files
        # Still readable: the old segments were mapped when the searcher opened.
        assert searcher.doc_count() == before
        assert len(list(searcher.documents(kind="question"))) > 100
        assert len(searcher.search(wq.Term("text", "school"), limit=None)) > 100
