"""The pieces that reach into Whoosh agree with Whoosh's own slow paths."""

from __future__ import annotations

import random

import pytest
from whoosh import columns, index
from whoosh import query as wq
from whoosh.fields import COLUMN, ID, TEXT, Schema
from whoosh.util.numeric import byte_to_length

from search.whoosh_internals import (
    deleted_docs,
    field_length_bytes,
    numeric_column,
    posting_weights,
)

WORDS = ["school", "sleep", "lunch", "nurse", "clinic", "pump", "walk", "flare"]


@pytest.fixture
def ix(tmp_path):
    """Three segments, 1,500 documents (many posting blocks), some deleted."""
    rng = random.Random(7)
    schema = Schema(
        id=ID(stored=True, unique=True), text=TEXT, kind=ID, n=COLUMN(columns.NumericColumn("q"))
    )
    ix = index.create_in(str(tmp_path), schema)
    for segment in range(3):
        writer = ix.writer()
        for n in range(500):
            words = " ".join(rng.choices(WORDS, k=rng.randint(1, 12)))
            kind = rng.choice(["hack", "question"])
            value = {"n": rng.randint(-(2**40), 2**60)} if n % 5 else {}  # some left default
            writer.add_document(id=f"{segment}-{n}", text=words, kind=kind, **value)
        writer.commit(merge=False)
    writer = ix.writer()
    for n in range(0, 500, 7):
        writer.delete_by_term("id", f"1-{n}")
    writer.commit(merge=False)
    return ix


def test_postings_match_whoosh_and_skip_deleted_documents(ix):
    with ix.searcher() as searcher:
        for leaf, _offset in searcher.reader().leaf_readers():
            deleted = deleted_docs(leaf)
            for word in WORDS:
                expected = dict(leaf.postings("text", word).items_as("weight"))
                ids, weights = posting_weights(leaf, "text", word)
                found = {d: w for d, w in zip(ids, weights, strict=True) if d not in deleted}
                assert found == expected
        assert len(searcher.reader().leaf_readers()) == 3


def test_numeric_columns_match_whoosh(ix):
    with ix.searcher() as searcher:
        for leaf, _offset in searcher.reader().leaf_readers():
            assert list(numeric_column(leaf, "n")) == list(leaf.column_reader("n"))


def test_field_lengths_match_whoosh(ix):
    with ix.searcher() as searcher:
        for leaf, _offset in searcher.reader().leaf_readers():
            lengths = field_length_bytes(leaf, "text")
            assert len(lengths) == leaf.doc_count_all()
            for docnum in leaf.all_doc_ids():
                assert byte_to_length(lengths[docnum]) == leaf.doc_field_length(docnum, "text")


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
