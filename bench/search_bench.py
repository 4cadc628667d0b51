"""Search benchmark: rebuild throughput, memory, query latency, freshness, FTS5 baseline.

    .venv/bin/python -m bench.search_bench [--posts 100000] [--queries 200]

Generates N realistic posts (``bench.corpus``) into a fresh SQLite database
(or ``--database-url``), rebuilds the index from the database through the real
CLI (``flask search rebuild``) in a child process, then times a fixed mix of
queries through the search service and through ``GET /api/v1/search``, and the
same texts on SQLite FTS5 over the same posts. Prints a table, writes JSON to
``bench/results/``. Figures only: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import bulk_load  # noqa: E402
from bench.search_queries import query_mix  # noqa: E402

TARGETS = {
    "service_p95_ms": ("≤", 50), "service_p99_ms": ("≤", 250), "http_p95_ms": ("≤", 80),
    "service_to_fts5_p95": ("≤", 2.0), "rebuild_posts_per_s": ("≥", 1000),
    "fresh_max_s": ("≤", 1.0),
}  # fmt: skip


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "n": len(ordered)}


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def rebuild_in_child(env: dict) -> dict:
    """Run `flask search rebuild` as its own process; wall time, CPU time, peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "search", "rebuild"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    peak = 0

    def watch():
        nonlocal peak
        while child.poll() is None:
            peak = max(peak, _tree_rss(child.pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    output, _ = child.communicate()
    watcher.join()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise RuntimeError(f"rebuild failed:\n{output}")
    indexed = int(re.search(r"Indexed (\d+) posts", output).group(1))
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "seconds": seconds,
        "posts": indexed,
        "posts_per_s": indexed / seconds,
        # On a shared machine wall time says little; CPU time is what the work costs.
        "cpu_s": cpu,
        "posts_per_cpu_s": indexed / cpu if cpu else None,
        "peak_rss_mib": peak / 2**20,
    }


def time_service(app, mix: list[dict]) -> tuple[list[float], list[float], list[dict]]:
    from forum.extensions import db
    from search.conditions import vocabulary
    from search.query import service
    from search.query.params import parse_params

    samples, cpu, summaries = [], [], []
    with app.test_request_context("/search"):
        names = vocabulary().names
        for args in mix[:10]:  # warm the caches a real server would have warm
            service.search(parse_params(args, names))
            db.session.rollback()
        for args in mix:
            params = parse_params(args, names)
            start, start_cpu = time.perf_counter(), time.process_time()
            result = service.search(params)
            samples.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            db.session.rollback()  # end the read transaction, as a request would
            summaries.append({"q": params.q, "total": result.total, "hits": len(result.hits)})
    return samples, cpu, summaries


def time_http(app, mix: list[dict]) -> list[float]:
    client = app.test_client()
    samples = []
    for args in mix:
        start = time.perf_counter()
        response = client.get("/api/v1/search", query_string=args)
        samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"{args} -> {response.status_code}: {response.get_data(True)}")
    return samples


def freshness(app, probes: int = 10) -> list[float]:
    """Seconds from starting a post's commit until search finds it."""
    from forum.extensions import db
    from forum.models import User
    from forum.services.posts import create_post
    from search.query import service
    from search.query.params import SearchParams

    with app.app_context():
        author = db.session.scalar(db.select(User).order_by(User.id).limit(1))
        author.trust_level = 3
        db.session.commit()
        seconds = []
        for i in range(probes):
            word = f"zfreshprobe{i}x"
            start = time.perf_counter()
            create_post(
                author, title=f"Probe {word}", body=f"Checking that {word} is found.",
                kind="hack", conditions=["asthma"], tags=[],
            )  # fmt: skip
            while service.search(SearchParams(q=word)).total < 1:
                if time.perf_counter() - start > 30:
                    raise RuntimeError(f"post {word} never became searchable")
                time.sleep(0.01)
            seconds.append(time.perf_counter() - start)
            db.session.commit()
    return seconds


def fts5_baseline(app, mix: list[dict]) -> dict:
    """The same query texts on SQLite FTS5 (porter stemming, bm25, title weighted 3×)."""
    from forum.extensions import db
    from forum.models import Post
    from search.index.documents import html_text, searchable_clause

    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE posts USING fts5(title, body, tokenize='porter unicode61')")
    start = time.perf_counter()
    with app.app_context():
        rows = db.session.execute(
            db.select(Post.id, Post.title, Post.body_html).where(searchable_clause())
        )
        fts.executemany(
            "INSERT INTO posts(rowid, title, body) VALUES (?, ?, ?)",
            ((r.id, r.title, html_text(r.body_html)) for r in rows),
        )
    fts.commit()
    build = time.perf_counter() - start
    samples = []
    for args in mix:
        words = re.findall(r"\w+", args["q"].lower())
        if not words:
            continue
        match = " OR ".join(f'"{w}"' for w in words)
        start = time.perf_counter()
        fts.execute(
            "SELECT rowid FROM posts WHERE posts MATCH ? ORDER BY bm25(posts, 3.0, 1.0) LIMIT 20",
            (match,),
        ).fetchall()
        fts.execute("SELECT count(*) FROM posts WHERE posts MATCH ?", (match,)).fetchone()
        samples.append(time.perf_counter() - start)
    fts.close()
    return {"build_s": build, **percentiles(samples)}


