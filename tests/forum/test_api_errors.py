"""The API's error object for every status it can answer with, and what a
policy (moderation) may make it say."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import TooManyRequests

from forum.policy import WritePolicy, WriteRefused
from forum.services.accounts import issue_token
from tests.factories import PASSWORD, make_post, make_user
from tests.forum.api_helpers import Api, snapshot

NEW_POST = {
    "title": "Pill organiser with alarms",
    "body": "Two alarms a day and a weekly box.",
    "kind": "hack",
    "conditions": ["type-1-diabetes"],
}


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def token(app):
    with app.app_context():
        return issue_token(make_user())


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here", "/api/v1/posts/abc", "/api/v1/posts/0", "/api/v1/posts/-1",
     "/api/v1/posts/1/flagz", "/api/v2/posts", "/api/v1/conditions/ibd/extra"],
)  # fmt: skip
def test_unknown_api_urls_are_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/api/v1/tokens", {"POST"}),
        ("PUT", "/api/v1/posts", {"GET", "POST"}),
        ("DELETE", "/api/v1/posts/1", {"GET"}),
        ("PATCH", "/api/v1/conditions", {"GET"}),
        ("GET", "/api/v1/posts/1/comments", {"POST"}),
        ("PUT", "/api/v1/posts/1/outcomes", {"POST"}),
    ],
)
def test_wrong_method_is_json_405_with_allow(app, api, method, path, allowed):
    with app.app_context():
        make_post()
    response = api.call(method, path)
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"
    assert allowed <= set(response.headers["Allow"].replace(" ", "").split(","))


@pytest.mark.parametrize("path", ["/api/v1/tokens", "/api/v1/posts"])
def test_body_over_one_megabyte_is_json_413_and_changes_nothing(app, api, token, path):
    before = snapshot(app)
    oversized = {**NEW_POST, "body": "x" * (1024 * 1024 + 1), "username": "u", "password": "p"}
    response = api.post(path, oversized, token=token)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
    assert snapshot(app) == before


class RefuseEverything(WritePolicy):
    """What moderation's policy does to a suspended member."""

    def check(self, user, action, *, text="", post=None):
        raise WriteRefused("Your account is suspended until 3 March 2026.")


class SlowDown(WritePolicy):
    def check(self, user, action, *, text="", post=None):
        refusal = WriteRefused("You're posting quickly. Try again in a minute.", status=429)
        refusal.retry_after = 60
        raise refusal


class LimiterSays429(WritePolicy):
    def check(self, user, action, *, text="", post=None):
        raise TooManyRequests("Too many posts for now.", retry_after=30)


class HoldForReview(WritePolicy):
    def initial_status(self, user, action, *, text=""):
        return "pending"


def _with_policy(app, policy: WritePolicy) -> None:
    app.extensions["forum.policy"] = policy


@pytest.mark.parametrize(
    ("policy", "status", "code", "words", "retry_after"),
    [
        (RefuseEverything(), 403, "forbidden", "suspended until 3 March 2026", None),
        (SlowDown(), 429, "rate_limited", "Try again in a minute", "60"),
        (LimiterSays429(), 429, "rate_limited", "Too many posts", "30"),
    ],
)
def test_policy_refusals_come_back_with_their_status_and_words(
    app, api, token, policy, status, code, words, retry_after
):
    with app.app_context():
        post_id = make_post().id
    _with_policy(app, policy)
    before = snapshot(app)
    for path, body in (
        ("/api/v1/posts", NEW_POST),
        (f"/api/v1/posts/{post_id}/comments", {"body": "Thanks"}),
        (f"/api/v1/posts/{post_id}/outcomes", {"result": "worked"}),
    ):
        response = api.post(path, body, token=token)
        assert response.status_code == status, path
        assert response.json["error"]["code"] == code
        assert words in response.json["error"]["message"]
        assert response.headers.get("Retry-After") == retry_after
    assert snapshot(app) == before


def test_a_post_held_for_review_is_created_pending_and_seen_only_by_its_author(app, api, token):
    _with_policy(app, HoldForReview())
    response = api.post("/api/v1/posts", NEW_POST, token=token)
    assert response.status_code == 201
    assert response.json["post"]["status"] == "pending"
    location = response.headers["Location"]
    assert api.get(location, token=token).status_code == 200
    assert api.get(location).status_code == 404
    assert api.get("/api/v1/posts").json["total"] == 0


def test_the_api_sets_no_cookies(app, api, token):
    with app.app_context():
        make_user("kim")
    answers = [
        api.post("/api/v1/tokens", {"username": "kim", "password": PASSWORD}),
        api.get("/api/v1/posts"),
        api.post("/api/v1/posts", NEW_POST, token=token),
        api.get("/api/v1/nowhere"),
    ]
    assert all("Set-Cookie" not in a.headers for a in answers)


def test_email_appears_in_no_answer(app, api):
    """Every user here has an email; check_answer fails on any sign of one."""
    with app.app_context():
        writer = make_user("writer", email="writer.private@example.org")
        reader = make_user("reader", email="reader.private@example.org")
        post_id = make_post(writer).id
        token = issue_token(reader)
    login = {"username": "Writer.Private@example.org", "password": PASSWORD}
    answers = [
        api.post("/api/v1/tokens", login),
        api.get("/api/v1/posts"),
        api.get(f"/api/v1/posts/{post_id}"),
        api.post(f"/api/v1/posts/{post_id}/comments", {"body": "Same here."}, token=token),
        api.post(f"/api/v1/posts/{post_id}/outcomes", {"result": "worked"}, token=token),
        api.post("/api/v1/posts", NEW_POST, token=token),
    ]
    assert [a.status_code for a in answers] == [201, 200, 200, 201, 201, 201]
    for answer in answers:
        text = answer.get_data(as_text=True)
        assert "private" not in text
