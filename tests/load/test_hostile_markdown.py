"""Markdown written to be slow can't hold a worker (issue 10).

A penetration test held a gunicorn worker for the whole 30 s timeout with a
post of 20,000 ``[`` (a 500 when the worker was killed), and two such requests
kept ``/health`` waiting 28 s. Here every adversarial body
(``bench/adversarial_markdown.py``), at the most its field allows, goes over
HTTP to each place that renders Markdown: the live preview, the post form's
Preview and Publish, a comment, and ``POST /api/v1/posts``. The server is a
real gunicorn with two workers and rate limits off; two authors send at once,
so both workers are kept busy with these bodies, while ``/health`` is asked
every 0.2 s. Every answer must be a non-5xx well inside the worker timeout,
and ``/health`` must answer promptly throughout.
"""

from __future__ import annotations

import json
import re
import runpy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from queue import Empty, Queue

import pytest
from sqlalchemy import func, select

from bench.adversarial_markdown import adversarial
from bench.server import ROOT
from forum.extensions import db
from forum.models import Comment, Post
from forum.services import accounts
from forum.services.rules import BODY_MAX, COMMENT_MAX
from tests.factories import PASSWORD, make_post, make_user
from tests.load.helpers import call
from tests.load.outage import Browser

pytestmark = pytest.mark.load

WORKER_TIMEOUT_S = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["timeout"]
ANSWER_WITHIN_S = WORKER_TIMEOUT_S / 6
HEALTH_WITHIN_S = 2.0
POSTS = adversarial(BODY_MAX)
COMMENTS = adversarial(COMMENT_MAX)


@dataclass
class Author:
    """A signed-in member with a browser session and an API token."""

    base: str
    username: str
    token: str
    browser: Browser = field(default_factory=Browser)
    csrf: str = ""

    def sign_in(self) -> Author:
        self.browser.sign_in(self.base, self.username, PASSWORD)
        status, page = self.browser.get(f"{self.base}/posts/new")
        self.csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)[1]
        return self

    def form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        status, page = self.browser.post(self.base + path, {"csrf_token": self.csrf, **fields})
        seen = re.search(r'name="privacy_seen" type="hidden" value="([^"]*)"', page)
        if seen and seen[1]:  # the privacy guard asks first; the author says it's fine
            fields = {**fields, "privacy_confirmed": "y", "privacy_seen": seen[1]}
            status, page = self.browser.post(self.base + path, {"csrf_token": self.csrf, **fields})
        return status, page


def _post_fields(name: str, body: str, button: str) -> dict[str, str]:
    return {
        "title": f"Hostile {button} {name}",
        "body": body,
        "kind": "hack",
        "conditions": "asthma",
        "tags": "",
        button.lower(): button,
    }


def live_preview(author: Author, name: str, post_id: int) -> bool:
    status, page = author.browser.post(
        f"{author.base}/posts/preview", {"csrf_token": author.csrf, "body": POSTS[name]}
    )
    return status == 200 and "html" in json.loads(page)


def form_preview(author: Author, name: str, post_id: int) -> bool:
    status, page = author.form("/posts/new", _post_fields(name, POSTS[name], "Preview"))
    return status == 200 and "Hostile Preview" in page


def form_publish(author: Author, name: str, post_id: int) -> bool:
    status, page = author.form("/posts/new", _post_fields(name, POSTS[name], "Publish"))
    return status == 200 and "Your post is published" in page


def comment(author: Author, name: str, post_id: int) -> bool:
    status, page = author.form(f"/posts/{post_id}/comments", {"body": COMMENTS[name]})
    return status == 200 and "Your comment was added" in page


def api_post(author: Author, name: str, post_id: int) -> bool:
    payload = {
        "title": f"Hostile API {name}",
        "body": POSTS[name],
        "kind": "hack",
        "conditions": ["asthma"],
        "tags": [],
    }
    reply = call(author.base, "POST", "/api/v1/posts", token=author.token, payload=payload)
    return reply.status == 201


ROUTES: list[Callable[[Author, str, int], bool]] = [
    live_preview,
    form_preview,
    form_publish,
    comment,
    api_post,
]


def _send_all(author: Author, jobs: Queue, post_id: int, answers: dict) -> None:
    while True:
        try:
            route, name = jobs.get_nowait()
        except Empty:
            return
        start = time.monotonic()
        try:
            ok = route(author, name, post_id)
        except Exception as error:  # an answer we couldn't read is a failure too
            ok = f"{type(error).__name__}: {error}"
        answers[(route.__name__, name)] = (ok, time.monotonic() - start)


def _watch_health(base: str, until: threading.Event, seen: list) -> None:
    while not until.is_set():
        start = time.monotonic()
        status = call(base, "GET", "/health", timeout=WORKER_TIMEOUT_S * 2).status
        seen.append((status, time.monotonic() - start))
        until.wait(0.2)


def test_no_markdown_holds_a_worker_or_keeps_health_waiting(site):
    with site.app.app_context():
        authors = [make_user(f"hostile{i}", trust_level=2) for i in range(2)]
        tokens = [accounts.issue_token(user, "load test") for user in authors]
        post_id = make_post(authors[0], title="Where the comments go").id
        names = [user.username for user in authors]
    server = site.serve(workers=2)
    senders = [Author(server.url, n, t).sign_in() for n, t in zip(names, tokens, strict=True)]

    jobs: Queue = Queue()
    for name in POSTS:
        for route in ROUTES:
            jobs.put((route, name))
    answers: dict = {}
    health: list = []
    done = threading.Event()
    watcher = threading.Thread(target=_watch_health, args=(server.url, done, health))
    threads = [
        threading.Thread(target=_send_all, args=(author, jobs, post_id, answers))
        for author in senders
    ]
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=len(POSTS) * len(ROUTES) * WORKER_TIMEOUT_S)
    done.set()
    watcher.join()

    assert len(answers) == len(POSTS) * len(ROUTES)
    failed = {key: ok for key, (ok, _) in answers.items() if ok is not True}
    slow = {key: round(s, 2) for key, (_, s) in answers.items() if s > ANSWER_WITHIN_S}
    assert failed == {}
    assert slow == {}
    assert health and all(status == 200 for status, _ in health)
    assert max(seconds for _, seconds in health) < HEALTH_WITHIN_S
    assert "WORKER TIMEOUT" not in site.log()
    with site.app.app_context():
        published = select(func.count()).where(Post.title.like("Hostile%"))
        assert db.session.scalar(published) == 2 * len(POSTS)
        comments = select(func.count()).where(Comment.post_id == post_id)
        assert db.session.scalar(comments) == len(COMMENTS)
