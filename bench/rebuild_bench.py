"""Rebuild throughput only: `flask search rebuild` against one kept corpus, several runs.

    .venv/bin/python -m bench.rebuild_bench [--posts 100000] [--runs 3] [--dir DIR]

Creates a SQLite database of N posts (``bench.corpus``) in ``DIR`` the first
time and reuses it afterwards, so runs compare the rebuild and nothing else.
Each run rebuilds through the real CLI in a child process (the same
measurement as ``bench.search_bench``) and the medians are printed.
Figures only: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import command_line, print_markdown  # noqa: E402
from bench.search_bench import rebuild_in_child  # noqa: E402


def corpus_database(workdir: Path, posts: int, seed: int) -> str:
    """A SQLite URL for a database of ``posts`` posts, created once per directory."""
    from bench.corpus import bulk_load
    from forum import create_app
    from forum.extensions import db

    path = workdir / f"rebuild-{posts}-{seed}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        config = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{partial}", "SECRET_KEY": "benchmark",
            "SEARCH_INDEX_DIR": str(workdir / "load-index"),  # bulk_load writes no index
        }  # fmt: skip
        app = create_app(config)
        with app.app_context():
            db.create_all()
            bulk_load(db.session, posts, seed=seed)
            db.session.close()
            db.engine.dispose()
        # Fold the WAL into the file before renaming it, so nothing is left behind.
        with closing(sqlite3.connect(partial)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
        partial.rename(path)
    return url


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "rebuild-bench")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    url = corpus_database(args.dir, args.posts, args.seed)
    index_dir = args.dir / f"index-{os.getpid()}"
    env = {
        **os.environ, "FORUM_SQLALCHEMY_DATABASE_URI": url,
        "FORUM_SEARCH_INDEX_DIR": str(index_dir), "FORUM_SECRET_KEY": "benchmark",
    }  # fmt: skip
    runs = []
    for i in range(args.runs):
        shutil.rmtree(index_dir, ignore_errors=True)  # each run from nothing, as search_bench
        r = rebuild_in_child(env)
        runs.append(r)
        print(
            f"run {i + 1}: {r['posts']:,} posts in {r['seconds']:.1f} s = "
            f"{r['posts_per_s']:,.0f} posts/s, {r['posts_per_cpu_s']:,.0f} per CPU-s, "
            f"peak {r['peak_rss_mib']:.0f} MiB, load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    print(
        f"median of {len(runs)}: {median(r['posts_per_s'] for r in runs):,.0f} posts/s, "
        f"{median(r['posts_per_cpu_s'] for r in runs):,.0f} per CPU-s, "
        f"peak {median(r['peak_rss_mib'] for r in runs):.0f} MiB"
    )
    shutil.rmtree(index_dir, ignore_errors=True)
    rate = median(r["posts_per_s"] for r in runs)
    rows = [
        (
            f"rebuild of {runs[0]['posts']:,} posts, median of {len(runs)}",
            f"{rate:,.0f} posts/s ({median(r['posts_per_cpu_s'] for r in runs):,.0f} per "
            f"CPU-second), peak {median(r['peak_rss_mib'] for r in runs):.0f} MiB",
            f"≥ 1,000 posts/s: {'met' if rate >= 1000 else 'missed'}",
        )
    ]
    print_markdown(command_line("bench.rebuild_bench", argv), rows)
    return runs


if __name__ == "__main__":
    main()
