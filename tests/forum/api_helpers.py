"""Shared pieces of the API tests: a client that checks every answer, and a
snapshot of what is stored, to prove a refused request changed nothing."""

from __future__ import annotations

import json
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ApiToken, Comment, OutcomeReport, Post, PostTag, User, post_conditions

# The JSON shapes docs/api.md gives ("Shapes"). Posts carry
# one addition, the latest safety review, so a client can show the care-card
# label the web shows, and the evidence level beside it with its citations.
POST_KEYS = {
    "id", "url", "title", "kind", "body", "body_html", "conditions", "tags", "status",
    "author", "created_at", "updated_at", "comment_count", "answers_helped", "outcomes",
    "thanks", "durability",
    "safety_review", "adapted_from", "adaptation_note", "adaptation_count",
    "evidence", "citations",
}  # fmt: skip
# One post (GET /posts/<id> and a write's answer) carries its record too.
ONE_POST_KEYS = POST_KEYS | {"record"}
RECORD_KEYS = {"aim", "setting", "measures", "cycles", "coauthors"}
AUTHOR_KEYS = {"username", "perspective", "trust_level", "clinician_verified"}
OUTCOME_COUNT_KEYS = {"worked", "partly", "no_effect", "worse", "stopped", "total"}
COMMENT_KEYS = {
    "id", "post_id", "body", "body_html", "status", "helped", "thanks", "author",
    "created_at", "updated_at",
}  # fmt: skip
OUTCOME_KEYS = {
    "post_id", "result", "note", "duration", "age_band", "care_team_knew", "user",
    "created_at", "updated_at",
}  # fmt: skip
CONDITION_KEYS = {"slug", "name", "synonyms", "parent", "icd10"}

EMAIL_DOMAIN = "@example.org"  # every factory-made user's email ends with it


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def check_answer(response) -> None:
    """What holds for every API answer: JSON, no 5xx, no email, errors well formed."""
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert response.is_json, (response.status_code, response.get_data(as_text=True)[:200])
    text = response.get_data(as_text=True)
    assert EMAIL_DOMAIN not in text
    assert '"email"' not in text
    if response.status_code >= 400:
        body = response.get_json()
        assert set(body) == {"error"}
        error = body["error"]
        assert {"code", "message"} <= set(error) <= {"code", "message", "fields"}
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"]
        if "fields" in error:
            assert error["fields"] and all(isinstance(m, str) for m in error["fields"].values())


class Api:
    """The test client, speaking JSON, checking every answer with :func:`check_answer`."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def call(self, method: str, path: str, *, token=None, json_body=None, raw=None, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers.update(bearer(token))
        if json_body is not None:
            raw = json.dumps(json_body)
        if raw is not None:
            kwargs.setdefault("content_type", "application/json")
            kwargs["data"] = raw
        response = self.client.open(path, method=method, headers=headers, **kwargs)
        check_answer(response)
        return response

    def get(self, path: str, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body=None, **kwargs):
        return self.call("POST", path, json_body=body, **kwargs)


def snapshot(app: Flask) -> dict:
    """Everything an API write could change, in comparable form."""
    with app.app_context():
        counts = {
            name: db.session.scalar(select(func.count()).select_from(table))
            for name, table in (
                ("users", User),
                ("posts", Post),
                ("post_tags", PostTag),
                ("post_conditions", post_conditions),
                ("comments", Comment),
                ("outcome_reports", OutcomeReport),
                ("api_tokens", ApiToken),
            )
        }
        posts = db.session.execute(
            select(
                Post.id, Post.title, Post.body, Post.status, Post.comment_count,
                Post.outcome_worked, Post.outcome_partly, Post.outcome_no_effect,
                Post.outcome_stopped, Post.updated_at,
            ).order_by(Post.id)
        ).all()  # fmt: skip
        reports = db.session.execute(
            select(OutcomeReport.id, OutcomeReport.result, OutcomeReport.note).order_by(
                OutcomeReport.id
            )
        ).all()
        return {"counts": counts, "posts": [tuple(p) for p in posts], "reports": reports}


def parse_time(value: str) -> datetime:
    """An ISO 8601 UTC time as the API writes it ("2026-03-03T10:00:00.123456Z")."""
    assert value.endswith("Z"), value
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.utcoffset().total_seconds() == 0
    return parsed
