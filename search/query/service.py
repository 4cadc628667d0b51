"""The one search both the results page and the API use.

Posts matching every word of the query come first, then those matching some,
each group ranked by relevance (title above body), by newest, or by how many
reported it worked. A query that finds little, with a confident respelling
(``search.query.suggest``), shows the respelling's results and says so.
Totals and facet counts cover the whole result set. Hits are re-read from the
database and shown only while still published, so a post hidden a moment ago
never shows even if the index hasn't caught up.
"""

from __future__ import annotations

import logging
import pickle
import struct
import zlib
from dataclasses import dataclass, field
from math import ceil

from flask import current_app, has_request_context
from markupsafe import Markup
from sqlalchemy import select
from whoosh import index

from forum.extensions import db
from forum.models import Post
from search import store
from search.conditions import vocabulary
from search.index import sync
from search.index.documents import html_text, is_searchable
from search.query import ranking
from search.query.highlight import snippet
from search.query.matching import DocSets, count_facets, docnums_of, top_by_field
from search.query.params import SearchParams
from search.query.parse import ParsedQuery, filters, parse
from search.query.suggest import suggest
from search.store import SearchUnavailable

__all__ = ["Hit", "SearchResult", "SearchUnavailable", "search"]

logger = logging.getLogger("search")

# A query finding this few posts is worth showing a confident respelling's results instead.
FEW_RESULTS = 3

# What reading an index we don't understand raises: a private attribute gone or
# a signature changed (another Whoosh, search.whoosh_internals), a file in
# another format or cut short. Searching then says "temporarily unavailable",
# as for a full disk; it never answers with an error page.
INDEX_FAULTS = (
    AttributeError,
    TypeError,
    LookupError,  # KeyError, IndexError
    ValueError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    EOFError,
    OSError,
    index.IndexError,
)


@dataclass
class Hit:
    post: Post
    score: float | None
    highlight: Markup


@dataclass
class SearchResult:
    params: SearchParams
    query: str  # the words searched: params.q, or its confident respelling
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None  # "did you mean", when the words weren't respelt for you
    matched_all: int | None = None  # how many had every word (None: one-word query)
    condition_names: dict[str, str] = field(default_factory=dict)
    corrected_from: str | None = None  # the words as typed, when ``query`` respells them

    # The attributes the `pagination` macro reads.
    @property
    def page(self) -> int:
        return self.params.page

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.params.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def search(params: SearchParams) -> SearchResult:
    """Run a search. Raises SearchUnavailable when the index can't be read."""
    try:
        return _search(params)
    except SearchUnavailable:
        raise
    except INDEX_FAULTS as exc:
        logger.error("Search failed reading the index; answering 'unavailable'", exc_info=True)
        raise SearchUnavailable(f"The index can't be read: {exc!r}") from exc


def _search(params: SearchParams) -> SearchResult:
    _catch_up()
    vocab = vocabulary()
    with store.searcher() as searcher:
        sets = DocSets.of_searcher(searcher)
        result, fix = _run(searcher, sets, params, params.q, vocab)
        # A confident respelling of a query that found little: show what it finds,
        # as big search engines do, with a link back to the words as typed.
        if fix and fix.confident and not params.nofix and _weak(result):
            fixed, _ = _run(searcher, sets, params, fix.text, vocab, suggesting=False)
            if _strong(fixed) > _strong(result):
                fixed.corrected_from = params.q
                return fixed
    return result


def _weak(result: SearchResult) -> bool:
    """Few posts, or none with all the words: worth trying the respelt words."""
    return result.total <= FEW_RESULTS or _strong(result) == 0


def _strong(result: SearchResult) -> int:
    """How many posts have every word of the query."""
    return result.total if result.matched_all is None else result.matched_all


def _run(searcher, sets: DocSets, params: SearchParams, q: str, vocab, suggesting=True):
    """One search for the words ``q``, and its "did you mean" (when ``suggesting``)."""
    parsed = parse(q, vocab)
    matched = sets.of(parsed.any_query()) if not parsed.empty else sets.everything()
    flt = filters(
        params.condition,
        params.kind,
        params.perspective,
        params.still,
        params.adapted_from,
        params.evidence,
    )
    if flt is not None:
        matched &= sets.of(flt)
    tiers = _tiers(sets, parsed, matched)
    ranked = _rank(searcher, parsed, params, tiers)
    facets = count_facets(sets, matched)
    stored = [(searcher.stored_fields(d)["post_id"], score) for d, score in ranked]
    fix = suggest(sets, q, vocab) if q and suggesting else None
    result = SearchResult(
        params=params,
        query=q,
        total=matched.bit_count(),
        hits=_hits(stored, parsed),
        facets=facets,
        suggestion=fix.text if fix else None,
        matched_all=tiers[0].bit_count() if len(tiers) > 1 else None,
        condition_names=vocab.names,
    )
    return result, fix


def _catch_up() -> None:
    """Apply pending changes first, so a post is searchable right after its commit.

    In a request, sync reads through sessions of its own: each sees the latest
    commits. Outside one (CLI, tests) it reads through the caller's session: on
    SQLite that may hold the write lock, which a second session would wait for.
    """
    session = None if has_request_context() else db.session
    # Changes are waiting and the index can't take them (full disk, read-only
    # directory): answering from the old index would silently miss new posts,
    # so the page says search is temporarily unavailable. Posting carries on,
    # and the next search or `flask search sync` catches up once it can.
    try:
        sync.catch_up(session, current_app.config["SEARCH_SYNC_MAX_ROWS"])
    except OSError as exc:
        raise SearchUnavailable(f"The index can't be written: {exc}") from exc


def _tiers(sets: DocSets, parsed: ParsedQuery, matched: int) -> list[int]:
    """Masks of the posts with every unit first, then of those with some."""
    all_query = parsed.all_query()
    if all_query is None:
        return [matched]
    first = matched & sets.of(all_query)
    return [first, matched & ~first]


def _rank(searcher, parsed: ParsedQuery, params: SearchParams, tiers: list[int]):
    """(docnum, score) for the requested page, taking tiers in order."""
    start = (params.page - 1) * params.per_page
    end = start + params.per_page
    sort = params.effective_sort if not parsed.empty else (params.sort or "newest")
    ranker = ranking.ranker(searcher)
    ranked, offset = [], 0
    for tier in tiers:
        if offset >= end:
            break
        size = tier.bit_count()
        if offset + size > start:
            wanted = min(size, end - offset)
            docs = docnums_of(tier)
            if sort == "relevance" and not parsed.empty:
                hits = ranker.top(parsed.units, docs, wanted)
            else:
                hits = [(d, None) for d in top_by_field(searcher, docs, sort, wanted)]
            ranked += hits[max(0, start - offset) :]
        offset += size
    return ranked


def _hits(stored: list[tuple[str, float | None]], parsed: ParsedQuery) -> list[Hit]:
    ids = [int(post_id) for post_id, _ in stored]
    if not ids:
        return []
    found = db.session.scalars(select(Post).where(Post.id.in_(ids)))
    posts = {p.id: p for p in found if is_searchable(p)}
    terms = parsed.highlight_terms
    return [
        Hit(post=posts[pid], score=score, highlight=snippet(html_text(posts[pid].body_html), terms))
        for pid, (_, score) in zip(ids, stored, strict=True)
        if pid in posts
    ]
