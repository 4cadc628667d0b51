"""Every benchmark script runs end to end at a tiny size, so none can rot.

The figures aren't checked (a shared machine can't hold them); what is: each
script finishes, counts what it says it counts, marks failed requests invalid
and prints the README table with the command that made it.
"""

from __future__ import annotations

import json
import os

import pytest

from bench import markup_bench, pages_bench, ratelimit_bench, rebuild_bench, rss_bench, search_bench
from bench.report import markdown_table
from bench.server import pinned, taskset_missing

pytestmark = pytest.mark.bench
PG = bool(os.environ.get("FORUM_TEST_DATABASE_URL"))
TINY_SITE = ["--posts", "120", "--comments", "150", "--outcomes", "40", "--users", "40"]


def test_search_benchmark(tmp_path, capsys, empty_database_url):
    argv = ["--posts", "300", "--queries", "25", "--warmup", "3", "--out", str(tmp_path)]
    report = search_bench.main([*argv, "--database-url", empty_database_url])
    assert report["load"]["posts"] == 300
    assert report["load"]["distinct_body_share"] >= 0.95
    assert report["service"]["n"] == report["http"]["n"] == 25
    assert report["http"]["failures"] == [] and report["service"]["errors"] == []
    assert len(report["fts5"]["counts"]) == 25
    flagged = [c for c in report["fts5"]["counts"] if c["flagged"]]
    assert report["fresh"]["probes"] == 10
    assert set(report["headline"]) == set(search_bench.TARGETS)
    (written,) = tmp_path.glob("search-300-*.json")
    assert json.loads(written.read_text())["headline"] == report["headline"]
    out = capsys.readouterr().out
    assert "Measured with `.venv/bin/python -m bench.search_bench --posts 300" in out
    assert "| `GET /api/v1/search` p50 / p95 / p99" in out
    assert "INVALID" not in out
    # The same terms, filters and sort: FTS5 finds what we find.
    assert flagged == []


def test_search_benchmark_marks_a_failed_request_invalid():
    report = {
        "http": {"failures": ["/api/v1/search?q=x -> 500"], "p50_ms": 1, "p95_ms": 2,
                 "p99_ms": 3, "n": 1},
        "service": {"errors": [], "p50_ms": 1, "p95_ms": 2, "p99_ms": 3, "n": 1},
        "fts5": {"counts": [{"ours": 1, "fts5": 1, "flagged": False}], "p50_ms": 1,
                 "p95_ms": 1, "p99_ms": 1, "n": 1},
        "rebuild": {"posts_per_s": 2000, "posts_per_cpu_s": 2000, "peak_rss_mib": 100},
        "fresh": {"max_s": 0.1},
        "load": {"distinct_body_share": 1.0, "posts": 10},
    }  # fmt: skip
    report["headline"] = search_bench.headline(report)
    assert search_bench.invalid(report) == {"http": True, "service": False, "fts5": False}
    table = search_bench.markdown(report, "cmd")
    http_row = next(line for line in table.splitlines() if "GET /api/v1/search" in line)
    assert "INVALID" in http_row and "ms" not in http_row.split("|")[2]


def test_pages_benchmark(tmp_path, capsys, empty_database_url):
    argv = [*TINY_SITE, "--seconds", "0.2", "--rounds", "1", "--warm", "1"]
    argv += ["--pages", "home,search_rare,change_idea,working", "--out", str(tmp_path / "out")]
    report = pages_bench.main([*argv, "--database-url", empty_database_url])
    assert set(report["pages"]) == {"home", "search_rare", "change_idea", "working"}
    for name, row in report["pages"].items():
        assert not row["hello_invalid"]
        for mode in pages_bench.MODES:
            assert report["runs"][name][0][mode]["requests"] > 0
            assert not row[mode]["invalid"], row[mode]
    out = capsys.readouterr().out
    assert "Measured with `.venv/bin/python -m bench.pages_bench --posts 120" in out
    assert "| home |" in out and "| change_idea |" in out and "INVALID" not in out


