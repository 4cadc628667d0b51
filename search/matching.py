"""Sets of matching documents, facet counts and sort keys, straight from the index.

Whoosh scores every hit one by one in Python; counting and filtering don't need
scores, so they run on plain sets of document numbers built from posting
lists (set unions and intersections run in C). Scoring is then asked only for
the page being shown. Facets and sort keys come from per-document columns,
read once per segment into plain lists (segments never change once written,
so the lists are cached by segment id) and indexed in C.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Collection, Iterable, Sequence

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.searching import Searcher

from search.whoosh_internals import deleted_docs, posting_ids


class DocSets:
    """Document-number sets for the queries ``search.query`` builds, cached per search."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self._terms: dict[tuple[str, str], frozenset[int]] = {}

    def of(self, q: wq.Query) -> set[int] | frozenset[int]:
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, wq.Or):
            found: set[int] = set()
            for sub in q.subqueries:
                found |= self.of(sub)
            return found
        if isinstance(q, wq.And):
            sets = sorted((self.of(sub) for sub in q.subqueries), key=len)
            return set(sets[0]).intersection(*sets[1:])
        if isinstance(q, wq.Every):
            return self.of_everything()
        return set(q.docs(self.searcher))  # phrases: need positions, let Whoosh do it

    def of_everything(self) -> set[int]:
        everything: set[int] = set()
        for leaf, offset in self.reader.leaf_readers():
            everything.update(range(offset, offset + leaf.doc_count_all()))
            if leaf.has_deletions():
                everything.difference_update(offset + d for d in leaf.deleted_docs_set)
        return everything

    def term(self, field: str, text: str) -> frozenset[int]:
        key = (field, text)
        if key not in self._terms:
            found: set[int] = set()
            for leaf, offset in self.reader.leaf_readers():
                if (field, text) in leaf:
                    ids = set(_term_ids(leaf, field, text)) - deleted_docs(leaf)
                    found.update(ids if not offset else {i + offset for i in ids})
            self._terms[key] = frozenset(found)
        return self._terms[key]


# Posting lists of common words, per segment (segments never change once
# written; deletions are subtracted on use). Bounded by total ids held.
TERM_CACHE_IDS = 2_000_000  # 8 MB of 4-byte ids
_CACHE_FROM = 512  # shorter lists are cheaper to read than to keep
_term_cache: OrderedDict[tuple[str, str, str], array] = OrderedDict()
_term_cache_size = 0
_term_cache_lock = threading.Lock()


def _term_ids(leaf, field: str, text: str) -> array:
    global _term_cache_size
    key = (leaf.segment().segment_id(), field, text)
    with _term_cache_lock:
        ids = _term_cache.get(key)
        if ids is not None:
            _term_cache.move_to_end(key)
            return ids
    ids = posting_ids(leaf, field, text)
    if len(ids) >= _CACHE_FROM:
        with _term_cache_lock:
            if key not in _term_cache:
                _term_cache[key] = ids
                _term_cache_size += len(ids)
            while _term_cache_size > TERM_CACHE_IDS and _term_cache:
                _term_cache_size -= len(_term_cache.popitem(last=False)[1])
    return ids


_SEGMENT_CACHE_SIZE = 128
_segment_columns: dict[tuple[str, str], Sequence] = {}
# Most reported to work, then newest, as one int64: worked * 10**16 + created µs.
_WORKED_CAP = 900


def _read_column(leaf, field: str) -> Sequence:
    if field == "rank_worked":
        worked, created = _segment_values(leaf, "worked"), _segment_values(leaf, "created")
        pairs = zip(worked, created, strict=True)
        return array("q", (min(w, _WORKED_CAP) * 10**16 + c for w, c in pairs))
    if field in ("created", "worked"):
        return array("q", leaf.column_reader(field))
    unique: dict = {}  # facet keys repeat a lot: keep one object per distinct value
    return [unique.setdefault(v, v) for v in leaf.column_reader(field)]


def _segment_values(leaf, field: str) -> Sequence:
    key = (leaf.segment().segment_id(), field)
    values = _segment_columns.get(key)
    if values is None:
        values = _read_column(leaf, field)
        while len(_segment_columns) >= _SEGMENT_CACHE_SIZE:
            _segment_columns.pop(next(iter(_segment_columns)))
        _segment_columns[key] = values
    return values


def column(searcher: Searcher, field: str) -> Sequence:
    """The values of a column for every document number of this searcher."""
    leaves = searcher.reader().leaf_readers()
    if len(leaves) == 1:
        return _segment_values(leaves[0][0], field)
    parts = [_segment_values(leaf, field) for leaf, _offset in leaves]
    joined = parts[0][:0]
    for part in parts:
        joined += part
    return joined


def count_facets(searcher: Searcher, docnums: Collection[int]) -> dict[str, dict[str, int]]:
    """Counts of conditions, kinds and perspectives over ``docnums``, largest first."""
    combos: Counter[bytes] = Counter()
    if docnums:  # an empty index has no columns to read
        combos.update(map(column(searcher, "facets").__getitem__, docnums))
    kinds: Counter[str] = Counter()
    perspectives: Counter[str] = Counter()
    conditions: Counter[str] = Counter()
    for key, n in combos.items():
        kind, perspective, slugs = key.decode().split(" ", 2)
        kinds[kind] += n
        perspectives[perspective] += n
        for slug in slugs.split(","):
            if slug:
                conditions[slug] += n
    return {
        "conditions": dict(conditions.most_common()),
        "kinds": dict(kinds.most_common()),
        "perspectives": dict(perspectives.most_common()),
    }


def top_by_field(searcher: Searcher, docnums: Iterable[int], sort: str, k: int) -> list[int]:
    """The ``k`` newest (or most reported to work, then newest) of ``docnums``."""
    keys = column(searcher, "rank_worked" if sort == "worked" else "created")
    return heapq.nlargest(k, docnums, key=keys.__getitem__)


def top_by_score(
    searcher: Searcher, q: wq.Query, k: int, time_limit: float
) -> tuple[list[tuple[int, float]], bool]:
    """The ``k`` best-scoring documents for ``q``, as (docnum, score).

    Whoosh's top-k collector skips blocks that can't make the top ``k``. The
    second value is False when the time limit cut scoring short (the hits are
    then the best of those scored so far).
    """
    if k <= 0:
        return [], True
    collector = TimeLimitCollector(
        searcher.collector(limit=k), timelimit=time_limit, use_alarm=False
    )
    complete = True
    try:
        searcher.search_with_collector(q, collector)
    except TimeLimit:
        complete = False
    return [(hit.docnum, hit.score) for hit in collector.results()], complete
