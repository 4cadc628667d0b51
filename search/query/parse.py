"""From what someone typed to a Whoosh query, without Whoosh's query language.

Every character a person types is just text here: quotes pair into phrases
when they balance, and everything else (``AND``, ``title:x``, ``*``, brackets)
is words or nothing. So no input can be a syntax error or an expensive
wildcard. The query is a list of *units*: a word, a quoted phrase, or a
condition name (which also matches posts tagged with that condition).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq

from search.conditions import Vocabulary
from search.index.schema import phrase_stems, stems

MAX_QUERY_CHARS = 1000
MAX_UNITS = 12

_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")


def _word(term: str) -> wq.Query:
    # Which posts match; how well is search.query.ranking's business.
    return wq.Or([wq.Term("title", term), wq.Term("body", term), wq.Term("tags", term)])


@dataclass(frozen=True)
class Unit:
    stems: tuple[str, ...]  # text terms: one word, or several
    condition: str | None = None  # slug, when the unit names a condition
    exact: bool = False  # words in quotes: they must appear together, in order

    def text_query(self) -> wq.Query | None:
        if not self.stems:
            return None
        if len(self.stems) == 1:
            return _word(self.stems[0])
        if self.exact:
            return wq.Or(
                [
                    wq.Phrase("title", list(self.stems)),
                    wq.Phrase("body", list(self.stems)),
                ]
            )
        # A condition's name ("sickle cell"): every word, anywhere. Posts tagged
        # with the condition match through the condition term anyway, and
        # phrase matching on common words costs more than it adds.
        return wq.And([_word(term) for term in self.stems])

    def query(self) -> wq.Query:
        parts = [q for q in [self.text_query()] if q is not None]
        if self.condition:
            parts.append(wq.Term("conditions", self.condition))
        return parts[0] if len(parts) == 1 else wq.Or(parts)


@dataclass(frozen=True)
class ParsedQuery:
    units: tuple[Unit, ...]

    @property
    def empty(self) -> bool:
        return not self.units

    @property
    def highlight_terms(self) -> frozenset[str]:
        return frozenset(s for u in self.units for s in u.stems)

    def any_query(self) -> wq.Query:
        """Posts with at least one unit: everything search returns."""
        queries = [u.query() for u in self.units]
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def all_query(self) -> wq.Query | None:
        """Posts with every unit: ranked first. None when there is only one unit."""
        if len(self.units) < 2:
            return None
        return wq.And([u.query() for u in self.units])


def parse(text: str, vocab: Vocabulary) -> ParsedQuery:
    text = text[:MAX_QUERY_CHARS]
    units: list[Unit] = []
    # Balanced quotes are phrases; a stray quote is just a gap between words.
    phrases = _QUOTED.findall(text)
    rest = _QUOTED.sub(" ", text)
    for phrase in phrases:
        matches = vocab.find(list(phrase_stems(phrase)))
        whole = matches and matches[0].end - matches[0].start == len(phrase_stems(phrase))
        units.append(Unit(tuple(stems(phrase)), matches[0].slug if whole else None, exact=True))
    units.extend(_word_units(rest, vocab))
    seen, unique = set(), []
    for unit in units:
        if (unit.stems or unit.condition) and unit not in seen:
            seen.add(unit)
            unique.append(unit)
    return ParsedQuery(tuple(unique[:MAX_UNITS]))


def _word_units(text: str, vocab: Vocabulary) -> list[Unit]:
    words = re.findall(r"\w+(?:['’]\w+)*", text)
    all_stems = [phrase_stems(w) for w in words]
    flat = [s[0] if s else "" for s in all_stems]
    units, i = [], 0
    for match in vocab.find(flat):
        units += [Unit(tuple(stems(w))) for w in words[i : match.start]]
        named = " ".join(words[match.start : match.end])
        units.append(Unit(tuple(stems(named)), match.slug))
        i = match.end
    units += [Unit(tuple(stems(w))) for w in words[i:]]
    return units


def filters(
    condition: str | None,
    kind: str | None,
    perspective: str | None,
    still: bool = False,
    adapted_from: int | None = None,
    evidence: str | None = None,
) -> wq.Query | None:
    terms = [
        wq.Term(name, value)
        for name, value in (
            ("conditions", condition),
            ("kind", kind),
            ("perspective", perspective),
            ("still", "yes" if still else None),
            ("adapted_from", str(adapted_from) if adapted_from else None),
            ("evidence", evidence),
        )
        if value
    ]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.And(terms)
