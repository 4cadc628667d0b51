"""The search benchmark still runs end to end (at 500 posts; its figures aren't checked)."""

from __future__ import annotations

import json

import pytest

from bench import search_bench
from bench.corpus import generate_posts
from bench.search_queries import query_mix


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


def test_query_mix_is_fixed_and_varied():
    mix = query_mix()
    assert len(mix) == 200 and mix == query_mix()
    assert sum("condition" in q or "kind" in q or "perspective" in q for q in mix) >= 40
    assert {"chrons dieseas", "IBD", "UC"} <= {q["q"] for q in mix}


@pytest.mark.bench
def test_benchmark_runs_end_to_end(tmp_path, capsys):
    report = search_bench.main(["--posts", "500", "--queries", "40", "--out", str(tmp_path)])
    published = report["load"]["posts"]
    assert published == 500
    assert 450 <= report["rebuild"]["posts"] <= 500  # the unpublished few are left out
    assert report["service"]["n"] == report["http"]["n"] == 40
    assert report["fts5"]["n"] > 30
    assert report["fresh"]["probes"] == 10
    assert set(report["headline"]) == set(search_bench.TARGETS)
    (written,) = tmp_path.glob("search-500-*.json")
    assert json.loads(written.read_text())["headline"] == report["headline"]
    assert "GET /api/v1/search" in capsys.readouterr().out


@pytest.mark.bench
def test_rebuild_benchmark_runs_both_writers(tmp_path, capsys):
    from bench import rebuild_bench

    runs = rebuild_bench.main(
        ["--posts", "300", "--runs", "1", "--writer", "both", "--dir", str(tmp_path)]
    )
    bulk, whoosh = runs
    assert bulk["posts"] == whoosh["posts"] > 250  # the unpublished few are left out
    out = capsys.readouterr().out
    assert "(bulk)" in out and "(whoosh)" in out and "whoosh's writer / bulk" in out
