"""Faults: workers killed mid-write and mid-sync, an index that can't be written, a
database that goes away and comes back. Nothing is lost or half-written, readers get
a clear message instead of an error, and everything recovers by itself or with
``flask search sync``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from html import unescape

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url

from bench.server import ROOT
from forum.extensions import db
from forum.models import Post
from search.models import SearchOutbox
from tests.factories import PASSWORD, make_user
from tests.load.conftest import PG_URL
from tests.load.helpers import NO_DRIFT, call, index_drift, members_with_tokens
from tests.load.outage import Browser, TcpProxy, sqlite_gone

pytestmark = pytest.mark.load

LONG_BODY = "\n\n".join(
    f"{i}. We wrote the plan on a laminated card for the school nurse, with *who* to call "
    f"and [the clinic letter](https://example.org/letter-{i}). It took **weeks** to settle."
    for i in range(60)
)


def _post_in_background(base: str, token: str, n: int, replies: list) -> threading.Thread:
    def send():
        payload = {
            "title": f"Killed mid-write {n}",
            "body": LONG_BODY,
            "kind": "hack",
            "conditions": ["asthma", "epilepsy"],
            "tags": ["school", "nurse"],
        }
        try:
            replies.append((n, call(base, "POST", "/api/v1/posts", token=token, payload=payload)))
        except OSError as error:  # the worker died under it: no answer at all
            replies.append((n, error))

    thread = threading.Thread(target=send)
    thread.start()
    return thread


def test_killing_workers_mid_write_leaves_no_half_written_post(site):
    ((_, token),) = members_with_tokens(site.app, 1)
    server = site.serve(workers=2)
    replies: list = []
    for n in range(10):
        sending = _post_in_background(server.url, token, n, replies)
        time.sleep(0.02 + 0.03 * n)  # from before the render to after the commit
        for pid in server.worker_pids():
            os.kill(pid, signal.SIGKILL)
        sending.join(timeout=60)
        server.wait_ready(probe="/conditions")  # the master replaces them

    cut = [n for n, reply in replies if not hasattr(reply, "status")]
    accepted = {
        reply.json()["post"]["id"]
        for _, reply in replies
        if hasattr(reply, "status") and reply.status == 201
    }
    assert cut, "no write was cut short: the test proved nothing"
    assert accepted, "no write got through: nothing to check for wholeness"
    assert all(reply.status == 201 for _, reply in replies if hasattr(reply, "status"))
    with site.app.app_context():
        posts = db.session.scalars(select(Post).where(Post.title.like("Killed mid-write%"))).all()
        assert accepted <= {p.id for p in posts}
        for post in posts:  # each one whole: rendered body, both conditions, both tags, outbox
            assert "laminated card" in post.body_html
            assert sorted(c.slug for c in post.conditions) == ["asthma", "epilepsy"]
            assert post.tag_names == ["nurse", "school"]
            assert db.session.scalar(select(func.count()).where(SearchOutbox.post_id == post.id))
    synced = site.flask("search", "sync")
    assert synced.returncode == 0, synced.stderr
    assert index_drift(site.app) == NO_DRIFT


def _backlog(app, posts: int) -> None:
    """``posts`` published posts the index hasn't seen, each with an outbox row."""
    from bench.corpus import bulk_load

    with app.app_context():
        bulk_load(db.session, posts, seed=7, n_users=20)
        ids = db.session.scalars(select(Post.id)).all()
        db.session.execute(insert(SearchOutbox), [{"post_id": i} for i in ids])
        db.session.commit()


def test_killing_a_sync_mid_way_leaves_no_drift_after_the_next_sync(site):
    _backlog(site.app, 1500)
    sync = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "search", "sync"],
        cwd=ROOT,
        env=site.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    lock = site.index_dir() / "MAIN_WRITELOCK"
    deadline = time.monotonic() + 60
    while not (lock.exists() and _locked(lock)) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)  # well into applying the backlog
    assert sync.poll() is None, "sync finished before it could be killed"
    sync.kill()
    sync.wait()
    assert index_drift(site.app) != NO_DRIFT  # it really was cut short

    again = site.flask("search", "sync")
    assert again.returncode == 0, again.stderr
    assert index_drift(site.app) == NO_DRIFT


