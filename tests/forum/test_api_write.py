"""API writes: posts, comments, "I tried this", and who may do them."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ApiToken, Post
from forum.services.accounts import issue_token, revoke_token
from tests.factories import make_outcome, make_post, make_user
from tests.forum.api_helpers import (
    AUTHOR_KEYS,
    COMMENT_KEYS,
    ONE_POST_KEYS,
    OUTCOME_KEYS,
    Api,
    parse_time,
    snapshot,
)

NEW_POST = {
    "title": "  A bathroom pass that  teachers accept ",
    "body": "We asked the IBD nurse for a letter.\n\n<script>alert(1)</script> It **worked**.",
    "kind": "hack",
    "conditions": ["crohns-disease", "ulcerative-colitis"],
    "tags": ["School", " school", "bathroom-pass"],
}


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def member(app):
    """A member's username and token."""
    with app.app_context():
        user = make_user("sam-parent")
        return user.username, issue_token(user)


@pytest.fixture
def post_id(app):
    with app.app_context():
        return make_post(make_user("post-author"), title="Visual timetable for meds").id


def test_create_post(app, api, member):
    username, token = member
    response = api.post("/api/v1/posts", NEW_POST, token=token)
    assert response.status_code == 201
    assert set(response.json) == {"post"}
    post = response.json["post"]
    assert set(post) == ONE_POST_KEYS and set(post["author"]) == AUTHOR_KEYS
    assert post["title"] == "A bathroom pass that teachers accept"
    assert post["author"]["username"] == username
    assert post["conditions"] == ["crohns-disease", "ulcerative-colitis"]
    assert post["tags"] == ["bathroom-pass", "school"]
    assert post["status"] == "published"
    assert "<strong>worked</strong>" in post["body_html"]
    assert "<script" not in post["body_html"]
    parse_time(post["created_at"])
    # Location points at the new post in the API, and it is there.
    assert response.headers["Location"].endswith(f"/api/v1/posts/{post['id']}")
    assert api.get(response.headers["Location"]).json["post"] == post
    listed = api.get("/api/v1/posts?condition=ibd").json["posts"]
    assert [p["id"] for p in listed] == [post["id"]]


def test_create_post_without_fields_names_each_one(app, api, member):
    before = snapshot(app)
    response = api.post("/api/v1/posts", {}, token=member[1])
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_failed"
    assert set(response.json["error"]["fields"]) == {"title", "body", "kind", "conditions"}
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "Hi"}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"body": "x" * 20_001}, "body"),
        ({"kind": "advice"}, "kind"),
        ({"conditions": []}, "conditions"),
        ({"conditions": ["no-such-thing"]}, "conditions"),
        ({"conditions": ["asthma", "lupus", "epilepsy", "dialysis", "other", "ibd"]}, "conditions"),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
        ({"tags": ["no/slashes"]}, "tags"),  # spaces become hyphens (test_compose.py)
        ({"title": 12345}, "title"),
        ({"conditions": "crohns-disease"}, "conditions"),
        ({"conditions": [["crohns-disease"]]}, "conditions"),
        ({"tags": {"school": True}}, "tags"),
        ({"kind": ["hack"]}, "kind"),
    ],
)
def test_create_post_refuses_bad_fields(app, api, member, change, field):
    before = snapshot(app)
    response = api.post("/api/v1/posts", {**NEW_POST, **change}, token=member[1])
    assert response.status_code == 400
    assert list(response.json["error"]["fields"]) == [field]
    assert snapshot(app) == before


def test_add_comment(app, api, member, post_id):
    username, token = member
    response = api.post(
        f"/api/v1/posts/{post_id}/comments", {"body": "Thank you, *trying* this."}, token=token
    )
    assert response.status_code == 201
    assert set(response.json) == {"comment"}
    comment = response.json["comment"]
    assert set(comment) == COMMENT_KEYS
    assert comment["post_id"] == post_id
    assert comment["author"]["username"] == username
    assert comment["body"] == "Thank you, *trying* this."
    assert "<em>trying</em>" in comment["body_html"]
    assert comment["status"] == "published"
    parse_time(comment["created_at"])
    assert api.get(f"/api/v1/posts/{post_id}").json["post"]["comment_count"] == 1


