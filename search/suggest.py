""" "Did you mean": the closest known word for each word search doesn't know.

Known words are the words as written in titles (Whoosh keeps an unstemmed
copy for this) and the words of condition names and synonyms. A
condition word wins a tie, since that is what people come here to find:
"chrons dieseas" → "crohns disease".
"""

from __future__ import annotations

from whoosh.analysis import STOP_WORDS
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import damerau_levenshtein

from search.conditions import Vocabulary
from search.query import MAX_QUERY_CHARS, MAX_UNITS
from search.schema import PLAIN_ANALYZER, stems

TEXT_FIELDS = ("title", "body", "tags")
# A word this rare, next to one this many times more common, is probably a typo.
RARE = 2
MORE_COMMON = 20


def _frequency(reader: IndexReader, word: str) -> int:
    return sum(reader.doc_frequency(f, t) for f in TEXT_FIELDS for t in stems(word))


def _candidates(reader: IndexReader, word: str, vocab: Vocabulary, maxdist: int) -> set[str]:
    found = set()
    for leaf, _offset in reader.leaf_readers():
        found.update(leaf.terms_within("title", word, maxdist, prefix=1))
    found.update(
        w
        for w in vocab.words
        if w[:1] == word[:1]
        and abs(len(w) - len(word)) <= maxdist
        and damerau_levenshtein(w, word, maxdist + 1) <= maxdist
    )
    found.discard(word)
    return found


def correct(reader: IndexReader, word: str, vocab: Vocabulary) -> str | None:
    """A better spelling of ``word``, or None when it looks right."""
    if len(word) < 4 or word.isdigit() or word in STOP_WORDS or word in vocab.words:
        return None
    frequency = _frequency(reader, word)
    if frequency > RARE:
        return None
    maxdist = 1 if len(word) <= 5 else 2
    scored = []
    for candidate in _candidates(reader, word, vocab, maxdist):
        count = _frequency(reader, candidate)
        is_condition = candidate in vocab.words
        if count == 0 and not is_condition:
            continue  # a word only left in deleted posts
        if frequency and count < frequency * MORE_COMMON and not is_condition:
            continue
        distance = damerau_levenshtein(candidate, word)
        if sorted(candidate) == sorted(word):
            distance -= 0.5  # same letters, misordered: the commonest slip of the fingers
        scored.append((distance, not is_condition, -count, candidate))
    return min(scored)[3] if scored else None


def suggest(reader: IndexReader, text: str, vocab: Vocabulary) -> str | None:
    """The query with misspelt words replaced, or None when nothing changed."""
    words = [t.text for t in PLAIN_ANALYZER(text[:MAX_QUERY_CHARS])][: MAX_UNITS * 2]
    changed, out = False, []
    for word in words:
        better = correct(reader, word, vocab)
        changed = changed or better is not None
        out.append(better or word)
    return " ".join(out) if changed else None
