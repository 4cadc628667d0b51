"""Which documents match, facet counts and sort keys, straight from the index.

A set of matching documents is a *bit mask*: a Python int whose bit ``n`` is
set when document number ``n`` matches. Unions, intersections and counts of
masks run in C over 12.5 KB at 100,000 posts, in microseconds, whatever the
words; a word in half the posts costs no more than a rare one. Each term's
mask is built once per index segment from its posting list and kept
(segments never change once written; deletions are applied on use).
``search.query.ranking`` then scores only the documents a mask holds. Facet counts
are intersections with the masks of each condition, kind and perspective.
Sort keys come from per-document columns, read once per segment into plain
arrays and indexed in C.

On a Whoosh other than the pinned one (``search.whoosh_internals.fast_path``)
the masks and columns come through Whoosh's public API instead: each term's
documents from its own matcher (``Query.docs``), columns from
``column_reader``, nothing cached beyond the searcher. Slower, same sets.
"""

from __future__ import annotations

import heapq
import operator
import sys
import weakref
from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import compress, repeat

from whoosh import query as wq
from whoosh.searching import Searcher

from forum.plugins import BoundedLRU
from search import whoosh_internals
from search.whoosh_internals import deleted_docs, numeric_column, posting_weights

_FLAGS_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_DIGITS_TO_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def mask_of(docnums: Iterable[int], size: int) -> int:
    """The mask with the bits of ``docnums`` set (each below ``size``)."""
    if size <= 0:
        return 0
    flags = bytearray(size)  # one byte a document: set them in C, then read as binary
    deque(map(flags.__setitem__, docnums, repeat(1)), maxlen=0)
    flags.reverse()
    return int(flags.translate(_FLAGS_TO_DIGITS), 2)


def flags_of(mask: int, size: int) -> bytes:
    """One byte a document, 1 where the mask's bit is set: ``size`` bytes."""
    flags = bin(mask)[:1:-1].encode().translate(_DIGITS_TO_FLAGS)[:size]
    return flags + bytes(size - len(flags))


def docnums_of(mask: int) -> list[int]:
    """The document numbers whose bits are set, in increasing order."""
    flags = bin(mask)[:1:-1].encode().translate(_DIGITS_TO_FLAGS)
    return list(compress(range(len(flags)), flags))


class DocSets:
    """Masks for the queries ``search.query.parse`` builds, over one searcher's documents.

    Kept with the searcher (``of_searcher``), which ``search.store`` reuses
    until the index changes, so the masks of common terms and facet values
    are assembled once per index version, not once per search.
    """

    # Bounded in bytes, not terms: at 100,000 posts nearly every mask (even a
    # rare word's, whose last bit is set far up) is about 12.5 KB, so the old
    # 1,024 terms held 12.5 MB a worker, copies of masks ``_masks`` already
    # keeps per segment. Rebuilding one from those is an AND: microseconds.
    MAX_BYTES = 2 * 2**20

    @classmethod
    def of_searcher(cls, searcher: Searcher) -> DocSets:
        sets = getattr(searcher, "_doc_sets", None)
        if sets is None:
            sets = searcher._doc_sets = cls(searcher)
        return sets

    def __init__(self, searcher: Searcher):
        # Weak: the searcher holds these sets, and a cycle would keep a closed
        # searcher's memory maps (of deleted files, often) until a full GC.
        self.searcher = weakref.proxy(searcher)
        self.reader = searcher.reader()
        self.leaves = self.reader.leaf_readers()
        self.size = self.reader.doc_count_all()
        self._terms: dict[tuple[str, str], int] = {}
        self._terms_bytes = 0
        self._live: int | None = None
        self._values: dict[str, list[str]] = {}

    def of(self, q: wq.Query) -> int:
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, wq.Or):
            found = 0
            for sub in q.subqueries:
                found |= self.of(sub)
            return found
        if isinstance(q, wq.And):
            found = self.of(q.subqueries[0])
            for sub in q.subqueries[1:]:
                found &= self.of(sub)
            return found
        if isinstance(q, wq.Every):
            return self.everything()
        # Phrases need positions: Whoosh's matcher (which skips deleted documents).
        return mask_of(q.docs(self.searcher), self.size)

    def everything(self) -> int:
        """Every document not deleted."""
        if self._live is None:
            if not whoosh_internals.fast_path():
                self._live = mask_of(self.reader.all_doc_ids(), self.size)
                return self._live
            live = (1 << self.size) - 1
            for leaf, offset in self.leaves:
                if leaf.has_deletions():
                    live &= ~(mask_of(deleted_docs(leaf), leaf.doc_count_all()) << offset)
            self._live = live
        return self._live

    def term(self, field: str, text: str) -> int:
        key = (field, text)
        found = self._terms.get(key)
        if found is None:
            if whoosh_internals.fast_path():
                found = 0
                for leaf, offset in self.leaves:
                    if (field, text) in leaf:
                        found |= segment_mask(leaf, field, text) << offset
                found &= self.everything()
            else:  # Whoosh's own matcher, which skips deleted documents
                found = mask_of(wq.Term(field, text).docs(self.searcher), self.size)
            if self._terms_bytes >= self.MAX_BYTES:
                self._terms.clear()
                self._terms_bytes = 0
            self._terms[key] = found
            self._terms_bytes += sys.getsizeof(found)
        return found

    def values(self, field: str) -> list[str]:
        """Every term of a field (the conditions, kinds or perspectives in the index)."""
        if field not in self._values:
            self._values[field] = list(self.reader.field_terms(field))
        return self._values[field]


