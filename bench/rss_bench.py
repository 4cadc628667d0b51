"""Worker memory after a real load: RSS (and PSS) once every worker has served N distinct requests.

    .venv/bin/python -m bench.rss_bench [--posts 100000] [--per-worker 10000]
        [--workers 5] [--workdir DIR]

Seeds the page benchmark's database (``bench.pages_seed``; ``--workdir``
reuses one), serves it with gunicorn as deployed (``gunicorn.conf.py``: app
preloaded in the master, sync workers, page cache and query cache on; only
rate limits off, since one address sends everything, and worker recycling
off, so no worker is replaced mid-run) and sends requests from a few client
threads, every URL different: post pages, profiles, condition listings,
search pages and ``/api/v1/search`` with distinct words, ``/api/v1/posts``
pages and single posts. Gunicorn's access log names the worker that served
each request; the load stops once every worker has served ``--per-worker``
(default 10,000), then each worker's RSS, its anonymous and file-backed parts,
its peak and its PSS (memory shared with the master counted in part) are read
from ``/proc``. Target: RSS ≤ 80 MiB per worker. Any non-2xx answer or socket
error is printed and marks the figure INVALID.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import multiprocessing
import os
import random
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import INVALID, command_line, print_markdown  # noqa: E402
from bench.server import Gunicorn, memory_mib  # noqa: E402

RSS_TARGET_MIB = 80
# Share of each kind of request in the load (of the URLs there are enough of).
MIX = {
    "post": 30,
    "api_post": 12,
    "search": 15,
    "api_search": 12,
    "api_posts": 12,
    "profile": 12,
    "condition": 7,
}


def distinct_urls(config: dict, seed: int) -> dict[str, list[str]]:
    """For each kind of request, URLs no other request uses, shuffled."""
    from sqlalchemy import func, select

    from bench.corpus import vocabulary
    from forum import create_app
    from forum.extensions import db
    from forum.models import Condition, Post, User

    rng = random.Random(f"rss-{seed}")
    app = create_app(config)
    with app.app_context():
        post_ids = db.session.scalars(select(Post.id).where(Post.status == "published")).all()
        users = db.session.scalars(
            select(User.username).where(User.suspended_until.is_(None), User.role == "member")
        ).all()
        slugs = db.session.scalars(select(Condition.slug)).all()
        published = db.session.scalar(
            select(func.count()).select_from(Post).where(Post.status == "published")
        )
        db.session.remove()
        db.engine.dispose()
    words, _ = vocabulary(seed)
    words = words[100:]  # past the most common words: searches that read fresh posting lists
    pairs = (f"{a} {b}" for a, b in zip(words, words[1:] + words[:1], strict=True))
    texts = list(itertools.islice(pairs, 40_000))
    rng.shuffle(texts)
    half = len(texts) // 2
    pages = max(1, min(500, published // 20))
    kinds = ["", "hack", "question", "change_idea"]
    api_posts = [
        "/api/v1/posts?" + urlencode({k: v for k, v in (("page", page), ("condition", slug),
                                                          ("kind", kind)) if v})
        for page in range(1, pages + 1) for slug in ["", *slugs] for kind in kinds
    ]  # fmt: skip
    urls = {
        "post": [f"/posts/{i}" for i in post_ids],
        "api_post": [f"/api/v1/posts/{i}" for i in post_ids],
        "search": ["/search?" + urlencode({"q": t}) for t in texts[:half]],
        "api_search": ["/api/v1/search?" + urlencode({"q": t}) for t in texts[half:]],
        "api_posts": api_posts,
        "profile": [f"/users/{u}" for u in users],
        "condition": [
            f"/conditions/{slug}" + (f"?kind={kind}" if kind else "")
            for slug in slugs
            for kind in kinds
        ],
    }
    for found in urls.values():
        rng.shuffle(found)
    return urls


def url_stream(urls: dict[str, list[str]], seed: int):
    """URLs in the proportions of MIX, each once; kinds that run out drop away."""
    rng = random.Random(f"mix-{seed}")
    left = {kind: iter(found) for kind, found in urls.items() if found}
    while left:
        kind = rng.choices(list(left), weights=[MIX[k] for k in left])[0]
        url = next(left[kind], None)
        if url is None:
            del left[kind]
            continue
        yield kind, url


def served_per_worker(log: Path) -> Counter:
    """Requests each worker pid has answered, from the access log."""
    counts: Counter = Counter()
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return counts
    for line in text.splitlines():
        pid, _, rest = line.strip("<").partition(" ")  # gunicorn writes "<pid>"
        pid = pid.rstrip(">")
        if pid.isdigit() and rest.startswith("served") and not rest.endswith(" /health"):
            counts[int(pid)] += 1
    return counts


def drive(
    server: Gunicorn, urls, per_worker: int, connections: int, log: Path, max_seconds: float
) -> dict:
    """Send distinct URLs until every worker has served ``per_worker`` of them."""
    stream = url_stream(urls, 0)
    lock = threading.Lock()
    sent: Counter = Counter()
    failures: list[str] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            with lock:
                item = next(stream, None)
            if item is None:
                return
            kind, url = item
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError as exc:
                status = f"{type(exc).__name__}: {exc}"
            finally:
                conn.close()
            with lock:
                sent[kind] += 1
                if not (isinstance(status, int) and 200 <= status < 300):
                    failures.append(f"{url} -> {status}")
                    print(f"  FAILURE: {url} -> {status}", flush=True)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    served: Counter = Counter()
    last_print = 0.0
    while any(t.is_alive() for t in threads):
        time.sleep(0.5)
        served = served_per_worker(log)
        workers = server.worker_pids()
        least = min((served.get(pid, 0) for pid in workers), default=0)
        if len(workers) >= server.workers and least >= per_worker:
            break
        if time.perf_counter() - started > max_seconds:
            print(f"  stopped after --max-seconds {max_seconds:g}", flush=True)
            break
        if time.perf_counter() - last_print > 15:
            last_print = time.perf_counter()
            print(f"  {sum(sent.values()):,} sent; fewest served by a worker {least:,}", flush=True)
    stop.set()
    for t in threads:
        t.join()
    time.sleep(0.2)  # the last lines of the access log
    served = served_per_worker(log)
    return {
        "seconds": time.perf_counter() - started,
        "sent": dict(sent),
        "served": {str(pid): n for pid, n in served.items()},
        "failures": failures,
        "ran_out": next(stream, None) is None,
    }


def measure(workdir: Path, config: dict, args) -> dict:
    urls = distinct_urls(config, args.seed)
    env = {
        **os.environ,
        "FORUM_SQLALCHEMY_DATABASE_URI": config["SQLALCHEMY_DATABASE_URI"],
        "FORUM_SEARCH_INDEX_DIR": config["SEARCH_INDEX_DIR"],
        "FORUM_SECRET_KEY": "benchmark",
        "FORUM_RATELIMIT_ENABLED": "false",
    }
    log = workdir / "rss-access.log"
    log.unlink(missing_ok=True)
    server = Gunicorn(
        "wsgi:app",
        env,
        workers=args.workers,
        args=(
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s served %(s)s %(U)s",
            "--max-requests",
            "0",
        ),  # fmt: skip
        log=workdir / "rss-gunicorn.log",
        production=True,
    )
    server.start(probe="/health")
    try:
        run = drive(server, urls, args.per_worker, args.connections, log, args.max_seconds)
        workers = server.worker_pids()
        run["memory_mib"] = {str(pid): memory_mib(pid) for pid in workers}
        run["master_mib"] = memory_mib(server.process.pid)
    finally:
        server.stop()
    run["distinct_urls"] = {kind: len(found) for kind, found in urls.items()}
    return run


def markdown(report: dict, command: str) -> str:
    memory = report["memory_mib"]
    served = report["served"]
    bad = bool(report["failures"]) or report["short"]
    rss = [m["rss"] for m in memory.values()]
    worst = max(rss) if rss else float("nan")
    verdict = f"≤ {RSS_TARGET_MIB} MiB: {'met' if worst <= RSS_TARGET_MIB else 'missed'}"
    rows = [
        (
            f"worker {pid}: RSS (anonymous + file), PSS, after {served.get(pid, 0):,} requests",
            INVALID
            if bad
            else f"{m['rss']:.0f} MiB ({m['anon']:.0f} + {m['file']:.0f}), PSS "
            f"{m.get('pss', float('nan')):.0f} MiB",
            INVALID if bad else verdict,
        )
        for pid, m in sorted(memory.items())
    ]
    rows.append(
        ("largest worker RSS", INVALID if bad else f"{worst:.0f} MiB", INVALID if bad else verdict)
    )
    notes = [
        f"{len(memory)} sync workers, each past {report['per_worker']:,} distinct requests "
        f"({sum(served.values()):,} in all, {report['seconds']:.0f} s); page and query caches on "
        "as deployed, rate limits off; non-2xx or socket errors: "
        f"{len(report['failures'])}."
    ]
    return print_markdown(command, rows, notes)


def main(argv: list[str] | None = None) -> dict:
    from bench.pages_seed import add_site_arguments, seed_database, site_workdir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_site_arguments(parser)
    parser.add_argument("--per-worker", type=int, default=10_000, help="distinct requests each")
    parser.add_argument(
        "--workers", type=int, default=multiprocessing.cpu_count() * 2 + 1,
        help="as gunicorn.conf.py (2 × cores + 1)",
    )  # fmt: skip
    parser.add_argument("--connections", type=int, default=4, help="client threads")
    parser.add_argument("--max-seconds", type=float, default=3600, help="give up (INVALID)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    with site_workdir(args, prefix="rss-bench-") as workdir:
        config, seeding = seed_database(workdir, args)
        report = measure(workdir, config, args)
    report["per_worker"] = args.per_worker
    served = report["served"]
    report["short"] = any(served.get(pid, 0) < args.per_worker for pid in report["memory_mib"])
    report.update(seeding=seeding, total_seconds=time.perf_counter() - began)
    report["finished_at"] = datetime.now(UTC).isoformat()
    print(f"\nWorker memory after {args.per_worker:,} distinct requests each:")
    for pid, m in sorted(report["memory_mib"].items()):
        print(
            f"  worker {pid}: served {served.get(pid, 0):,}; RSS {m['rss']:.1f} MiB "
            f"(anon {m['anon']:.1f}, file {m['file']:.1f}, peak {m['peak']:.1f}), "
            f"PSS {m.get('pss', float('nan')):.1f}"
        )
    master = report["master_mib"]
    print(f"  master: RSS {master['rss']:.1f} MiB, PSS {master.get('pss', float('nan')):.1f}")
    print(f"requests sent by kind: {report['sent']}")
    if report["short"]:
        print(
            "INVALID: a worker served fewer than --per-worker requests "
            f"(distinct URLs ran out: {report['ran_out']}; a bigger corpus has more)"
        )
    if report["failures"]:
        print(f"INVALID: {len(report['failures'])} requests failed (listed above)")
    report["markdown"] = markdown(report, command_line("bench.rss_bench", argv))
    print(f"whole run: {report['total_seconds']:.0f} s (seeding {sum(seeding.values()):.0f} s)")
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"rss-{args.posts}-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"wrote {out}")
    return report


if __name__ == "__main__":
    main()
