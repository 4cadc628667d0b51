"""Page benchmark: each main page against a hello-world Flask app on the same gunicorn.

    .venv/bin/python -m bench.pages_bench [--posts 100000] [--comments 300000]
        [--outcomes 50000] [--users 5000] [--seconds 5] [--rounds 2] [--workdir DIR]

Seeds a fresh database through the search benchmark's generator (``bench.corpus``
plus ``bench.discussion``, bulk inserts, each distinct body rendered once),
builds the search index with the real CLI, then serves three apps with
``gunicorn.conf.py``, one sync worker each, all pinned to core 0:
``bench.hello_app``, Middle Ground as deployed (pages for readers who aren't
signed in come from the page cache, ``forum.caching.pages``) and Middle Ground with
the page cache off (about what a signed-in member costs). wrk (or the Python
client) drives each page from core 1, alternating hello-world, cached, uncached
and "member": the deployed server read by a signed-in member (their session
cookie, ``bench.pages_member``), which no page cache serves.
Prints requests/s, p50 and p99 latency, the ratio to hello-world, worker CPU
time per request (steadier than requests/s on a shared machine), SQL
statements per page and worker memory (after this short run only: the memory
figure with its target is ``bench.rss_bench``'s); writes JSON to
``bench/results/``. Any non-2xx answer or socket error in a measurement is
printed and marks that figure INVALID; without ``wrk`` on the PATH the Python
client (``bench.loadgen``) drives the load and the report says so, and without
``taskset`` nothing is pinned and a warning says so. Figures only: nothing here
asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadgen import measure  # noqa: E402
from bench.pages_member import member_cookie  # noqa: E402
from bench.pages_report import MODES, markdown_table, print_table  # noqa: E402
from bench.pages_seed import SEEDED, add_site_arguments, seed_database, site_workdir  # noqa: E402
from bench.report import command_line  # noqa: E402
from bench.server import Gunicorn, cpu_seconds, memory_mib, warn  # noqa: E402

# Same settings for every app; only what a benchmark must not have differs
# from production: no access log to a terminal, no worker recycling mid-run.
GUNICORN_ARGS = ("--access-logfile", "/dev/null", "--max-requests", "0")


def page_urls(targets: dict) -> dict[str, str]:
    return {
        "home": "/",
        "condition": f"/conditions/{targets['condition']}",
        "post": f"/posts/{targets['showcase_post']}",
        "change_idea": f"/posts/{targets['change_idea_post']}",
        "working": f"/conditions/{targets['working_condition']}",
        "profile": f"/users/{targets['profile']}",
        "search_common": f"/search?q={targets['common_query']}",
        "search_rare": f"/search?q={targets['rare_query']}",
        "api_posts": "/api/v1/posts",
    }


# Which server each mode reads, and as whom: a member's requests go to the
# deployed server (the page cache lets them through).
MODE_SERVER = {"cached": "cached", "uncached": "uncached", "member": "cached"}


WARM_REQUESTS = 3  # before the counted one


def count_queries(config: dict, urls: dict[str, str], cookie: str | None = None) -> dict:
    """SQL statements each page runs when rendered (in-process, page cache off),
    for a reader who isn't signed in or, with ``cookie``, for that member."""
    from sqlalchemy import event

    from forum import create_app
    from forum.extensions import db

    app = create_app({**config, "PAGE_CACHE_ENABLED": False})
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda c, cur, stmt, *a: seen.append(stmt))
    client = app.test_client()
    if cookie:
        client.set_cookie(*cookie.split("=", 1))
    result = {}
    for name, url in urls.items():
        # Warm as a real load would: a pooled connection's first transactions
        # learn the data version before shared values (counts) are remembered.
        for _ in range(WARM_REQUESTS):
            client.get(url)
        seen.clear()
        status = client.get(url).status_code
        writes = [s for s in seen if s.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]
        result[name] = {"status": status, "queries": len(seen), "writes": len(writes)}
    with app.app_context():
        db.engine.dispose()
    return result


