"""Notification benchmark: the three figures of issue 13, each beside its target.

    .venv/bin/python -m bench.notify_bench [--watchers 10000] [--members 10000]
        [--samples 500] [--warm-up 10] [--database-url URL] [--keep]

One database (a temp SQLite file unless ``--database-url`` names an EMPTY
one), built with bulk INSERTs: an author with an API token, ``max(watchers,
members)`` members with a confirmed address, the first ``--watchers`` of them
watching one condition (a second condition has no watchers), the first
``--members`` of them on the daily digest. Then, in order:

1. Request overhead. The app under gunicorn (one sync worker, production
   mode, pinned to core 0; this client on core 1), ``NOTIFY_INLINE`` off as
   deployed (the worker fans out, not the request), rate limits off through
   ``FORUM_RATELIMIT_ENABLED=false`` so one author can post this often. The
   client POSTs distinct posts (``/api/v1/posts``, Bearer token; titles and
   bodies from ``bench.corpus``) over HTTP, in pairs, one to the watched
   condition and one to the quiet one in random order (so both see the same
   machine state), after a few unmeasured warm-up posts to each. Printed: p50
   and p95 of the full request, client-side, for each, the server worker's
   mean CPU per post for each (read from /proc), the difference, and a
   bootstrap interval of the p95 difference (the target is met when all of it
   is under 5 ms). Twice, each on a new server: as deployed, and a control
   with the search index synced off the request
   (``FORUM_SEARCH_SYNC_ON_COMMIT=false``), whose Whoosh commit in every post
   request gives a tail (the same with or without watchers) too wide for the
   deployed run to resolve a few milliseconds.
2. Fan-out. The events of part 1 but the last watched post's are marked done
   (fanning 200 posts out to 10,000 each is not the question); then one
   ``forum.notify.fanout.run(now)``, as ``flask notify work`` runs it, fans
   that post out; the notifications it wrote are counted.
3. Digests. Each digest member gets three notifications on posts of part 1
   (besides the one from part 2), then ``forum.mail.digests.run(now)`` builds
   the day's digests into the outbox and ``forum.mail.sending.run`` sends them,
   round after round until nothing is due, to an SMTP server (aiosmtpd in its
   own process on a free port) that counts arrivals by Message-ID.

Any failed request, missing notification, or email lost, refused or sent
twice is printed and marks the figures it touches INVALID.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from itertools import chain, count
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import INVALID, command_line, print_markdown, verdict  # noqa: E402
from bench.server import Gunicorn, cpu_seconds, pin_self, unpin_self  # noqa: E402

OVERHEAD_TARGET_MS = 5
FANOUT_TARGET_S = 10
DIGEST_TARGET_S = 60
# The request runs: as deployed (the search index updated in the request, after
# its commit), and the control, the search index left to `flask search sync`.
RUNS = {
    "deployed": "as deployed",
    "control": "search index synced off the request",
}
CHUNK = 1000  # rows per bulk INSERT
SINK = """
import asyncio, signal, sys
from aiosmtpd.controller import Controller

# Blocked before the server's thread starts, so only sigwait below receives them.
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
out = open(sys.argv[2], "a", buffering=1)

class Sink:
    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\\r\\n"):
            if not line:
                break
            if line.lower().startswith(b"message-id:"):
                out.write(line.split(b":", 1)[1].strip().decode() + "\\n")
                break
        return "250 Message accepted for delivery"

controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
out.close()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """aiosmtpd in a child process, writing each arrival's Message-ID to a file."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.log = workdir / "arrived.txt"
        self.log.touch()
        self.process: subprocess.Popen | None = None

    def start(self) -> SmtpSink:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SINK, str(self.port), str(self.log)],
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process.stdout.close()

    def arrivals(self) -> Counter:
        return Counter(line for line in self.log.read_text().splitlines() if line)


# ---------------------------------------------------------------- set-up


def build_world(args) -> dict:
    """Members, watches, the author and the token, with bulk INSERTs; ids for the parts."""
    from sqlalchemy import insert, select

    from forum.conditions.catalog import sync_conditions
    from forum.extensions import db
    from forum.models import Condition, User, Watch
    from forum.models.timestamps import utcnow
    from forum.services.accounts import issue_token

    sync_conditions()
    # Two conditions a post may name (not groups), in different groups: no ancestor in common.
    groups = select(Condition.parent_id).where(Condition.parent_id.is_not(None))
    leaves = db.session.execute(
        select(Condition.slug, Condition.parent_id)
        .where(Condition.id.not_in(groups))
        .order_by(Condition.id)
    ).all()
    watched, group = leaves[0]
    quiet = next(slug for slug, parent in leaves if parent != group)
    watched_id = db.session.scalar(select(Condition.id).where(Condition.slug == watched))
    now = utcnow()
    long_ago = now - timedelta(days=400)
    conn = db.session.connection()
    conn.execute(
        insert(User),
        [{"username": "bench-author", "username_key": "bench-author", "password_hash": "x",
          "trust_level": 2, "created_at": long_ago}],
    )  # fmt: skip
    total = max(args.watchers, args.members)
    for start in range(0, total, CHUNK):
        conn.execute(
            insert(User),
            [{"username": f"m{n}", "username_key": f"m{n}", "email": f"m{n}@example.org",
              "email_confirmed_at": long_ago, "password_hash": "x", "created_at": long_ago,
              "email_mode": "daily" if n < args.members else "none"}
             for n in range(start, min(total, start + CHUNK))],
        )  # fmt: skip
    author = db.session.scalar(select(User).where(User.username == "bench-author"))
    member_ids = db.session.scalars(
        select(User.id).where(User.id != author.id).order_by(User.id)
    ).all()
    watchers = member_ids[: args.watchers]
    for start in range(0, len(watchers), CHUNK):
        conn.execute(
            insert(Watch),
            [{"user_id": uid, "target_kind": "condition", "target_key": str(watched_id),
              "level": "watching"} for uid in watchers[start : start + CHUNK]],
        )  # fmt: skip
    db.session.commit()
    token = issue_token(author, "benchmark")
    return {
        "author_id": author.id,
        "token": token,
        "watched": watched,
        "quiet": quiet,
        "watchers": member_ids[: args.watchers],
        "digest_members": member_ids[: args.members],
    }


# ---------------------------------------------------------------- 1. request overhead


def _post(port: int, token: str, body: dict) -> tuple[float, int, str]:
    """One POST over a new connection (gunicorn's sync workers close each); (ms, status, text)."""
    payload = json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/api/v1/posts", body=payload, headers=headers)
        response = conn.getresponse()
        text = response.read()
        status = response.status
    finally:
        conn.close()
    return (time.perf_counter() - start) * 1000, status, text[:300].decode("utf-8", "replace")


def measure_requests(workdir: Path, url: str, world: dict, args, *, search_sync: bool) -> dict:
    """Post ``args.samples`` pairs (and the warm-up) to a fresh server; the times of each side.

    ``search_sync``: the search index is updated in the request, after the
    commit, as deployed; off, it is left to ``flask search sync`` (the control).
    """
    from bench.corpus import generate_posts

    env = {
        **os.environ,
        "FORUM_SQLALCHEMY_DATABASE_URI": url,
        "FORUM_SEARCH_INDEX_DIR": str(workdir / "index"),
        "FORUM_SECRET_KEY": "benchmark",
        "FORUM_RATELIMIT_ENABLED": "false",
        "FORUM_NOTIFY_INLINE": "false",
        "FORUM_SEARCH_SYNC_ON_COMMIT": "true" if search_sync else "false",
    }
    server = Gunicorn("wsgi:app", env, cpu=0, log=workdir / "gunicorn.log", production=True)
    total = 2 * (args.warm_up + args.samples)
    texts = generate_posts(total, seed=13 if search_sync else 14)
    label = "a" if search_sync else "b"
    times: dict[str, list[float]] = {"watched": [], "quiet": []}
    # The server worker's CPU time for each side's requests (in clock ticks, 10 ms,
    # but summed over hundreds): the neighbours' load moves it much less than time.
    cpu_by_side = {"watched": 0.0, "quiet": 0.0}
    errors: Counter = Counter()
    # In pairs, one post to each side, in an order drawn at random for each pair:
    # whatever the machine (or the search index's segment merges) does at a
    # moment falls on either side alike.
    rng = random.Random(7)
    order = chain.from_iterable(rng.sample(["watched", "quiet"], 2) for _ in count())
    server.start()
    pinned = pin_self(1)
    try:
        (worker,) = server.worker_pids()
        cpu_before = cpu_seconds(worker)
        for n in range(total):
            side = next(order)
            text = next(texts)
            body = {
                "title": f"{text['title']} ({label}{n})",
                "body": text["body"],
                "kind": text["kind"],
                "conditions": [world[side]],
                "tags": text["tags"],
            }
            if text["kind"] == "change_idea":  # a change idea says what it aims to improve
                body["aim"] = {"what": text["title"][:300]}
            cpu = cpu_seconds(worker)
            ms, status, answer = _post(server.port, world["token"], body)
            cpu = cpu_seconds(worker) - cpu
            if status != 201:
                errors[f"{status} {answer}"] += 1
                continue
            if n >= 2 * args.warm_up:
                times[side].append(ms)
                cpu_by_side[side] += cpu
        cpu_s = cpu_seconds(worker) - cpu_before
    finally:
        unpin_self(pinned)
        server.stop()
    figures = {
        "errors": [f"{count} × {what}" for what, count in errors.items()],
        "cpu_ms": cpu_s * 1000 / total,
    }
    for error in figures["errors"]:
        print(f"  FAILED REQUESTS: {error}", flush=True)
    for side, values in times.items():
        figures[side] = {
            "n": len(values),
            **percentiles(values),
            "cpu_ms": cpu_by_side[side] * 1000 / max(1, len(values)),
            "times": values,
        }
    figures["p95_interval"] = p95_difference_interval(times["watched"], times["quiet"])
    return figures


def percentile(ordered: list[float], q: float) -> float:
    """The ``q`` quantile of sorted values, interpolated (as ``statistics.quantiles`` inclusive)."""
    if not ordered:
        return float("nan")
    at = (len(ordered) - 1) * q
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": percentile(ordered, 0.50), "p95": percentile(ordered, 0.95)}


def p95_difference_interval(a: list[float], b: list[float], rounds: int = 2000) -> tuple:
    """A 95 % bootstrap interval of p95(a) - p95(b): how far chance alone moves the difference."""
    if len(a) < 2 or len(b) < 2:
        return (float("nan"), float("nan"))
    rng = random.Random(95)
    diffs = sorted(
        percentile(sorted(rng.choices(a, k=len(a))), 0.95)
        - percentile(sorted(rng.choices(b, k=len(b))), 0.95)
        for _ in range(rounds)
    )
    return (percentile(diffs, 0.025), percentile(diffs, 0.975))


def overhead_verdict(interval: tuple, goal: float) -> str:
    """Met when the whole interval is under the goal, missed when it is all above."""
    low, high = interval
    if high < goal:
        return f"p95 < {goal:g} ms: met"
    if low >= goal:
        return f"p95 < {goal:g} ms: missed"
    return f"p95 < {goal:g} ms: not resolved (the interval spans it)"


# ---------------------------------------------------------------- 2. fan-out


def measure_fanout(world: dict) -> dict:
    """Leave only the last watched post's event pending, and time one worker fanning it out."""
    from sqlalchemy import func, select, update

    from forum.extensions import db
    from forum.models import Condition, Notification, NotifyEvent, Post
    from forum.models.timestamps import utcnow
    from forum.notify import fanout

    post_id = db.session.scalar(
        select(func.max(Post.id)).where(Post.conditions.any(Condition.slug == world["watched"]))
    )
    event_id = db.session.scalar(
        select(NotifyEvent.id).where(NotifyEvent.post_id == post_id, NotifyEvent.kind == "post")
    )
    figures: dict = {"errors": [], "post_id": post_id}
    if event_id is None:
        figures["errors"].append(f"no pending event for post {post_id}")
        return {**figures, "seconds": float("nan"), "notifications": 0, "events": 0}
    db.session.execute(
        update(NotifyEvent)
        .where(NotifyEvent.done_at.is_(None), NotifyEvent.id != event_id)
        .values(done_at=utcnow())
    )
    db.session.commit()
    start, cpu = time.perf_counter(), time.process_time()
    figures["events"] = fanout.run(utcnow())
    figures["seconds"] = time.perf_counter() - start
    figures["cpu_s"] = time.process_time() - cpu
    figures["notifications"] = db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.event_id == event_id)
    )
    db.session.rollback()
    if figures["events"] != 1:
        figures["errors"].append(f"the worker fanned out {figures['events']} events, not 1")
    if figures["notifications"] != len(world["watchers"]):
        figures["errors"].append(
            f"{figures['notifications']} notifications written for {len(world['watchers'])} "
            "watchers"
        )
    return figures