def test_comment_refusals(app, api, member, post_id):
    token = member[1]
    with app.app_context():
        locked = make_post(title="Comments are locked here")
        locked.comments_locked = True
        db.session.commit()
        locked_id = locked.id
        hidden_id = make_post(title="Hidden from members", status="hidden").id
    before = snapshot(app)
    empty = api.post(f"/api/v1/posts/{post_id}/comments", {"body": "  \n "}, token=token)
    assert empty.status_code == 400 and "body" in empty.json["error"]["fields"]
    too_long = api.post(f"/api/v1/posts/{post_id}/comments", {"body": "x" * 5001}, token=token)
    assert too_long.status_code == 400
    on_locked = api.post(f"/api/v1/posts/{locked_id}/comments", {"body": "Hi"}, token=token)
    assert on_locked.status_code == 409
    assert on_locked.json["error"]["code"] == "conflict"
    assert "locked" in on_locked.json["error"]["message"]
    for missing in (hidden_id, 424242):
        response = api.post(f"/api/v1/posts/{missing}/comments", {"body": "Hi"}, token=token)
        assert response.status_code == 404
    assert snapshot(app) == before


def test_first_report_is_201_and_a_second_updates_it_with_200(app, api, member, post_id):
    username, token = member
    path = f"/api/v1/posts/{post_id}/outcomes"
    first = api.post(path, {"result": "partly", "note": "Helped on school days."}, token=token)
    assert first.status_code == 201
    assert set(first.json) == {"outcome"}
    outcome = first.json["outcome"]
    assert set(outcome) == OUTCOME_KEYS and set(outcome["user"]) == AUTHOR_KEYS
    assert (outcome["post_id"], outcome["result"], outcome["user"]["username"]) == (
        post_id, "partly", username,
    )  # fmt: skip
    second = api.post(path, {"result": "worked"}, token=token)
    assert second.status_code == 200
    assert (second.json["outcome"]["result"], second.json["outcome"]["note"]) == ("worked", "")
    counts = api.get(f"/api/v1/posts/{post_id}").json["post"]["outcomes"]
    assert counts == {
        "worked": 1,
        "partly": 0,
        "no_effect": 0,
        "worse": 0,
        "stopped": 0,
        "total": 1,
    }


def test_reporting_on_your_own_post_is_403(app, api):
    with app.app_context():
        author = make_user()
        own_id = make_post(author).id
        token = issue_token(author)
    before = snapshot(app)
    response = api.post(f"/api/v1/posts/{own_id}/outcomes", {"result": "worked"}, token=token)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert "own post" in response.json["error"]["message"]
    assert snapshot(app) == before


def test_bad_outcome_fields_change_nothing(app, api, member, post_id):
    with app.app_context():
        make_outcome(db.session.get(Post, post_id), result="stopped")
    before = snapshot(app)
    path = f"/api/v1/posts/{post_id}/outcomes"
    for body in ({"result": "great"}, {"result": "worked", "note": "x" * 1001}, {"note": "hi"}):
        response = api.post(path, body, token=member[1])
        assert response.status_code == 400
    assert snapshot(app) == before


WRITES = [
    ("/api/v1/posts", NEW_POST),
    ("/api/v1/posts/{post_id}/comments", {"body": "Hello"}),
    ("/api/v1/posts/{post_id}/outcomes", {"result": "worked"}),
]


@pytest.mark.parametrize(("path", "body"), WRITES)
@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer    ", "Token abc", "Basic c2FtOnB3", "Bearer not-a-real-token",
     "Bearer ' OR 1=1 --", "Bearer " + "x" * 10_000],
)  # fmt: skip
def test_writes_need_a_valid_token(app, api, post_id, path, body, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    before = snapshot(app)
    response = api.post(path.format(post_id=post_id), body, headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")
    assert snapshot(app) == before


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_a_revoked_token_can_no_longer_write(app, api, post_id, path, body):
    with app.app_context():
        user = make_user()
        token = issue_token(user)
        token_id = db.session.scalar(db.select(ApiToken.id).where(ApiToken.user_id == user.id))
        assert revoke_token(user, token_id)
    before = snapshot(app)
    response = api.post(path.format(post_id=post_id), body, token=token)
    assert response.status_code == 401
    assert snapshot(app) == before