def run(posts: int, queries: int, seed: int, database_url: str | None, workdir: Path) -> dict:
    from forum import create_app
    from forum.extensions import db

    index_dir = workdir / "index"
    url = database_url or f"sqlite:///{workdir / 'bench.db'}"
    config = {
        "SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(index_dir),
        "SECRET_KEY": "benchmark", "RATELIMIT_ENABLED": False,
    }  # fmt: skip
    app = create_app(config)
    report: dict = {"posts_requested": posts, "seed": seed, "database": url.split(":")[0]}
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        report["load"] = bulk_load(db.session, posts, seed=seed)
        report["load"]["seconds"] = time.perf_counter() - start
    env = {
        **os.environ, "FORUM_SQLALCHEMY_DATABASE_URI": url,
        "FORUM_SEARCH_INDEX_DIR": str(index_dir), "FORUM_SECRET_KEY": "benchmark",
    }  # fmt: skip
    report["rebuild"] = rebuild_in_child(env)
    mix = query_mix(size=queries)
    report["load_average_before"] = os.getloadavg()
    service_samples, service_cpu, summaries = time_service(app, mix)
    report["service"] = percentiles(service_samples)
    report["service_cpu"] = percentiles(service_cpu)
    report["service"]["zero_hit_queries"] = sum(1 for s in summaries if not s["total"])
    report["http"] = percentiles(time_http(app, mix))
    report["fts5"] = fts5_baseline(app, mix)
    report["load_average_after"] = os.getloadavg()
    fresh = freshness(app)
    report["fresh"] = {"max_s": max(fresh), "median_s": median(fresh), "probes": len(fresh)}
    return report


def headline(report: dict) -> dict:
    return {
        "service_p95_ms": report["service"]["p95_ms"],
        "service_p99_ms": report["service"]["p99_ms"],
        "http_p95_ms": report["http"]["p95_ms"],
        "service_to_fts5_p95": report["service"]["p95_ms"] / max(report["fts5"]["p95_ms"], 1e-6),
        "rebuild_posts_per_s": report["rebuild"]["posts_per_s"],
        "fresh_max_s": report["fresh"]["max_s"],
    }


def print_table(report: dict) -> None:
    s, h, f, r = report["service"], report["http"], report["fts5"], report["rebuild"]
    print(f"\nSearch benchmark: {report['load']['posts']:,} posts ({report['database']})")
    print(f"{'':24}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    rows = (
        ("search service", s),
        ("  (its CPU time)", report["service_cpu"]),
        ("GET /api/v1/search", h),
        ("SQLite FTS5", f),
    )
    for label, row in rows:
        print(f"{label:24}{row['p50_ms']:>10.1f}{row['p95_ms']:>10.1f}{row['p99_ms']:>10.1f}")
    print(
        f"rebuild: {r['posts']:,} posts in {r['seconds']:.1f} s = {r['posts_per_s']:,.0f} posts/s,"
        f" peak memory {r['peak_rss_mib']:.0f} MiB (all processes)"
    )
    print(f"rebuild CPU: {r['cpu_s']:.0f} CPU-s = {r['posts_per_cpu_s']:,.0f} posts per CPU-second")
    load = report["load_average_before"][0], report["load_average_after"][0]
    print(f"load average while querying: {load[0]:.1f} → {load[1]:.1f} on {os.cpu_count()} cores")
    print(f"new post searchable after: max {report['fresh']['max_s'] * 1000:.0f} ms")
    print(f"\n{'target':24}{'measured':>12}  goal")
    for key, value in report["headline"].items():
        op, goal = TARGETS[key]
        ok = value <= goal if op == "≤" else value >= goal
        print(f"{key:24}{value:>12.2f}  {op} {goal}  {'met' if ok else 'MISSED'}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an EMPTY database (default: a temp SQLite file)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--keep", action="store_true", help="keep the temp database and index")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        report = run(args.posts, args.queries, args.seed, args.database_url, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report["headline"] = headline(report)
    report["finished_at"] = datetime.now(UTC).isoformat()
    report["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    print_table(report)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"search-{report['load']['posts']}-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"\nwrote {out}")
    return report


if __name__ == "__main__":
    main()
