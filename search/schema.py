"""What the index holds and how text becomes terms.

One analyzer for documents and queries: words (keeping "crohn's" whole, then
dropping the apostrophe so it meets the synonym "crohns"), lowercased,
accents folded, stop words out, Porter-stemmed ("walking" → "walk").
"""

from __future__ import annotations

from functools import lru_cache

from whoosh import columns
from whoosh.analysis import Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from search import whoosh_internals  # noqa: F401  (applies its fix on import)

# Bump when the schema or analysis changes: `search sync` then rebuilds.
SCHEMA_VERSION = 1

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


# Text fields: stop words out, stemmed.
TEXT_ANALYZER = _words() | StopFilter(minsize=2) | StemFilter()
# Matching condition names in a query: every word counts ("type 1 diabetes").
PHRASE_ANALYZER = _words() | StemFilter()
# Spelling suggestions: the words as typed, only normalized.
PLAIN_ANALYZER = _words()


def build_schema() -> Schema:
    return Schema(
        post_id=ID(stored=True, unique=True),
        title=TEXT(analyzer=TEXT_ANALYZER, spelling=True, phrase=True),
        # Spelling suggestions come from titles and condition names: a
        # separate unstemmed copy of every body would double indexing time.
        body=TEXT(analyzer=TEXT_ANALYZER, phrase=True),
        tags=TEXT(analyzer=TEXT_ANALYZER, phrase=False),
        # Slugs of the post's conditions and all their ancestors: "ibd" finds Crohn's.
        conditions=KEYWORD(commas=True, scorable=True),
        kind=ID,
        perspective=ID,
        # Sort keys only: columns, not terms (no one searches a date range here).
        created=COLUMN(columns.NumericColumn("q")),
        worked=COLUMN(columns.NumericColumn("i")),
        # "kind perspective slug,slug": one column read per hit gives every facet.
        facets=COLUMN(columns.VarBytesColumn()),
    )


@lru_cache(maxsize=100_000)
def stem_word(word: str) -> str:
    """One word (as the tokenizer found it) to its term, as TEXT_ANALYZER would."""
    return stem(word.lower().translate(_FOLD))


def stems(text: str) -> list[str]:
    """The terms a piece of query text becomes in the text fields."""
    return [t.text for t in TEXT_ANALYZER(text, mode="query")]


def phrase_stems(text: str) -> tuple[str, ...]:
    """Every word stemmed, stop words kept: for matching condition names."""
    return tuple(t.text for t in PHRASE_ANALYZER(text, mode="query"))
