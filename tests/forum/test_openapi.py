"""The OpenAPI document at /api/v1/openapi.json: it describes exactly the routes
the app has, it is valid OpenAPI 3.1, real answers have the shapes it gives, and
everyone may read it (the same document, cacheable)."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from forum.api.openapi import DOCUMENT
from forum.extensions import db
from forum.models import KINDS, OUTCOME_RESULTS, PERSPECTIVES, SAFETY_LABELS, STATUSES, ApiToken
from forum.services.accounts import issue_token, revoke_token
from moderation.models import FLAG_REASONS, FLAG_STATUSES
from moderation.reviews import review_post
from search.query.params import SORTS
from tests.factories import PASSWORD, make_comment, make_outcome, make_post, make_user
from tests.forum.walk_helpers import ROLES, changed_tables, make_world, sign_in, snapshot, suspend

# The document describes the whole app: moderation's and search's routes too.
pytestmark = pytest.mark.needs_plugin("moderation", "search")

URL = "/api/v1/openapi.json"
METHODS = {"get", "put", "post", "delete", "patch"}
SPEC = DOCUMENT.data


def documented_path(rule: str) -> str:
    """Werkzeug's ``/posts/<int:post_id>`` as OpenAPI's ``/posts/{post_id}``."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule)


def api_routes(app) -> dict[tuple[str, str], str]:
    """(path, method) -> endpoint for every /api/v1 route in the app."""
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes[(documented_path(rule.rule), method.lower())] = rule.endpoint
    return routes


