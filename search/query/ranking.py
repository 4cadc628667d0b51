"""Relevance ranking: BM25 over cached per-segment impact arrays.

Whoosh scores a query by walking every matching posting through a tree of
Python matcher objects, which at 100,000 posts costs 100+ ms for a word that
is in half the posts. Ranking here needs only one number per post and term
of the query, so each word's *impact* on a post (BM25 over title, body and
tags, each with its boost, summed) is computed once per index segment and
kept (segments never change once written): one byte a post for common words,
a dict for rare ones. A search then sums its terms' impacts over the posts
it already matched (the masks of ``search.query.matching``) and keeps the top
``k``, with C-level ``map`` and ``heapq``: well under a microsecond a post.

Impacts use the whole index's idf and average field lengths, rounded so that
a new post seldom changes them; the rounded values are part of the cache key,
so any two processes score the same index the same way.

On a Whoosh other than the pinned one (``search.whoosh_internals.fast_path``)
:func:`ranker` gives a :class:`PublicRanker` instead: Whoosh's own
``Searcher.search`` with :class:`SameFormula`, a weighting model that scores
each field as an impact does, with the same rounded statistics. Only the
levels of common terms differ (an impact rounds a score up to 1/254 of the
term's best), so only near-ties may come in another order.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Sequence
from functools import reduce
from itertools import chain, repeat
from math import ceil
from typing import NamedTuple

from whoosh import query as wq
from whoosh.scoring import BaseScorer, WeightingModel
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from forum.plugins import BoundedLRU
from search import whoosh_internals
from search.query.matching import flags_of, segment_mask, term_postings
from search.query.parse import Unit
from search.whoosh_internals import field_length_bytes

# BM25's usual constants (Whoosh's defaults too).
K1 = 1.2
B = 0.75
# Where a word scores, and how much: a title match counts three times a body match.
WORD_FIELDS = (("title", 3.0), ("body", 1.0), ("tags", 2.0))
# A post tagged with the condition a query names ("IBD"), or one beneath it.
CONDITION_BOOST = 1.5
# A term in at least this share of a segment's documents keeps its impacts as
# one byte a document (255 levels of its highest score); rarer terms as a dict.
DENSE_FROM = 1 / 100
# Bound on cached impacts, in (approximate) bytes.
CACHE_BYTES = 16 * 2**20
_DICT_ENTRY_BYTES = 100  # an int key, a float value and the slot


class Dense(NamedTuple):
    """Impacts of a common term: document ``d`` scores ``scale * levels[d]``."""

    scale: float
    levels: array  # "B": one byte a document of the segment


Impact = Dense | dict  # a dict maps docnum -> score, for the documents that have the term


def _bytes(impact: Impact) -> int:
    if isinstance(impact, Dense):
        return len(impact.levels)
    return len(impact) * _DICT_ENTRY_BYTES


_cache = BoundedLRU(CACHE_BYTES, cost=_bytes)


class Ranker:
    """Scores posts of one searcher against a query's units."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self.leaves = searcher.reader().leaf_readers()
        self.docs = searcher.doc_count_all()
        self._term_stats: dict[tuple[str, str], tuple] = {}

    def top(self, units: Sequence[Unit], docnums: list[int], k: int):
        """The ``k`` best of ``docnums`` (in increasing order) as (docnum, score), best first.

        A post's score is the sum of its units' (and so of their terms')
        impacts. Ties go to the higher document number (the later indexed).
        """
        if k <= 0 or not docnums:
            return []
        terms = {term for unit in units for term in _terms(unit)}
        scored = []
        for leaf, offset in self.leaves:
            # This segment's share of the documents, in its own numbering.
            lo = bisect_left(docnums, offset)
            hi = bisect_left(docnums, offset + leaf.doc_count_all(), lo)
            if lo == hi:
                continue
            docs = docnums[lo:hi]
            local = list(map(offset.__rsub__, docs)) if offset else docs
            parts = [_values(self._segment(leaf, term), local) for term in terms]
            scores = reduce(lambda a, b: map(operator.add, a, b), parts)
            scored.append(zip(scores, docs, strict=True))
        return [(d, s) for s, d in heapq.nlargest(k, chain.from_iterable(scored))]

    def _segment(self, leaf, term: tuple[str, str]) -> Impact:
        kind, text = term
        stats = self._stats(term)
        # Keyed by the (rounded) statistics it is computed from: every process
        # scores the same index alike, whatever it has cached, and a term whose
        # idf has moved is computed afresh.
        cache_key = (leaf.segment().segment_id(), kind, text, stats)
        impact = _cache.get(cache_key)
        if impact is None:
            if kind == "word":
                impact = self._word_impact(leaf, text, stats)
            else:
                impact = self._condition_impact(leaf, text, stats)
            _cache.put(cache_key, impact)
        return impact

    def _stats(self, term: tuple[str, str]) -> tuple:
        """:func:`term_stats`, once per search."""
        found = self._term_stats.get(term)
        if found is None:
            found = self._term_stats[term] = term_stats(self.searcher, term)
        return found

    def _word_impact(self, leaf, stem: str, stats: tuple) -> Impact:
        weights = field_weights(stats)
        present = [f for f, _ in WORD_FIELDS if (f, stem) in leaf]
        fields = [(f, term_postings(leaf, f, stem)) for f in present]
        # The longest list fills the dict in one C call; the others are added to it.
        fields.sort(key=lambda item: -len(item[1][0]))
        found: dict[int, float] = {}
        for field, (ids, tfs) in fields:
            scale, avg = weights[field]
            # Field lengths are stored as one byte each: 256 possible norms.
            norms = [K1 * (1 - B + B * byte_to_length(b) / avg) for b in range(256)]
            lengths = field_length_bytes(leaf, field)
            # scale * tf / (tf + norm), a posting at a time in C.
            norm = map(norms.__getitem__, map(lengths.__getitem__, ids))
            scores = map(scale.__mul__, map(operator.truediv, tfs, map(operator.add, tfs, norm)))
            if not found:
                found = dict(zip(ids, scores, strict=True))
                continue
            get = found.get
            for d, score in zip(ids, scores, strict=True):
                found[d] = get(d, 0.0) + score
        return _compact(found, leaf.doc_count_all())

    def _condition_impact(self, leaf, slug: str, stats: tuple) -> Impact:
        if ("conditions", slug) not in leaf:
            return {}
        # Every post tagged with it scores the same: the tag's mask, one byte a post.
        mask = segment_mask(leaf, "conditions", slug)
        levels = array("B", flags_of(mask, leaf.doc_count_all()))
        return Dense(condition_score(stats), levels)