# ---------------------------------------------------------------- 3. digests


def measure_digests(world: dict, sink: SmtpSink) -> dict:
    from sqlalchemy import func, insert, select

    from forum.extensions import db
    from forum.mail import digests, sending
    from forum.models import Condition, Notification, OutgoingEmail, Post
    from forum.models.timestamps import utcnow

    posts = db.session.scalars(
        select(Post.id).where(Post.conditions.any(Condition.slug == world["watched"]))
    ).all()
    now = utcnow()
    rng = random.Random(13)
    members = world["digest_members"]
    conn = db.session.connection()
    for start in range(0, len(members), CHUNK):
        conn.execute(
            insert(Notification),
            [{"user_id": uid, "kind": "post", "post_id": post, "actor_id": world["author_id"],
              "created_at": now - timedelta(hours=k + 1), "data": {}, "quiet": k == 2}
             for uid in members[start : start + CHUNK]
             for k, post in enumerate(rng.sample(posts, min(3, len(posts))))],
        )  # fmt: skip
    db.session.commit()
    figures: dict = {"errors": []}
    start, cpu = time.perf_counter(), time.process_time()
    figures["queued"] = digests.run(utcnow())
    figures["build_s"] = time.perf_counter() - start
    figures["build_cpu_s"] = time.process_time() - cpu

    start, cpu, sink_cpu = time.perf_counter(), time.process_time(), cpu_seconds(sink.process.pid)
    sent = rounds = 0
    while done := sending.run(utcnow()):
        sent += done
        rounds += 1
    figures["send_s"] = time.perf_counter() - start
    figures["send_cpu_s"] = time.process_time() - cpu
    figures["sink_cpu_s"] = cpu_seconds(sink.process.pid) - sink_cpu
    figures["sent"], figures["rounds"] = sent, rounds
    figures["states"] = dict(
        db.session.execute(
            select(OutgoingEmail.state, func.count()).group_by(OutgoingEmail.state)
        ).all()
    )
    failures = db.session.execute(
        select(OutgoingEmail.last_error, func.count())
        .where(OutgoingEmail.last_error.is_not(None))
        .group_by(OutgoingEmail.last_error)
    ).all()
    db.session.rollback()
    figures["errors"] += [f"{count} × {error}" for error, count in failures]
    expected = len(members)
    if figures["queued"] != expected:
        figures["errors"].append(f"{figures['queued']} digests built for {expected} members")
    if figures["states"] != {"sent": expected}:
        figures["errors"].append(f"outbox states afterwards: {figures['states']}")
    return figures