def documented_operations() -> dict[tuple[str, str], str]:
    """(path, method) -> operationId for every operation in the document."""
    return {
        (path, method): operation["operationId"]
        for path, item in SPEC["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def test_every_route_is_documented_and_every_documented_route_exists(app):
    routes = api_routes(app)
    assert len(routes) >= 11  # the forum's, moderation's flags, search, this document
    # Each operation is named for the view that serves it, so a moved or renamed
    # view is noticed too.
    assert documented_operations() == routes


def test_the_comparison_converts_path_arguments():
    assert documented_path("/api/v1/posts/<int:post_id>/comments") == (
        "/api/v1/posts/{post_id}/comments"
    )
    assert documented_path("/api/v1/users/<username>") == "/api/v1/users/{username}"


def test_the_document_is_valid_openapi_3_1():
    assert SPEC["openapi"].startswith("3.1.")
    validate(SPEC)  # raises on anything OpenAPI 3.1 doesn't allow


def test_the_documented_choices_are_the_codes():
    schemas = SPEC["components"]["schemas"]
    post = schemas["Post"]["properties"]
    assert post["kind"]["enum"] == list(KINDS)
    assert post["status"]["enum"] == list(STATUSES)
    assert schemas["User"]["properties"]["perspective"]["enum"] == list(PERSPECTIVES)
    assert schemas["OutcomeReport"]["properties"]["result"]["enum"] == list(OUTCOME_RESULTS)
    assert set(schemas["OutcomeCounts"]["properties"]) == {*OUTCOME_RESULTS, "total"}
    assert schemas["SafetyReview"]["properties"]["label"]["enum"] == list(SAFETY_LABELS)
    assert schemas["Flag"]["properties"]["reason"]["enum"] == list(FLAG_REASONS)
    assert schemas["Flag"]["properties"]["status"]["enum"] == list(FLAG_STATUSES)
    search = {p["name"]: p for p in SPEC["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert search["sort"]["schema"]["enum"] == list(SORTS)


# ---------- real answers have the documented shapes ----------


def documented_schema(path: str, method: str, status: int) -> dict:
    responses = SPEC["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} doesn't document {status}"
    response = responses[str(status)]
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response["content"]["application/json"]["schema"]


def assert_fits(body, path: str, method: str, status: int) -> None:
    """``status`` is documented for the operation and ``body`` fits its schema
    (every documented key present, no undocumented key, the documented types)."""
    schema = documented_schema(path, method, status)
    # $refs resolve against the document's components.
    validator = Draft202012Validator({**schema, "components": SPEC["components"]})
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == [], (method, path, status)


def assert_documented(response, path: str, method: str = "get") -> None:
    assert_fits(response.json, path, method, response.status_code)


@pytest.fixture
def things(app):
    """A reviewed post with outcomes and a comment, a member with a token, a moderator."""
    with app.app_context():
        author, member = make_user(), make_user()
        moderator = make_user(role="moderator")
        post = make_post(author, title="A visual timetable for medicines", tags=["school"])
        make_outcome(post, member, "worked", "Fewer missed doses.")
        comment = make_comment(post, author)
        review_post(moderator, post, label="care_team", note="Check doses with your team.")
        return {
            "post": post.id,
            "comment": comment.id,
            "token": issue_token(member),
            "member": member.username,
        }


def test_reads_have_their_documented_shapes(client, things):
    post = things["post"]
    listing = client.get("/api/v1/posts")
    assert listing.json["posts"][0]["safety_review"] is not None  # the nested shapes are used
    assert_documented(listing, "/api/v1/posts")
    assert_documented(client.get(f"/api/v1/posts/{post}"), "/api/v1/posts/{post_id}")
    assert_documented(client.get("/api/v1/conditions"), "/api/v1/conditions")
    summary = client.get("/api/v1/conditions/crohns-disease/summary")
    assert summary.json["most_reported_to_work"][0]["id"] == post  # the nested shapes are used
    assert_documented(summary, "/api/v1/conditions/{slug}/summary")
    found = client.get("/api/v1/search?q=timetable")
    assert found.json["total"] == 1
    assert_documented(found, "/api/v1/search")


def test_writes_have_their_documented_shapes(client, things):
    post, headers = things["post"], {"Authorization": f"Bearer {things['token']}"}
    token = client.post("/api/v1/tokens", json={"username": things["member"], "password": PASSWORD})
    assert token.status_code == 201
    assert_documented(token, "/api/v1/tokens", "post")
    created = client.post(
        "/api/v1/posts",
        json={"title": "Sent through the API", "body": "A *short* note.", "kind": "question",
              "conditions": ["asthma"], "tags": ["api"]},
        headers=headers,
    )  # fmt: skip
    assert created.status_code == 201
    assert_documented(created, "/api/v1/posts", "post")
    for path, body, status in [
        ("/api/v1/posts/{post_id}/comments", {"body": "Thank you, trying it."}, 201),
        ("/api/v1/posts/{post_id}/outcomes", {"result": "partly", "note": "Some days."}, 200),
        ("/api/v1/posts/{post_id}/flags", {"reason": "spam"}, 201),
    ]:
        response = client.post(path.format(post_id=post), json=body, headers=headers)
        assert response.status_code == status, path
        assert_documented(response, path, "post")
    flagged = client.post(
        f"/api/v1/comments/{things['comment']}/flags", json={"reason": "off_topic"}, headers=headers
    )
    assert flagged.status_code == 201
    assert_documented(flagged, "/api/v1/comments/{comment_id}/flags", "post")


SUMMARY = "/api/v1/conditions/{slug}/summary"


def test_errors_have_their_documented_shapes(client, things):
    post, headers = things["post"], {"Authorization": f"Bearer {things['token']}"}
    cases = [
        ("get", "/api/v1/posts?kind=recipe", None, None, 400, "/api/v1/posts"),
        ("post", "/api/v1/posts", {"title": "Hi"}, headers, 400, "/api/v1/posts"),
        ("post", "/api/v1/posts", {}, None, 401, "/api/v1/posts"),
        ("get", "/api/v1/posts/2147483647", None, None, 404, "/api/v1/posts/{post_id}"),
        (
            "post",
            f"/api/v1/posts/{post}/comments",
            {"body": "Call Maya Hughes on 07700 900123, she has Crohn's."},
            headers,
            409,
            "/api/v1/posts/{post_id}/comments",
        ),
        ("get", "/api/v1/search?sort=loudest", None, None, 400, "/api/v1/search"),
        ("get", "/api/v1/conditions/nope/summary", None, None, 404, SUMMARY),
    ]
    for method, url, body, sent_headers, status, path in cases:
        response = client.open(url, method=method.upper(), json=body, headers=sent_headers or {})
        assert response.status_code == status, (url, response.json)
        assert_documented(response, path, method)
    privacy = client.post(
        f"/api/v1/posts/{post}/comments",
        json={"body": "Call Maya Hughes on 07700 900123, she has Crohn's."},
        headers=headers,
    )
    assert privacy.json["error"]["code"] == "privacy_check"


def test_the_shape_check_notices_an_undocumented_key(client, things):
    """The check above can fail: a key the document doesn't name is refused."""
    body = client.get(f"/api/v1/posts/{things['post']}").json
    assert_fits(body, "/api/v1/posts/{post_id}", "get", 200)
    body["post"]["author"]["email"] = "someone@example.org"
    with pytest.raises(AssertionError, match="get"):
        assert_fits(body, "/api/v1/posts/{post_id}", "get", 200)
    with pytest.raises(AssertionError, match="doesn't document 201"):
        assert_fits(body, "/api/v1/posts/{post_id}", "get", 201)


# ---------- who may read it ----------


def test_the_document_is_served_as_the_file_public_and_cacheable(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_data() == DOCUMENT.body
    assert json.loads(response.get_data()) == SPEC
    assert response.cache_control.public
    assert response.cache_control.max_age == 3600
    etag, _ = response.get_etag()
    assert etag
    again = client.get(URL, headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304
    assert again.get_data() == b""


@pytest.mark.parametrize("role", ROLES)
def test_everyone_may_read_the_document_and_nothing_changes(app, role):
    """The walk of test_security.py, for this read: each person, as a signed-in
    browser and with their token, gets the same document and changes nothing."""
    world = make_world(app)
    client = sign_in(app, app.test_client(), world.user_id(role))
    if role == "suspended":
        suspend(app, world.author)
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {world.tokens[getattr(world, role)]}"
    before = snapshot(app)
    for sent in ({}, headers):
        response = client.get(URL, headers=sent)
        assert response.status_code == 200, (role, sent)
        assert response.get_data() == DOCUMENT.body
    assert not changed_tables(app, before)
    if role != "anonymous":  # an answer to someone is kept by no shared cache
        assert response.headers["Cache-Control"] == "private, no-store"


def test_a_revoked_token_is_refused_here_as_on_every_forum_read(app, client):
    with app.app_context():
        user = make_user()
        token = issue_token(user)
        token_id = db.session.scalar(db.select(ApiToken.id).where(ApiToken.user_id == user.id))
        assert revoke_token(user, token_id)
    response = client.get(URL, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_notification_answers_have_their_documented_shapes(client, things):
    with client.application.app_context():
        from forum.models import Post

        author = db.session.get(Post, things["post"]).author
        headers = {"Authorization": f"Bearer {issue_token(author)}"}
    listing = client.get("/api/v1/notifications", headers=headers)
    # The member's "I tried this" and the clinician's review: both kinds' shapes.
    assert {n["kind"] for n in listing.json["notifications"]} == {"outcome", "safety_review"}
    assert_documented(listing, "/api/v1/notifications")
    read = client.post("/api/v1/notifications/read", json={"all": True}, headers=headers)
    assert_documented(read, "/api/v1/notifications/read", "post")