def _locked(path) -> bool:
    import fcntl

    with open(path, "rb") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
        return False


class _ReadOnly:
    """The index directory can't be written: chmod, or for root ``chattr +i``."""

    def __init__(self, path) -> None:
        self.path = path
        self.as_root = os.geteuid() == 0

    def __enter__(self):
        if not self.as_root:
            os.chmod(self.path, 0o500)
        elif subprocess.run(["chattr", "+i", str(self.path)], capture_output=True).returncode:
            pytest.skip("can't make a directory read-only here (chattr +i refused)")
        return self

    def __exit__(self, *exc) -> None:
        if self.as_root:
            subprocess.run(["chattr", "-i", str(self.path)], check=True)
        else:
            os.chmod(self.path, 0o700)


def test_a_read_only_index_degrades_search_and_posting_still_works(site):
    ((_, token),) = members_with_tokens(site.app, 1)
    server = site.serve(workers=2)
    assert call(server.url, "GET", "/search?q=anything").status == 200  # the index exists

    def post(word: str):
        return call(
            server.url,
            "POST",
            "/api/v1/posts",
            token=token,
            payload={
                "title": f"Spacer tips {word}",
                "body": f"The {word} trick for the inhaler spacer.",
                "kind": "hack",
                "conditions": ["asthma"],
                "tags": [],
            },
        )

    with _ReadOnly(site.index_dir()):
        assert post("zanzibarquill").status == 201
        page = call(server.url, "GET", "/search?q=zanzibarquill")
        assert page.status in (200, 503)
        assert "Search is temporarily unavailable" in page.body
        api = call(server.url, "GET", "/api/v1/search?q=zanzibarquill")
        assert api.status in (200, 503) and "temporarily unavailable" in api.body
        assert call(server.url, "GET", "/").status == 200  # the rest of the forum is fine

    synced = site.flask("search", "sync")
    assert synced.returncode == 0, synced.stderr
    found = call(server.url, "GET", "/api/v1/search?q=zanzibarquill").json()
    assert [r["post"]["title"] for r in found["results"]] == ["Spacer tips zanzibarquill"]
    assert index_drift(site.app) == NO_DRIFT


def _wait_for(check, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


@contextmanager
def _database_gone(site, server, proxy: TcpProxy | None):
    """The database can't be reached inside the block; it is back afterwards."""
    if proxy is not None:
        proxy.stop()
        try:
            yield
        finally:
            proxy.start()
        return
    with sqlite_gone(site.workdir / "forum.db"):
        # Open connections keep the old file; fresh workers (as after any crash
        # or recycle) meet the gap.
        os.kill(server.process.pid, signal.SIGHUP)
        yield


def test_the_database_going_away_gives_a_friendly_503_and_the_app_recovers(site):
    with site.app.app_context():
        make_user("dana")
    proxy = None
    if PG_URL:
        url = make_url(site.database_url)
        proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432)).start()
        proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        server = site.serve(workers=2, FORUM_SQLALCHEMY_DATABASE_URI=proxied)
    else:
        server = site.serve(workers=2)
    reader, member = Browser(), Browser()
    member.sign_in(server.url, "dana", PASSWORD)
    assert reader.get(server.url + "/")[0] == 200

    with _database_gone(site, server, proxy):
        status, page = _wait_for(lambda: (r := reader.get(server.url + "/"))[0] == 503 and r)
        assert status == 503 and "We'll be right back" in unescape(page), page[:300]
        status, page = member.get(server.url + "/conditions")  # signed in: no 500 either
        assert status == 503 and "We'll be right back" in unescape(page), page[:300]
        api = call(server.url, "GET", "/api/v1/posts")
        assert api.status == 503 and api.json()["error"]["code"] == "unavailable"
        assert api.headers["Retry-After"] == "30"

    assert _wait_for(lambda: reader.get(server.url + "/")[0] == 200)  # by itself
    status, page = member.get(server.url + "/")
    assert status == 200 and "Sign out" in page  # still signed in, nothing to redo
    assert call(server.url, "GET", "/api/v1/posts").status == 200