def check_arrivals(figures: dict, sink: SmtpSink, expected: int) -> None:
    arrivals = sink.arrivals()
    figures["arrived"] = len(arrivals)
    figures["twice"] = sum(1 for n in arrivals.values() if n > 1)
    if figures["arrived"] != expected:
        figures["errors"].append(f"{figures['arrived']} of {expected} digests arrived")
    if figures["twice"]:
        figures["errors"].append(f"{figures['twice']} digests arrived more than once")


# ---------------------------------------------------------------- the run


def run(args, workdir: Path) -> dict:
    from forum import create_app
    from forum.extensions import db

    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    sink = SmtpSink(workdir).start()
    report: dict = {
        "watchers": args.watchers,
        "members": args.members,
        "samples": args.samples,
        "warm_up": args.warm_up,
        "database": url.split(":")[0].split("+")[0],
    }
    try:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SEARCH_INDEX_DIR": str(workdir / "index"),
                "SECRET_KEY": "benchmark",
                "RATELIMIT_ENABLED": False,
                "NOTIFY_INLINE": False,
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": sink.port,
                "MAIL_USE_TLS": False,
            }
        )
        with app.app_context():
            db.drop_all()
            db.create_all()
            start = time.perf_counter()
            world = build_world(args)
            db.session.remove()
            db.engine.dispose()  # the server gets the database to itself
            report["setup_s"] = time.perf_counter() - start
            print(f"set up in {report['setup_s']:.1f} s; 1. posting …", flush=True)
            report["requests"] = {
                run: measure_requests(workdir, url, world, args, search_sync=run == "deployed")
                for run in RUNS
            }
            print("2. fan-out …", flush=True)
            report["fanout"] = measure_fanout(world)
            print("3. digests …", flush=True)
            report["digests"] = measure_digests(world, sink)
            report["load_average"] = os.getloadavg()[0]
            db.session.remove()
            db.engine.dispose()
    finally:
        sink.stop()
    check_arrivals(report["digests"], sink, len(world["digest_members"]))
    return report