def fetch(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (our own server)
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        response.read()
        return response.status


def timed(
    server: Gunicorn, url: str, seconds: float, connections: int, headers: dict | None = None
) -> dict:
    """``measure`` plus the worker's CPU time per request: on a shared machine
    requests/s moves with the neighbours' load, CPU time per request much less."""
    (worker,) = server.worker_pids()
    before = cpu_seconds(worker)
    result = measure(url, seconds, connections, cpu=1, headers=headers)
    if result["non_2xx"] or result["socket_errors"]:
        print(
            f"  FAILED REQUESTS on {url}: {result['non_2xx']} non-2xx answers, "
            f"{result['socket_errors']} socket errors: this figure is INVALID",
            flush=True,
        )
    result["cpu_ms"] = (cpu_seconds(worker) - before) * 1000 / max(1, result["requests"])
    return result


def drive(servers: dict[str, Gunicorn], urls: dict, args, headers: dict[str, dict]) -> dict:
    """hello-world, then each mode; then again, ``rounds`` times per page."""
    runs: dict[str, list] = {name: [] for name in urls}
    for mode in MODES:
        for path in [*urls.values()] * args.warm:  # warm caches and the index
            fetch(servers[MODE_SERVER[mode]].url + path, headers.get(mode))
    for round_no in range(args.rounds):
        for name, path in urls.items():
            base = timed(
                servers["hello"], servers["hello"].url + "/", args.seconds, args.connections
            )
            sample = {"hello": base}
            for mode in MODES:
                server = servers[MODE_SERVER[mode]]
                page = timed(
                    server, server.url + path, args.seconds, args.connections, headers.get(mode)
                )
                sample[mode] = {
                    **page,
                    "ratio": page["rps"] / base["rps"],
                    "cpu_ratio": base["cpu_ms"] / max(page["cpu_ms"], 1e-9),
                }
            runs[name].append(sample)
            print(
                f"  round {round_no + 1} {name:14} hello {base['rps']:7.1f} req/s; "
                + "; ".join(
                    f"{m} {sample[m]['rps']:7.1f} ({sample[m]['ratio']:.3f})" for m in MODES
                ),
                flush=True,
            )
    return runs


def summarize(runs: dict) -> dict:
    rows: dict = {}
    for name, samples in runs.items():
        row = {
            "hello_rps": median(s["hello"]["rps"] for s in samples),
            "hello_cpu_ms": median(s["hello"]["cpu_ms"] for s in samples),
        }
        for mode in MODES:
            row[mode] = {
                key: median(s[mode][key] for s in samples)
                for key in ("rps", "p50_ms", "p99_ms", "ratio", "cpu_ms", "cpu_ratio")
            }
            row[mode]["non_2xx"] = sum(s[mode]["non_2xx"] for s in samples)
            row[mode]["socket_errors"] = sum(s[mode]["socket_errors"] for s in samples)
            row[mode]["invalid"] = bool(row[mode]["non_2xx"] or row[mode]["socket_errors"])
        hello = [s["hello"] for s in samples]
        row["hello_invalid"] = any(h["non_2xx"] or h["socket_errors"] for h in hello)
        rows[name] = row
    return rows


def serve_and_measure(workdir: Path, config: dict, args) -> dict:
    targets = json.loads((workdir / SEEDED).read_text())
    urls = page_urls(targets)
    if args.pages:
        urls = {name: url for name, url in urls.items() if name in args.pages.split(",")}
    cookie, member = member_cookie(config, targets)
    report: dict = {
        "targets": {**targets, "member": member},
        "queries": count_queries(config, urls),
        "member_queries": count_queries(config, urls, cookie),
    }
    for queries in (report["queries"], report["member_queries"]):
        bad = {n: q["status"] for n, q in queries.items() if q["status"] != 200}
        if bad:
            raise RuntimeError(f"pages not answering 200: {bad}")
    env = {
        **os.environ,
        "FORUM_SQLALCHEMY_DATABASE_URI": config["SQLALCHEMY_DATABASE_URI"],
        "FORUM_SEARCH_INDEX_DIR": config["SEARCH_INDEX_DIR"],
        "FORUM_SECRET_KEY": "benchmark",
    }
    log = workdir / "gunicorn.log"
    servers = {
        "hello": Gunicorn("bench.hello_app:app", env, cpu=0, args=GUNICORN_ARGS, log=log),
        "cached": Gunicorn("wsgi:app", env, cpu=0, args=GUNICORN_ARGS, log=log, production=True),
        "uncached": Gunicorn(
            "wsgi:app",
            {**env, "FORUM_PAGE_CACHE_ENABLED": "false"},
            cpu=0,
            args=GUNICORN_ARGS,
            log=log,
            production=True,
        ),
    }
    try:
        for server in servers.values():
            server.start()
        start = time.perf_counter()
        report["runs"] = drive(servers, urls, args, {"member": {"Cookie": cookie}})
        report["drive_seconds"] = time.perf_counter() - start
        report["memory_mib"] = {
            name: memory_mib(server.worker_pids()[0]) for name, server in servers.items()
        }
    finally:
        for server in servers.values():
            server.stop()
    report["pages"] = summarize(report["runs"])
    report["generator"] = next(iter(report["runs"].values()))[0]["hello"]["generator"]
    if report["generator"] != "wrk":
        warn(
            "wrk not found: the Python client drove the load; it tops out at a few thousand "
            "requests/s, so hello-world (and every ratio to it) is understated"
        )
    return report


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_site_arguments(parser)
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--warm", type=int, default=5, help="untimed requests per page and mode")
    parser.add_argument("--pages", help="only these pages, comma-separated (default: all)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    with site_workdir(args, prefix="pages-bench-") as workdir:
        config, seeding = seed_database(workdir, args)
        report = serve_and_measure(workdir, config, args)
    report.update(
        seeding=seeding,
        seconds=args.seconds,
        rounds=args.rounds,
        connections=args.connections,
        total_seconds=time.perf_counter() - began,
        finished_at=datetime.now(UTC).isoformat(),
        machine={
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average": os.getloadavg(),
        },
    )
    print_table(report)
    report["markdown"] = markdown_table(report, command_line("bench.pages_bench", argv))
    print("\n" + report["markdown"] + "\n")
    print(f"whole run: {report['total_seconds']:.0f} s (seeding {sum(seeding.values()):.0f} s)")
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"pages-{args.posts}-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"wrote {out}")
    return report


if __name__ == "__main__":
    main()
