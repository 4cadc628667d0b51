"""The condition catalogue as search sees it: names and synonyms to spot in a query.

"IBD", "UC", "crohn's" or "type 1 diabetes" in a query name a condition; the
query then also matches posts tagged with it (and, through the ancestors
stored with each post, with its descendants). Loaded from the database and
kept for a minute: the catalogue changes with a deploy, not per request.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from sqlalchemy import select

from forum.extensions import db
from forum.models import Condition
from search.index.schema import PLAIN_ANALYZER, phrase_stems

CACHE_SECONDS = 60.0
# Synonyms too common as plain words to read as a condition inside a longer query.
AMBIGUOUS = frozenset({("other",)})


@dataclass(frozen=True)
class ConditionMatch:
    slug: str
    start: int  # token positions in the query, end exclusive
    end: int


@dataclass
class Vocabulary:
    names: dict[str, str] = field(default_factory=dict)  # slug → display name
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)  # stems → slug
    words: set[str] = field(default_factory=set)  # plain words, for spelling
    longest: int = 1

    def add(self, slug: str, name: str, synonyms: list[str]) -> None:
        self.names[slug] = name
        for text in [name, slug.replace("-", " "), *synonyms]:
            stems = phrase_stems(text)
            if stems:
                self.phrases.setdefault(stems, slug)
                self.longest = max(self.longest, len(stems))
            self.words.update(t.text for t in PLAIN_ANALYZER(text) if len(t.text) > 2)

    def find(self, stems: list[str]) -> list[ConditionMatch]:
        """Condition names in a stemmed query, longest first, not overlapping."""
        found, i = [], 0
        while i < len(stems):
            for size in range(min(self.longest, len(stems) - i), 0, -1):
                phrase = tuple(stems[i : i + size])
                slug = self.phrases.get(phrase)
                if slug and not (phrase in AMBIGUOUS and len(stems) > 1):
                    found.append(ConditionMatch(slug, i, i + size))
                    i += size
                    break
            else:
                i += 1
        return found


_cache: dict[str, tuple[float, Vocabulary]] = {}


def vocabulary() -> Vocabulary:
    key = str(db.engine.url)
    cached = _cache.get(key)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    rows = db.session.execute(
        select(
            Condition.id,
            Condition.slug,
            Condition.name,
            Condition.synonyms_json,
        ).order_by(Condition.position)
    ).all()
    vocab = Vocabulary()
    for c in rows:
        vocab.add(c.slug, c.name, json.loads(c.synonyms_json or "[]"))
    _cache[key] = (time.monotonic(), vocab)
    return vocab
