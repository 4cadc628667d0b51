"""Hostile input to every API write: never a 5xx, and a refused request leaves
every row as it was. Accepted input is stored cleaned (no NUL, no control or
bidi-override characters, no live script)."""

from __future__ import annotations

import json

import pytest

from forum.services.accounts import issue_token
from tests.factories import PASSWORD, make_outcome, make_post, make_user
from tests.forum.api_helpers import Api, snapshot
from tests.runchart_factories import make_measure

# Raw JSON text, so that values Python would never produce (a lone surrogate,
# nesting deeper than the parser allows, a 5,000-digit number) reach the server.
HOSTILE_VALUES = [
    '""',
    '"   "',
    '"\\u0000"',
    '"a\\u0000b and some more words"',
    '"\\u202eevil reversed words here"',
    '"\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b"',
    '"\\u0001\\u0007\\u001b[31m red alert text"',
    json.dumps("🙂" * 6, ensure_ascii=False),
    json.dumps("Zalgo t̷̢e̸x̵t̶ and 𝕗𝕒𝕟𝕔𝕪"),
    '"\\ud800"',
    '"a lone low half \\udfff in text"',
    '["\\ud800"]',
    json.dumps("x" * 100_000),
    json.dumps("<script>alert(document.cookie)</script>"),
    json.dumps('<img src=x onerror="alert(1)">'),
    json.dumps("' OR 1=1 --"),
    json.dumps("'; DROP TABLE posts; --"),
    json.dumps("crohns-disease\u0000"),
    '["crohns-disease\\u0000"]',
    '["asthma", "\\u202eamhtsa"]',
    "null",
    "0",
    "-1",
    "1" + "0" * 100,
    "1" + "0" * 5000,
    "1.5",
    "1e999",
    "NaN",
    "true",
    "[]",
    "{}",
    '["asthma"]',
    '{"a": "b"}',
    '["crohns-disease", {"a": 1}]',
    "[" + ", ".join(['"asthma"'] * 5000) + "]",
    '["' + "a" * 1000 + '"]',
    "[" * 50 + "]" * 50,
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 5000 + "1" + "}" * 5000,
]

# Whole bodies that are not a JSON object at all, with their content types.
HOSTILE_BODIES = [
    (b"", "application/json"),
    (b"{", "application/json"),
    (b'{"title": "x",}', "application/json"),
    (b"[]", "application/json"),
    (b'"just a string"', "application/json"),
    (b"null", "application/json"),
    (b"12", "application/json"),
    (b"\xff\xfe\xfa not utf-8", "application/json"),
    (b'{"\\ud800": 1}', "application/json"),
    (b"[" * 100_000, "application/json"),
    (b'{"title": "A proper title"}', "text/plain"),
    (b"title=A+proper+title&body=x", "application/x-www-form-urlencoded"),
    (b'{"title": "A proper title"}', "multipart/form-data; boundary=x"),
]

CONTROL_CHARACTERS = ["\x00", "\x01", "\x07", "\x1b", "\u202e", "\ud800"]


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def world(app):
    """A post to comment on and report about, a member's token, and one earlier report."""
    with app.app_context():
        member = make_user("hostile-member")
        post = make_post(make_user("hostile-author"), title="A post to be attacked")
        make_outcome(post, member, result="partly", note="Earlier report")
        idea = make_post(member, title="A huddle before clinic", kind="change_idea")
        measure = make_measure(idea, "Missed labs", values=[3, 4])
        return {"token": issue_token(member), "post_id": post.id, "measure_id": measure.id}


def _endpoints(world) -> list[tuple[str, dict, str | None]]:
    post_id, token = world["post_id"], world["token"]
    return [
        ("/api/v1/tokens", {"username": "hostile-member", "password": PASSWORD}, None),
        (
            "/api/v1/posts",
            {
                "title": "A fine title here",
                "body": "A fine body.",
                "kind": "hack",
                "conditions": ["asthma"],
                "tags": ["school"],
            },
            token,
        ),  # fmt: skip
        (f"/api/v1/posts/{post_id}/comments", {"body": "A fine comment."}, token),
        (f"/api/v1/posts/{post_id}/outcomes", {"result": "worked", "note": "Fine."}, token),
        (f"/api/v1/measures/{world['measure_id']}/points", {"csv": "2025-03-03,4,fine"}, token),
    ]


def _with_field(valid: dict, field: str, raw_value: str) -> str:
    """The valid body as JSON text with one field's value replaced by raw JSON."""
    parts = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in valid.items() if k != field]
    parts.append(f"{json.dumps(field)}: {raw_value}")
    return "{" + ", ".join(parts) + "}"


def _assert_stored_clean(answer) -> None:
    """What was accepted comes back (as stored) without control or bidi-override
    characters; Markdown source may quote a script tag as text, the HTML may not."""
    for key, value in _items(answer):
        if not isinstance(value, str):
            continue
        assert not any(c in value for c in CONTROL_CHARACTERS), (key, value[:80])
        if key.endswith("_html"):
            assert "<script" not in value and "<img" not in value, value[:200]


def _items(value, key=""):
    """(key, value) for every value nested in a JSON answer."""
    yield key, value
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _items(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _items(item, key)


@pytest.mark.parametrize(
    "endpoint", range(5), ids=["tokens", "posts", "comments", "outcomes", "points"]
)
def test_hostile_field_values(app, api, world, endpoint):
    path, valid, token = _endpoints(world)[endpoint]
    accepted = 0
    for field in valid:
        for raw_value in HOSTILE_VALUES:
            before = snapshot(app)
            response = api.call("POST", path, token=token, raw=_with_field(valid, field, raw_value))
            context = f"{field}={raw_value[:60]!r} -> {response.status_code}"
            if response.status_code >= 400:
                assert response.status_code in (400, 401), context
                assert snapshot(app) == before, context
            else:
                accepted += 1
                assert response.status_code in (200, 201), context
                _assert_stored_clean(response.json)
    if path == "/api/v1/tokens":
        assert accepted == 0  # no hostile password is the right one


@pytest.mark.parametrize(
    "endpoint", range(5), ids=["tokens", "posts", "comments", "outcomes", "points"]
)
def test_hostile_bodies(app, api, world, endpoint):
    path, _, token = _endpoints(world)[endpoint]
    for raw, content_type in HOSTILE_BODIES:
        before = snapshot(app)
        response = api.call("POST", path, token=token, raw=raw, content_type=content_type)
        assert response.status_code == 400, (raw[:40], content_type, response.json)
        assert snapshot(app) == before


@pytest.mark.parametrize("name", ["condition", "kind", "page", "per_page"])
def test_hostile_list_arguments(api, name):
    for raw_value in HOSTILE_VALUES:
        value = raw_value.replace("\\u0000", "\x00")[:2000]
        response = api.call("GET", "/api/v1/posts", query_string={name: value})
        assert response.status_code in (200, 400), (name, raw_value[:60])
