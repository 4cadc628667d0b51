"""What the index holds and how text becomes terms.

One analyzer for documents and queries: words (keeping "crohn's" whole, then
dropping the apostrophe so it meets the synonym "crohns"), lowercased,
accents folded, stop words out, Porter-stemmed ("walking" → "walk").
"""

from __future__ import annotations

from functools import lru_cache

from whoosh import columns, formats
from whoosh.analysis import Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, FieldType, Schema
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from search import whoosh_internals  # noqa: F401  (applies its fix on import)

# Bump when the schema or analysis changes: `search sync` then rebuilds.
SCHEMA_VERSION = 5  # 2: no "facets" column (facets are counted from term masks)
# 3: title words for "did you mean" kept per post (title_words), not Whoosh's spelling list
# 4: "still working" (follow-up answers): the still filter and the still_working sort key
# 5: lineage: adapted_from (the post a post adapted) and the most-adapted sort key;
#    the evidence level (one_story, repeated, tested, published): a filter and a facet

WORD_PATTERN = r"\w+(?:['’]\w+)*"


# Accents folded (é → e) and apostrophes dropped (crohn's → crohns, so the word
# meets the synonym list and the stemmer), in one pass.
_FOLD = {**accent_map, ord("'"): None, ord("’"): None}


class Normalize(Filter):
    """Lowercase, fold accents, drop apostrophes: one filter instead of three."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = token.text.lower().translate(_FOLD)
            yield token


def _words():
    return RegexTokenizer(WORD_PATTERN) | Normalize()


# Text fields: stop words out, stemmed. The steps are named so index_terms can
# take the same ones without Whoosh's per-token generator chain.
_TOKENIZER = RegexTokenizer(WORD_PATTERN)
_STOP = StopFilter(minsize=2)
_STEM = StemFilter()
TEXT_ANALYZER = _TOKENIZER | Normalize() | _STOP | _STEM
# Matching condition names in a query: every word counts ("type 1 diabetes").
PHRASE_ANALYZER = _words() | StemFilter()
# Spelling suggestions: the words as typed, only normalized.
PLAIN_ANALYZER = _words()
# A title's words for suggestions: what TEXT_ANALYZER keeps, unstemmed.
WORDS_ANALYZER = _TOKENIZER | Normalize() | _STOP


def build_schema() -> Schema:
    return Schema(
        post_id=ID(stored=True, unique=True),
        title=TEXT(analyzer=TEXT_ANALYZER, phrase=True),
        # "Did you mean" offers words of titles (an unstemmed copy of every body
        # would double indexing time) while a live post has them: so each post
        # keeps its own, rather than Whoosh's spelling list, which files every
        # word under document 0 and can't tell a deleted post's from a live one's.
        title_words=FieldType(formats.Existence(), WORDS_ANALYZER),
        body=TEXT(analyzer=TEXT_ANALYZER, phrase=True),
        tags=TEXT(analyzer=TEXT_ANALYZER, phrase=False),
        # Slugs of the post's conditions and all their ancestors: "ibd" finds Crohn's.
        conditions=KEYWORD(commas=True, scorable=True),
        kind=ID,
        perspective=ID,
        evidence=ID,  # a key of EVIDENCE_LEVELS (forum.evidence)
        # Sort keys only: columns, not terms (no one searches a date range here).
        created=COLUMN(columns.NumericColumn("q")),
        worked=COLUMN(columns.NumericColumn("i")),
        # "Still working?" follow-ups: "yes" when someone still uses it at some step,
        # and the sort key (still using at the longest step, then their share).
        still=ID,
        still_working=COLUMN(columns.NumericColumn("q")),
        # Lineage: the id of the post it adapted ("adaptations of X"), and how many
        # published adaptations it has (the "most adapted" sort key).
        adapted_from=ID,
        adapted=COLUMN(columns.NumericColumn("i")),
    )


# Highlighting stems every word of each result's text through this cache, so it
# fills with the corpus's whole vocabulary (each spelling and case its own
# key): about 160 bytes an entry, 16 MB a worker at 100,000. The 20,000 most
# recently seen keep the common words; a miss costs one Porter stem.
@lru_cache(maxsize=20_000)
def stem_word(word: str) -> str:
    """One word (as the tokenizer found it) to its term, as TEXT_ANALYZER would."""
    return stem(word.lower().translate(_FOLD))


def stems(text: str) -> list[str]:
    """The terms a piece of query text becomes in the text fields."""
    return [t.text for t in TEXT_ANALYZER(text, mode="query")]


def phrase_stems(text: str) -> tuple[str, ...]:
    """Every word stemmed, stop words kept: for matching condition names."""
    return tuple(t.text for t in PHRASE_ANALYZER(text, mode="query"))


# Every word seen while indexing → (word as normalized, its term), or None for a
# stop word. Forum text reuses a small vocabulary, so nearly every word is a
# dictionary hit; the bound only keeps pathological input from growing it forever.
_KNOWN: dict[str, tuple[str, str] | None] = {}
_KNOWN_MAX = 200_000
_UNSEEN = object()
_find_words = _TOKENIZER.expression.findall  # WORD_PATTERN has no groups: whole matches


def _learn(token: str) -> tuple[str, str] | None:
    word = token.lower().translate(_FOLD)
    stopped = (
        len(word) < _STOP.min
        or (_STOP.max is not None and len(word) > _STOP.max)
        or word in _STOP.stops
    )
    entry = None if stopped else (word, word if word in _STEM.ignore else _STEM.stemfn(word))
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[token] = entry
    return entry


def index_terms(text: str) -> tuple[int, list[tuple[str, str]]]:
    """What TEXT_ANALYZER indexes in ``text``, a word at a time instead of a token stream.

    Returns the position of the first kept word and each kept (normalized word,
    term) in order; the stop filter renumbers, so the n-th kept word sits at
    ``first + n``. The normalized words are what WORDS_ANALYZER keeps.
    ``tests/search/test_bulk.py`` holds this to both analyzers' output.
    """
    known = _KNOWN.get
    first, kept = -1, []
    for i, token in enumerate(_find_words(text)):
        entry = known(token, _UNSEEN)
        if entry is _UNSEEN:
            entry = _learn(token)
        if entry is not None:
            if first < 0:
                first = i
            kept.append(entry)
    return first, kept
