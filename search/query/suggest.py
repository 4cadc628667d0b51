""" "Did you mean": the closest known word for each word search doesn't know.

Known words are the words of the titles search holds now, as written (each
post's unstemmed copy, ``title_words``), and the words of condition names
and synonyms. A condition word wins a tie, since that is what people come
here to find: "chrons dieseas" → "crohns disease".

Only live posts count. An edit re-indexes a post and taking one down deletes
it, but Whoosh's term dictionary keeps a deleted document's words until its
segment is merged. So a title word is offered only while a live post's title
has it, and how common a word is means how many live posts have it: both are
term masks with deletions applied (``search.query.matching``). The typed word's are
the masks the search has just built; a candidate's are read only when it is
among the closest.

Words people here mean as written are never respelt, and everyday body words
are never offered in place of another (``search.query.protected_words``):
"poop school" stays "poop school".

A suggestion is *confident* when every word it respells is in no live post
at all and its replacement is a condition word or one many live posts use:
search then shows the respelt query's results instead (``service.search``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from whoosh.analysis import STOP_WORDS
from whoosh.support.levenshtein import damerau_levenshtein

from search.conditions import Vocabulary
from search.index.schema import PLAIN_ANALYZER, stems
from search.query.matching import DocSets
from search.query.parse import MAX_QUERY_CHARS, MAX_UNITS
from search.query.protected_words import changes_kind, offerable, protected

TEXT_FIELDS = ("title", "body", "tags")
TITLE_WORDS = "title_words"
# A word this rare, next to one this many times more common, is probably a typo.
RARE = 2
MORE_COMMON = 20


def _frequency(sets: DocSets, word: str) -> int:
    """How many live posts have ``word`` (any form of it) in a title, body or tags."""
    found = 0
    for term in stems(word):
        for field in TEXT_FIELDS:
            found |= sets.term(field, term)
    return found.bit_count()


def _candidates(sets: DocSets, word: str, vocab: Vocabulary, maxdist: int) -> set[str]:
    """Title words (deleted posts' too, still) and condition words near ``word``."""
    found = set()
    for leaf, _offset in sets.leaves:
        found.update(leaf.terms_within(TITLE_WORDS, word, maxdist, prefix=1))
    found.update(
        w
        for w in vocab.words
        if w[:1] == word[:1]
        and abs(len(w) - len(word)) <= maxdist
        and damerau_levenshtein(w, word, maxdist + 1) <= maxdist
    )
    found.discard(word)
    return {w for w in found if offerable(w) and not changes_kind(word, w)}


def _correctable(word: str, vocab: Vocabulary) -> bool:
    """Might ``word`` be a slip at all? Not if short, a number, or a word we know."""
    known = word in STOP_WORDS or word in vocab.words or protected(word)
    return len(word) >= 4 and not word.isdigit() and not known


def correct(sets: DocSets, word: str, vocab: Vocabulary) -> str | None:
    """A better spelling of ``word``, or None when it looks right."""
    if not _correctable(word, vocab):
        return None
    frequency = _frequency(sets, word)
    if frequency > RARE:
        return None
    maxdist = 1 if len(word) <= 5 else 2
    tiers: dict[tuple[float, bool], list[str]] = defaultdict(list)
    for candidate in _candidates(sets, word, vocab, maxdist):
        distance = damerau_levenshtein(candidate, word)
        if sorted(candidate) == sorted(word):
            distance -= 0.5  # same letters, misordered: the commonest slip of the fingers
        tiers[distance, candidate not in vocab.words].append(candidate)
    # Closest first, condition words before other words as close.
    for (_distance, plain), tier in sorted(tiers.items()):
        if plain:
            tier = [w for w in tier if sets.term(TITLE_WORDS, w)]
            if frequency:  # a word people do write: only a far commoner one replaces it
                tier = [w for w in tier if _frequency(sets, w) >= frequency * MORE_COMMON]
        if tier:
            return min(tier, key=lambda w: (-_frequency(sets, w), w)) if len(tier) > 1 else tier[0]
    return None


@dataclass(frozen=True)
class Suggestion:
    text: str  # the query with each misspelt word respelt
    confident: bool  # sure enough to show its results instead (see the module docstring)


def _confident(sets: DocSets, word: str, better: str, vocab: Vocabulary) -> bool:
    return _frequency(sets, word) == 0 and (
        better in vocab.words or _frequency(sets, better) > RARE
    )


def suggest(sets: DocSets, text: str, vocab: Vocabulary) -> Suggestion | None:
    """The query with misspelt words replaced, or None when nothing changed."""
    words = [t.text for t in PLAIN_ANALYZER(text[:MAX_QUERY_CHARS])][: MAX_UNITS * 2]
    changed, confident, out = False, True, []
    for word in words:
        better = correct(sets, word, vocab)
        if better is not None:
            changed = True
            confident = confident and _confident(sets, word, better, vocab)
        out.append(better or word)
    return Suggestion(" ".join(out), confident) if changed else None
