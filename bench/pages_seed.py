"""The page benchmark's database: seeded once per work directory, then reused.

Posts and users come from ``bench.corpus.bulk_load`` (the search benchmark's
generator), comments and "I tried this" reports from ``bench.discussion``; the
index is built by the real CLI in a child process. What the benchmark measures
(the showcase post, a busy condition, an active member, a common and a rare
search word, a change idea with three run charts and a condition whose "what's
working" summary has something in every part, ``bench.pages_records``) is
chosen from the data and saved in ``seeded.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.server import ROOT

SEEDED = "seeded.json"
CONDITION = "ibd"  # a parent: its page lists the posts of its four children too
COMMON_QUERY = "school"
RARE_QUERY = "tetralogy"


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """The site's size and where it lives, as every benchmark on this database takes them."""
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=300_000)
    parser.add_argument("--outcomes", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an EMPTY database (default: a temp SQLite file)")
    parser.add_argument("--workdir", type=Path, help="keep the database and index here; reuse them")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")


@contextmanager
def site_workdir(args: argparse.Namespace, prefix: str) -> Iterator[Path]:
    """``--workdir`` (kept for the next run), or a temporary one removed afterwards."""
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix=prefix))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        yield workdir
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def app_config(workdir: Path, database_url: str | None) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{workdir / 'bench.db'}",
        "SEARCH_INDEX_DIR": str(workdir / "index"),
        "SECRET_KEY": "benchmark",
        "RATELIMIT_ENABLED": False,
    }


def seed_database(workdir: Path, args) -> tuple[dict, dict]:
    """Seed ``workdir`` unless an earlier run did; returns (app config, timings)."""
    from bench.discussion import SHOWCASE_OUTCOMES

    if args.users <= SHOWCASE_OUTCOMES:  # each report on the showcase post needs its own member
        raise ValueError(f"--users must be more than {SHOWCASE_OUTCOMES}")
    config = app_config(workdir, args.database_url)
    if (workdir / SEEDED).exists():
        ensure_indexes(config)
        seeded = json.loads((workdir / SEEDED).read_text())
        if "change_idea_post" not in seeded:  # seeded before the change-idea rows existed
            seeded.update(add_records(config, seeded["showcase_post"], args.seed))
            (workdir / SEEDED).write_text(json.dumps(seeded))
        return config, seeded["seeding"]
    from bench.corpus import bulk_load
    from bench.discussion import bulk_load_discussion
    from bench.pages_records import seed_records
    from forum import create_app
    from forum.extensions import db

    timings: dict = {}
    app = create_app(config)
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        loaded = bulk_load(db.session, args.posts, seed=args.seed, n_users=args.users)
        timings["posts_s"] = time.perf_counter() - start
        start = time.perf_counter()
        loaded.update(bulk_load_discussion(db.session, args.comments, args.outcomes, args.seed))
        timings["discussion_s"] = time.perf_counter() - start
        targets = choose_targets(db.session, loaded["showcase_post"])
        targets.update(seed_records(db.session, loaded["showcase_post"], args.seed))
        db.session.remove()
        db.engine.dispose()
    start = time.perf_counter()
    rebuild_index(config)
    timings["index_s"] = time.perf_counter() - start
    print(f"seeded {loaded} in {sum(timings.values()):.0f} s", flush=True)
    (workdir / SEEDED).write_text(json.dumps({**targets, "loaded": loaded, "seeding": timings}))
    return config, timings


def add_records(config: dict, showcase_post: int, seed: int) -> dict:
    from bench.pages_records import seed_records
    from forum import create_app
    from forum.extensions import db

    app = create_app(config)
    with app.app_context():
        targets = seed_records(db.session, showcase_post, seed)
        db.session.remove()
        db.engine.dispose()
    return targets


def choose_targets(session, showcase_post: int) -> dict:
    from sqlalchemy import func, select

    from forum.models import Post, User

    busiest = session.execute(
        select(User.username)
        .join(Post, Post.author_id == User.id)
        .where(Post.status == "published")
        .group_by(User.id)
        .order_by(func.count().desc(), User.id)
        .limit(1)
    ).scalar_one()
    return {
        "showcase_post": showcase_post,
        "condition": CONDITION,
        "profile": busiest,
        "common_query": COMMON_QUERY,
        "rare_query": RARE_QUERY,
    }


def rebuild_index(config: dict) -> None:
    env = {
        **os.environ,
        "FORUM_SQLALCHEMY_DATABASE_URI": config["SQLALCHEMY_DATABASE_URI"],
        "FORUM_SEARCH_INDEX_DIR": config["SEARCH_INDEX_DIR"],
        "FORUM_SECRET_KEY": "benchmark",
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "search", "rebuild"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"search rebuild failed:\n{done.stdout}\n{done.stderr}")


def ensure_indexes(config: dict) -> None:
    """Create indexes the models gained since the database was seeded."""
    from forum import create_app
    from forum.extensions import db

    app = create_app(config)
    with app.app_context():
        db.create_all()
        for table in db.metadata.sorted_tables:
            for index in table.indexes:
                index.create(db.engine, checkfirst=True)
        db.engine.dispose()