def term_stats(searcher: Searcher, term: tuple[str, str]) -> tuple:
    """The idf and average length of each field the term scores in, rounded.

    Rounded to steps of 1/20 in idf and 2% in average length: a new post
    rarely moves them, so cached impacts last.
    """
    kind, text = term
    if kind == "word":
        return tuple(
            (round(_idf(searcher, f, text) * 20), round(math.log(_avg(searcher, f)) * 50))
            for f, _ in WORD_FIELDS
        )
    return ((round(_idf(searcher, "conditions", text) * 20), 0),)


def field_weights(stats: tuple) -> dict[str, tuple[float, float]]:
    """A word's (scale, average length) per field: it scores ``scale * tf / (tf + norm)``."""
    return {
        f: (boost * idf / 20 * (K1 + 1), math.exp(avg / 50))
        for (f, boost), (idf, avg) in zip(WORD_FIELDS, stats, strict=True)
    }


def condition_score(stats: tuple) -> float:
    """What a post tagged with a condition the query names scores for it."""
    return CONDITION_BOOST * stats[0][0] / 20


def _idf(searcher: Searcher, field: str, text: str) -> float:
    docs = searcher.doc_count_all()
    df = searcher.doc_frequency(field, text)
    return math.log(docs / (df + 1)) + 1 if docs else 1.0