def markdown(report: dict, command: str) -> str:
    fan, dig = report["fanout"], report["digests"]
    watchers, members = f"{report['watchers']:,}", f"{report['members']:,}"

    def shown(text: str, errors: list) -> str:
        return INVALID if errors else text

    rows = []
    for run, title in RUNS.items():
        figures = report["requests"][run]
        w, q, errors = figures["watched"], figures["quiet"], figures["errors"]
        low, high = figures["p95_interval"]
        rows += [
            (
                f"new post over HTTP, {title}: p50 / p95 with {watchers} watchers; with none",
                shown(
                    f"{w['p50']:.1f} / {w['p95']:.1f} ms; {q['p50']:.1f} / {q['p95']:.1f} ms",
                    errors,
                ),
                "",
            ),
            (
                f"server CPU per post, {title}: with {watchers} watchers; with none",
                shown(f"{w['cpu_ms']:.1f} ms; {q['cpu_ms']:.1f} ms", errors),
                "",
            ),
            (
                f"extra request time with {watchers} watchers, {title}: p50 / p95 "
                "[95 % interval of the p95 difference]",
                shown(
                    f"{w['p50'] - q['p50']:+.1f} / {w['p95'] - q['p95']:+.1f} ms "
                    f"[{low:+.1f}, {high:+.1f}]",
                    errors,
                ),
                f"p95 < {OVERHEAD_TARGET_MS} ms"
                if errors
                else overhead_verdict((low, high), OVERHEAD_TARGET_MS),
            ),
        ]
    total = dig["build_s"] + dig["send_s"]
    rows += [
        (
            f"one worker fans the post out to {watchers} watchers",
            shown(
                f"{fan['seconds']:.2f} s ({fan['notifications']:,} notifications)", fan["errors"]
            ),
            f"< {FANOUT_TARGET_S} s"
            if fan["errors"]
            else verdict(fan["seconds"], "≤", FANOUT_TARGET_S).replace(":", " s:", 1),
        ),
        (
            f"build {members} daily digests (into the outbox)",
            shown(f"{dig['build_s']:.1f} s", dig["errors"]),
            "",
        ),
        (
            "send them over SMTP, one worker",
            shown(
                f"{dig['send_s']:.1f} s ({dig['sent'] / max(dig['send_s'], 1e-9):,.0f}/s)",
                dig["errors"],
            ),
            "",
        ),
        (
            f"build and send {members} daily digests ({dig.get('arrived', 0):,} arrived)",
            shown(f"{total:.1f} s", dig["errors"]),
            f"< {DIGEST_TARGET_S} s"
            if dig["errors"]
            else verdict(total, "≤", DIGEST_TARGET_S).replace(":", " s:", 1),
        ),
    ]
    deployed, control = report["requests"]["deployed"], report["requests"]["control"]
    notes = [
        f"Database: {report['database']}. Requests: the client's time for each, over HTTP to "
        "gunicorn (one sync worker, production mode, `NOTIFY_INLINE` off as deployed: the "
        "worker fans out; rate limits off for the run so one author may post this often), "
        f"{deployed['watched']['n']} distinct posts to each condition through "
        "`POST /api/v1/posts` (Bearer token), in pairs whose order is drawn at random, after "
        f"{report['warm_up']} unmeasured posts to each; a new server for each of the two runs. "
        "The interval is a bootstrap of the p95 difference: how far chance alone moves it; the "
        "target is met when the whole interval is under it. The control run is the same with "
        "`FORUM_SEARCH_SYNC_ON_COMMIT=false`: updating the search index in the request costs "
        "every new post tens of milliseconds and, now and then, a segment merge of hundreds, "
        "the same with or without watchers, and that tail leaves the deployed p95 difference "
        "too noisy to resolve a few milliseconds. Server CPU per post: the gunicorn "
        "worker's, read from /proc around each request (10 ms ticks, averaged over each "
        f"side); all requests: {deployed['cpu_ms']:.1f} ms as deployed, "
        f"{control['cpu_ms']:.1f} ms in the control.",
        "Fan-out: one `forum.notify.fanout.run(now)` in this process, as `flask notify work` "
        "runs it, of the last post to the watched condition (the other posts' events are "
        f"marked done first); CPU {fan.get('cpu_s', 0):.2f} s; the notifications written for "
        "that event are counted.",
        "Digests: each member also has three notifications of their own; "
        "`forum.mail.digests.run(now)`, then `forum.mail.sending.run(now)` until nothing is "
        "due, to aiosmtpd in its own process, which counts arrivals by Message-ID; CPU: build "
        f"{dig['build_cpu_s']:.1f} s, send {dig['send_cpu_s']:.1f} s, SMTP server "
        f"{dig['sink_cpu_s']:.1f} s.",
        f"Load average at the end: {report['load_average']:.1f} on {os.cpu_count()} cores.",
    ]
    errors = [e for run in RUNS for e in report["requests"][run]["errors"]]
    errors += fan["errors"] + dig["errors"]
    notes.append("Errors: " + ("; ".join(errors) if errors else "none"))
    return print_markdown(command, rows, notes)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watchers", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=10_000, help="daily digest members")
    parser.add_argument("--samples", type=int, default=500, help="measured posts per condition")
    parser.add_argument("--warm-up", type=int, default=10, help="unmeasured posts per condition")
    parser.add_argument("--database-url", help="an EMPTY database (default: a temp SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="notify-bench-"))
    try:
        report = run(args, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report["markdown"] = markdown(report, command_line("bench.notify_bench", argv))
    return report


if __name__ == "__main__":
    main()
