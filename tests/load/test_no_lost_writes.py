"""200 members write at once through four gunicorn workers while others read and search.

Afterwards every write the server accepted is in the database and, after
``flask search sync``, in the index; no request got a 5xx or "database is
locked" (docs/architecture.md, "SQLite locking": writes take the lock up front).
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import OUTCOME_RESULTS, Comment, OutcomeReport, Post
from forum.posts.summary import summarize
from moderation.models import Flag
from tests.load.helpers import NO_DRIFT, call, index_drift, members_with_tokens, seed_posts

pytestmark = pytest.mark.load

WRITERS = 200
RESULTS = tuple(OUTCOME_RESULTS)  # every answer "I tried this" takes


def _write(base: str, i: int, user_id: int, token: str, targets: dict, start) -> list[tuple]:
    """Two writes of one kind, by member ``i``; returns (kind, reply, detail) for each."""

    def send(path: str, payload: dict):
        return call(base, "POST", path, token=token, payload=payload)

    start.wait()
    done = []
    role = i % 4
    for n in range(2):
        if role == 0:
            detail = {"title": f"Writer {i} idea {n}: a quiet corner at lunch"}
            reply = send(
                "/api/v1/posts",
                {
                    **detail,
                    "body": f"Writer {i} says the school nurse kept a spare kit ({n}).",
                    "kind": "hack",
                    "conditions": ["asthma"],
                    "tags": ["school"],
                },
            )
            done.append(("post", reply, detail))
        elif role == 1:
            post_id = targets["discuss"][(i + n) % len(targets["discuss"])]
            body = f"Comment {n} from writer {i}: this helped us too."
            reply = send(f"/api/v1/posts/{post_id}/comments", {"body": body})
            done.append(("comment", reply, {"post_id": post_id, "body": body}))
        elif role == 2:
            post_id = targets["discuss"][(i + n) % len(targets["discuss"])]
            result = RESULTS[(i + n) % len(RESULTS)]
            reply = send(
                f"/api/v1/posts/{post_id}/outcomes", {"result": result, "note": f"Tried by {i}"}
            )
            done.append(
                ("outcome", reply, {"post_id": post_id, "user_id": user_id, "result": result})
            )
        else:
            post_id = targets["flag"][(i // 4 + n) % len(targets["flag"])]
            reply = send(
                f"/api/v1/posts/{post_id}/flags", {"reason": "off_topic", "note": f"Flag by {i}"}
            )
            done.append(("flag", reply, {"post_id": post_id, "user_id": user_id}))
    return done


def _read(base: str, paths: list[str], stop: threading.Event, limit: int) -> list:
    replies = []
    while not stop.is_set() and len(replies) < limit:
        path = paths[len(replies) % len(paths)]
        replies.append((path, call(base, "GET", path)))
    return replies


def test_concurrent_writers_and_readers_lose_nothing(site):
    members = members_with_tokens(site.app, WRITERS)
    targets = {"discuss": seed_posts(site.app, 10), "flag": seed_posts(site.app, 25, "Flag")}
    server = site.serve(workers=4)
    read_paths = [
        "/",
        f"/posts/{targets['discuss'][0]}",
        "/conditions/ibd",
        "/search?q=school+mornings",
        "/api/v1/search?q=laminated",
        "/api/v1/posts",
    ]

    start, stop = threading.Barrier(WRITERS), threading.Event()
    with ThreadPoolExecutor(WRITERS + 4) as pool:
        readers = [pool.submit(_read, server.url, read_paths, stop, 60) for _ in range(4)]
        writers = [
            pool.submit(_write, server.url, i, uid, token, targets, start)
            for i, (uid, token) in enumerate(members)
        ]
        writes = [w for f in writers for w in f.result()]
        stop.set()
        reads = [r for f in readers for r in f.result()]

    statuses = Counter((kind, reply.status) for kind, reply, _ in writes)
    failed = [
        (kind, reply.status, reply.body[:200]) for kind, reply, _ in writes if reply.status >= 500
    ]
    failed += [
        (path, reply.status, reply.body[:200]) for path, reply in reads if reply.status >= 500
    ]
    assert not failed, failed
    everything = [reply.body for _, reply, _ in writes] + [reply.body for _, reply in reads]
    assert not [b for b in everything if "database is locked" in b]
    assert "database is locked" not in site.log()
    # The mix really ran: writes of each kind were accepted, and reads kept coming.
    # Flags are refused only once their post is hidden (enough weight hides it at once).
    for kind in ("post", "comment", "outcome"):
        assert statuses[(kind, 201)] == WRITERS // 2, statuses
    assert statuses[("flag", 201)] >= WRITERS // 4, statuses
    # 409: the post was hidden while the flag was on its way (it is no longer open to flags).
    assert {status for kind, status in statuses if kind == "flag"} <= {201, 404, 409}, statuses
    assert len(reads) >= 4  # every reader got answers while the writers ran

    accepted = [
        (kind, reply.json(), detail) for kind, reply, detail in writes if 200 <= reply.status < 300
    ]
    _assert_in_database(site.app, accepted, targets["discuss"])

    synced = site.flask("search", "sync")
    assert synced.returncode == 0, synced.stderr
    assert index_drift(site.app) == NO_DRIFT


def _assert_in_database(app, accepted: list, discussed: list[int]) -> None:
    with app.app_context():
        for kind, body, detail in accepted:
            if kind == "post":
                post = db.session.get(Post, body["post"]["id"])
                assert post is not None and post.title == detail["title"]
            elif kind == "comment":
                comment = db.session.get(Comment, body["comment"]["id"])
                assert comment is not None and comment.body == detail["body"]
            elif kind == "outcome":
                report = db.session.scalar(
                    select(OutcomeReport).where(
                        OutcomeReport.post_id == detail["post_id"],
                        OutcomeReport.user_id == detail["user_id"],
                    )
                )
                assert report is not None and report.result == detail["result"]
            else:
                flag = db.session.get(Flag, body["flag"]["id"])
                assert flag is not None and flag.post_id == detail["post_id"]
        # Counters updated by concurrent requests agree with the rows they count.
        for post in db.session.scalars(select(Post).where(Post.id.in_(discussed))):
            comments = db.session.scalar(
                select(func.count()).where(
                    Comment.post_id == post.id, Comment.status == "published"
                )
            )
            assert post.comment_count == comments
            by_result = dict(
                db.session.execute(
                    select(OutcomeReport.result, func.count())
                    .where(OutcomeReport.post_id == post.id)
                    .group_by(OutcomeReport.result)
                ).all()
            )
            assert summarize(post).outcomes == {
                **{r: by_result.get(r, 0) for r in RESULTS},
                "total": sum(by_result.values()),
            }