def _avg(searcher: Searcher, field: str) -> float:
    return max(searcher.avg_field_length(field) or 1.0, 1.0)


def _terms(unit: Unit) -> list[tuple[str, str]]:
    """A unit's words, and the condition it names: each adds its impact."""
    found = [("word", stem) for stem in unit.stems]
    return found + [("condition", unit.condition)] if unit.condition else found


def _compact(found: dict[int, float], size: int) -> Impact:
    if len(found) < size * DENSE_FROM:
        return found
    # 254 steps, rounded up: every document with the term keeps a level of at
    # least 1, and float error can't push the highest past 255.
    scale = max(found.values()) / 254 or 1.0
    levels = array("B", bytes(size))
    deque(map(levels.__setitem__, found, map(ceil, map((1 / scale).__mul__, found.values()))), 0)
    return Dense(scale, levels)


def _values(impact: Impact, docs: list[int]):
    if isinstance(impact, Dense):
        return map(impact.scale.__mul__, map(impact.levels.__getitem__, docs))
    return map(impact.get, docs, repeat(0.0))


# --- The public path: Whoosh's own search, scoring with the same formula ------------


def ranker(searcher: Searcher) -> Ranker | PublicRanker:
    """The ranker for this Whoosh: impacts on the pinned version, else Whoosh's search."""
    return Ranker(searcher) if whoosh_internals.fast_path() else PublicRanker(searcher)


class _FieldScorer(BaseScorer):
    """A word in one field: ``scale * tf / (tf + norm)``, as an impact computes it."""

    def __init__(self, searcher: Searcher, field: str, scale: float, avg: float):
        self.length = searcher.doc_field_length
        self.field, self.scale, self.avg = field, scale, avg

    def score(self, matcher) -> float:
        tf = matcher.weight()
        length = self.length(matcher.id(), self.field, 0)
        return self.scale * tf / (tf + K1 * (1 - B + B * length / self.avg))


class _ConstantScorer(BaseScorer):
    def __init__(self, value: float):
        self.value = value

    def score(self, matcher) -> float:
        return self.value


class SameFormula(WeightingModel):
    """Ranking's formula as a Whoosh weighting model, for ``Searcher.search``.

    A query's words are searched in each of ``WORD_FIELDS`` and its conditions
    in ``conditions``, all in one ``Or``: Whoosh adds up the scores of the
    terms a post matches, which is how impacts add up. No block-quality
    shortcuts: every matching post is scored.
    """

    def scorer(self, searcher, fieldname, text, qf=1):
        parent = searcher.get_parent()  # the whole index's statistics
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if fieldname == "conditions":
            return _ConstantScorer(condition_score(term_stats(parent, ("condition", text))))
        scale, avg = field_weights(term_stats(parent, ("word", text)))[fieldname]
        return _FieldScorer(searcher, fieldname, scale, avg)


class PublicRanker:
    """:class:`Ranker`'s answers through Whoosh's public search API (slower)."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher

    def top(self, units: Sequence[Unit], docnums: list[int], k: int):
        if k <= 0 or not docnums:
            return []
        terms = sorted({term for unit in units for term in _terms(unit)})
        scoring = wq.Or(
            [
                wq.Term(field, text)
                for kind, text in terms
                for field in ([f for f, _ in WORD_FIELDS] if kind == "word" else ["conditions"])
            ]
        )
        searcher = Searcher(self.searcher.reader(), weighting=SameFormula(), closereader=False)
        results = searcher.search(scoring, limit=k, filter=set(docnums), optimize=False)
        found = [(hit.docnum, hit.score) for hit in results]
        if len(found) < k:  # matched otherwise (never, with these queries): they score 0
            seen = {d for d, _ in found}
            rest = (d for d in reversed(docnums) if d not in seen)
            found += [(d, 0.0) for d in itertools.islice(rest, k - len(found))]
        return found
