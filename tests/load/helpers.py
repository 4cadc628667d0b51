"""What the load tests share: a small HTTP client, members with tokens, index checks."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from forum.services import accounts
from search import store
from search.index.documents import searchable_clause
from tests.factories import make_post, make_user


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> dict:
        return json.loads(self.body)


def call(
    base: str,
    method: str,
    path: str,
    *,
    token: str | None = None,
    payload: dict | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Reply:
    """One request on a fresh connection (gunicorn's sync workers close each one)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    sent = dict(headers or {})
    body = None
    if payload is not None:
        body = json.dumps(payload).encode()
        sent["Content-Type"] = "application/json"
    if token:
        sent["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        return Reply(
            response.status, response.read().decode(errors="replace"), dict(response.getheaders())
        )
    finally:
        conn.close()


def members_with_tokens(app, count: int, prefix: str = "writer") -> list[tuple[int, str]]:
    """(user id, API token) for ``count`` members trusted enough to post at once."""
    with app.app_context():
        found = []
        for i in range(count):
            user = make_user(f"{prefix}{i}", trust_level=2)
            found.append((user.id, accounts.issue_token(user, "load test")))
        return found


def seed_posts(app, count: int, prefix: str = "Seed") -> list[int]:
    with app.app_context():
        author = make_user(f"{prefix.lower()}author", trust_level=2)
        return [
            make_post(
                author,
                title=f"{prefix} post {i} about school mornings",
                body=f"{prefix} body {i}: a laminated card for the school nurse.",
                conditions=["crohns-disease"],
            ).id
            for i in range(count)
        ]


def index_drift(app) -> dict[str, object]:
    """How the index differs from the database: posts missing, extra, or with stale counts.

    Empty lists everywhere mean the index holds exactly the searchable posts,
    each with its current "it worked" count (the column search sorts by).
    """
    with app.app_context():
        rows = db.session.execute(select(Post.id, Post.outcome_worked).where(searchable_clause()))
        truth = {post_id: worked for post_id, worked in rows}
        db.session.remove()
        indexed = {}
        with store.searcher() as searcher:
            for leaf, _ in searcher.reader().leaf_readers():
                worked = leaf.column_reader("worked") if leaf.has_column("worked") else None
                for docnum in leaf.all_doc_ids():
                    post_id = int(leaf.stored_fields(docnum)["post_id"])
                    indexed[post_id] = worked[docnum] if worked is not None else None
    return {
        "missing": sorted(set(truth) - set(indexed)),
        "extra": sorted(set(indexed) - set(truth)),
        "stale_counts": sorted(p for p in set(truth) & set(indexed) if truth[p] != indexed[p]),
    }


NO_DRIFT = {"missing": [], "extra": [], "stale_counts": []}