# Posting lists of words just read, with their term frequencies: a word's mask
# and its ranking impact (``search.query.ranking``) are built from the same lists,
# usually in the same search; one read serves both. Other fields (conditions,
# kind, perspective) only ever need their masks. Bounded by postings held.
WORD_FIELDS = frozenset({"title", "body", "tags"})
POSTINGS_CACHE = 200_000  # 1.6 MB: a 4-byte id and a 4-byte frequency each
_postings = BoundedLRU(POSTINGS_CACHE, cost=lambda found: len(found[0]))
# Term masks per segment, deletions not applied: an eighth of a byte a document.
MASK_CACHE_BYTES = 16 * 2**20
_masks = BoundedLRU(MASK_CACHE_BYTES, cost=sys.getsizeof)
# Sort-key columns per segment: 8 bytes a document each.
_columns = BoundedLRU(128)


def term_postings(leaf, field: str, text: str) -> tuple[array, array]:
    """(document numbers, term frequencies) of a term within one segment."""
    key = (leaf.segment().segment_id(), field, text)
    found = _postings.get(key)
    if found is None:
        found = posting_weights(leaf, field, text)
        _postings.put(key, found)
    return found


def segment_mask(leaf, field: str, text: str) -> int:
    """The mask of a term within one segment (deleted documents included)."""
    key = (leaf.segment().segment_id(), field, text)
    mask = _masks.get(key)
    if mask is None:
        read = term_postings if field in WORD_FIELDS else posting_weights
        mask = mask_of(read(leaf, field, text)[0], leaf.doc_count_all())
        _masks.put(key, mask)
    return mask


# Most reported to work, then newest, as one int64: worked * 10**16 + created µs.
_WORKED_CAP = 900


def _read_column(leaf, field: str) -> Sequence:
    if field == "rank_worked":
        worked, created = _segment_values(leaf, "worked"), _segment_values(leaf, "created")
        capped = map(min, worked, repeat(_WORKED_CAP))
        return array("q", map(operator.add, map((10**16).__mul__, capped), created))
    return numeric_column(leaf, field)


def _segment_values(leaf, field: str) -> Sequence:
    key = (leaf.segment().segment_id(), field)
    values = _columns.get(key)
    if values is None:
        values = _read_column(leaf, field)
        _columns.put(key, values)
    return values


def _public_column(searcher: Searcher, field: str) -> Sequence:
    if field == "rank_worked":
        worked, created = _public_column(searcher, "worked"), _public_column(searcher, "created")
        capped = map(min, worked, repeat(_WORKED_CAP))
        return array("q", map(operator.add, map((10**16).__mul__, capped), created))
    values = []
    for leaf, _offset in searcher.reader().leaf_readers():
        values.extend(leaf.column_reader(field))  # a segment without the column: defaults
    return values


def column(searcher: Searcher, field: str) -> Sequence:
    """The values of a column for every document number of this searcher."""
    if not whoosh_internals.fast_path():
        return _public_column(searcher, field)
    leaves = searcher.reader().leaf_readers()
    if len(leaves) == 1:
        return _segment_values(leaves[0][0], field)
    parts = [_segment_values(leaf, field) for leaf, _offset in leaves]
    joined = parts[0][:0]
    for part in parts:
        joined += part
    return joined


FACETS = (
    ("conditions", "conditions"),
    ("kinds", "kind"),
    ("perspectives", "perspective"),
    ("evidence", "evidence"),
)


def count_facets(sets: DocSets, matched: int) -> dict[str, dict[str, int]]:
    """Counts of conditions, kinds, perspectives and evidence levels over ``matched``,
    largest first."""
    facets = {}
    for name, field in FACETS:
        counts = {}
        if matched:
            for value in sets.values(field):
                n = (matched & sets.term(field, value)).bit_count()
                if n:
                    counts[value] = n
        facets[name] = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return facets


def top_by_field(searcher: Searcher, docnums: Iterable[int], sort: str, k: int) -> list[int]:
    """The ``k`` newest (or most reported to work, or still working, then newest) of ``docnums``."""
    if sort == "still_working":
        still, created = column(searcher, "still_working"), column(searcher, "created")
        return heapq.nlargest(k, docnums, key=lambda d: (still[d], created[d]))
    if sort == "adapted":
        adapted, created = column(searcher, "adapted"), column(searcher, "created")
        return heapq.nlargest(k, docnums, key=lambda d: (adapted[d], created[d]))
    keys = column(searcher, "rank_worked" if sort == "worked" else "created")
    return heapq.nlargest(k, docnums, key=keys.__getitem__)