def test_rss_benchmark(tmp_path, capsys, empty_database_url):
    argv = [*TINY_SITE, "--per-worker", "25", "--workers", "2", "--max-seconds", "60"]
    report = rss_bench.main(
        [*argv, "--out", str(tmp_path / "out"), "--database-url", empty_database_url]
    )
    assert len(report["memory_mib"]) == 2
    assert report["failures"] == [] and not report["short"]
    assert all(report["served"][pid] >= 25 for pid in report["memory_mib"])
    assert all(m["rss"] > 10 for m in report["memory_mib"].values())
    kinds = {k for k, n in report["sent"].items() if n}
    assert {"post", "search", "api_search", "api_posts", "profile"} <= kinds
    out = capsys.readouterr().out
    assert "| largest worker RSS |" in out and "INVALID" not in out


def test_rss_benchmark_counts_each_workers_requests_from_the_access_log(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("<11> served 200 /posts/1\n<12> served 200 /\n<11> served 404 /x\n"
                   "<12> served 200 /health\nnoise\n")  # fmt: skip
    assert rss_bench.served_per_worker(log) == {11: 2, 12: 1}


def test_rss_benchmark_sends_each_url_once():
    urls = {"post": ["/posts/1", "/posts/2"], "search": ["/search?q=a"], "profile": []}
    sent = [url for _, url in rss_bench.url_stream(urls, 0)]
    assert sorted(sent) == ["/posts/1", "/posts/2", "/search?q=a"]


@pytest.mark.skipif(PG, reason="the rebuild benchmark keeps its own SQLite corpus")
def test_rebuild_benchmark(tmp_path, capsys):
    runs = rebuild_bench.main(["--posts", "200", "--runs", "1", "--dir", str(tmp_path)])
    assert len(runs) == 1 and 150 <= runs[0]["posts"] <= 200
    assert "Measured with `.venv/bin/python -m bench.rebuild_bench" in capsys.readouterr().out


def test_markup_benchmark(capsys):
    figures = markup_bench.main(["--length", "2000", "--runs", "1", "--only", "bracket"])
    assert figures and all(cpu >= 0 for _, cpu in figures.values())
    out = capsys.readouterr().out
    assert "| slowest of all" in out and "bench.markup_bench --length 2000" in out


def test_ratelimit_benchmark(capsys, empty_database_url):
    argv = ["--counts", "30"]
    if PG:
        from forum import create_app
        from forum.extensions import db

        app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "x"})
        with app.app_context():
            db.create_all()
            db.engine.dispose()
        argv += ["--database", empty_database_url]
    result = ratelimit_bench.main(argv)
    assert result["counts"] == 30 and result["median_ms"] > 0
    assert "| one committed count on" in capsys.readouterr().out


def test_a_missing_taskset_is_said_aloud(monkeypatch, capsys):
    monkeypatch.setattr("bench.server.shutil.which", lambda name: None)
    monkeypatch.setattr("bench.server._warned", set())
    assert taskset_missing()
    assert pinned(["true"], 0) == ["true"]
    assert "WARNING: taskset not found" in capsys.readouterr().err


def test_the_readme_table_names_its_command():
    table = markdown_table("python -m bench.x --posts 5", [("figure", "1 ms", "≤ 2: met")])
    assert table.splitlines()[0] == "Measured with `python -m bench.x --posts 5`:"
    assert "| figure | 1 ms | ≤ 2: met |" in table


def test_the_page_table_marks_a_page_with_failed_requests_invalid():
    ok = {"rps": 50.0, "ratio": 0.25, "p50_ms": 2.0, "p99_ms": 9.0, "cpu_ms": 3.0}
    row = {
        "hello_rps": 200.0,
        "hello_invalid": False,
        "cached": {**ok, "invalid": True},
        "uncached": {**ok, "invalid": False},
        "member": {**ok, "invalid": False},
    }
    report = {
        "pages": {"home": row},
        "queries": {"home": {"queries": 3}},
        "memory_mib": {"cached": {"rss": 70, "peak": 70, "pss": 50}, "hello": {"rss": 27}},
    }
    table = pages_bench.markdown_table(report, "cmd")
    home = next(line for line in table.splitlines() if line.startswith("| home"))
    cells = [cell.strip() for cell in home.split("|")[1:-1]]
    assert cells[3] == "INVALID (failed requests)" and cells[-1] == "INVALID"
    assert cells[4] == "50, 25.0%, 3.0"
