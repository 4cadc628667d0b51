"""The benchmark corpus and queries (the runs themselves: tests/bench)."""

from __future__ import annotations

import re
from collections import Counter

from bench.corpus import generate_posts
from bench.search_queries import query_sets


def test_corpus_is_realistic_and_deterministic():
    posts = list(generate_posts(300, seed=4))
    assert posts == list(generate_posts(300, seed=4))
    assert {p["kind"] for p in posts} == {"hack", "change_idea", "question"}
    assert len({c for p in posts for c in p["conditions"]}) >= 15
    lengths = sorted(len(p["body"]) for p in posts)
    assert 400 < lengths[len(lengths) // 2] < 2000
    words = " ".join(p["body"] for p in posts).lower().split()
    assert {"school", "clinic", "we"} <= set(words)
    assert all(1 <= len(p["conditions"]) <= 5 and len(p["tags"]) <= 5 for p in posts)


def test_corpus_bodies_are_distinct_and_words_fall_off_like_zipf():
    posts = list(generate_posts(2000, seed=2))
    assert len({p["body"] for p in posts}) / len(posts) >= 0.95
    counts = Counter(w for p in posts for w in re.findall(r"[a-z]+", p["body"].lower()))
    ranked = [n for _, n in counts.most_common()]
    assert ranked[0] > 20 * ranked[99] > 0  # a long tail, not a flat pool of phrases
    assert len(counts) > 5000
    # The phrases relevance queries need are still there.
    assert {"school", "inhaler", "crohn", "seizure"} <= set(counts)


def test_query_sets_use_each_text_once():
    sets = query_sets(200)
    assert sets == query_sets(200)
    texts = {name: [q["q"] for q in queries] for name, queries in sets.items()}
    assert len(texts["service"]) == len(texts["http"]) == 200
    every = texts["service"] + texts["http"] + texts["warmup"]
    assert len(every) == len(set(every))
    for name in ("service", "http"):
        mix = sets[name]
        assert sum("condition" in q or "kind" in q or "perspective" in q for q in mix) >= 40
        assert sum(" " not in q["q"] for q in mix) >= 20  # single words too, not only pairs
    assert {"chrons dieseas", "IBD", "UC"} <= set(every)
