"""API reads: tokens, conditions, the post list with its filters and paging, one post."""

from __future__ import annotations

import pytest

from forum.conditions.catalog import load_catalog
from forum.extensions import db
from forum.models import ApiToken
from forum.services.accounts import issue_token, revoke_token
from moderation.reviews import review_post
from tests.factories import PASSWORD, login_id, make_outcome, make_post, make_user
from tests.forum.api_helpers import (
    AUTHOR_KEYS,
    CONDITION_KEYS,
    ONE_POST_KEYS,
    OUTCOME_COUNT_KEYS,
    POST_KEYS,
    Api,
    parse_time,
)


@pytest.fixture
def api(client):
    return Api(client)


def test_token_from_username_or_email_authenticates_writes(app, api):
    with app.app_context():
        make_user("maya", email="maya.h@example.org")
    for login in ("maya", "Maya.H@example.org"):
        response = api.post("/api/v1/tokens", {"username": login, "password": PASSWORD})
        assert response.status_code == 201
        assert set(response.json) == {"token"}
        token = response.json["token"]
        assert len(token) >= 32
        created = api.post(
            "/api/v1/posts",
            {"title": "Bathroom pass", "body": "It helped.", "kind": "hack",
             "conditions": ["crohns-disease"]},
            token=token,
        )  # fmt: skip
        assert created.status_code == 201
        assert created.json["post"]["author"]["username"] == "maya"


def test_wrong_credentials_get_one_message_whether_or_not_the_account_exists(app, api):
    with app.app_context():
        make_user("maya")
    wrong_password = api.post("/api/v1/tokens", {"username": "maya", "password": "not it at all"})
    no_such_user = api.post("/api/v1/tokens", {"username": "nobody", "password": PASSWORD})
    assert wrong_password.status_code == no_such_user.status_code == 401
    assert wrong_password.json == no_such_user.json
    assert wrong_password.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_token_request_without_credentials_names_the_missing_fields(api):
    response = api.post("/api/v1/tokens", {})
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"username", "password"}


def test_conditions_are_the_catalogue_as_a_tree(api):
    response = api.get("/api/v1/conditions")
    assert response.status_code == 200
    assert set(response.json) == {"conditions"}
    conditions = {c["slug"]: c for c in response.json["conditions"]}
    assert set(conditions) == {entry["slug"] for entry in load_catalog()}
    assert all(set(c) == CONDITION_KEYS for c in conditions.values())
    crohns = conditions["crohns-disease"]
    assert crohns["parent"] == "ibd"
    assert crohns["icd10"] == "K50"
    assert "Crohn" in crohns["name"]
    assert conditions["ibd"]["parent"] == "digestive-conditions"
    assert conditions["digestive-conditions"]["parent"] is None  # the top level is groups


def test_post_list_has_the_documented_shape(app, api):
    with app.app_context():
        author = make_user("nurse-ola", perspective="clinician", clinician_verified=True)
        post = make_post(
            author,
            title="Pre-visit planning huddle",
            body="A **ten-minute** huddle cut missed labs.",
            kind="change_idea",
            conditions=["crohns-disease", "ulcerative-colitis"],
            tags=["Clinic", "labs"],
        )
        make_outcome(post, result="worked")
        make_outcome(post, result="partly")
    response = api.get("/api/v1/posts")
    assert response.status_code == 200
    assert set(response.json) == {"posts", "page", "per_page", "total"}
    assert (response.json["page"], response.json["per_page"], response.json["total"]) == (1, 20, 1)
    [item] = response.json["posts"]
    assert set(item) == POST_KEYS
    assert set(item["author"]) == AUTHOR_KEYS
    assert item["author"] == {
        "username": "nurse-ola",
        "perspective": "clinician",
        "trust_level": 1,
        "clinician_verified": True,
    }
    assert item["title"] == "Pre-visit planning huddle"
    assert item["kind"] == "change_idea"
    assert item["body"] == "A **ten-minute** huddle cut missed labs."
    assert "<strong>ten-minute</strong>" in item["body_html"]
    assert sorted(item["conditions"]) == ["crohns-disease", "ulcerative-colitis"]
    assert item["tags"] == ["clinic", "labs"]
    assert item["status"] == "published"
    assert item["comment_count"] == 0
    assert set(item["outcomes"]) == OUTCOME_COUNT_KEYS
    assert item["outcomes"] == {
        "worked": 1,
        "partly": 1,
        "no_effect": 0,
        "worse": 0,
        "stopped": 0,
        "total": 2,
    }
    assert item["safety_review"] is None
    assert item["url"].endswith(f"/posts/{item['id']}")
    assert parse_time(item["created_at"]) <= parse_time(item["updated_at"])


def test_only_published_posts_are_listed_newest_first(app, api):
    with app.app_context():
        first = make_post(title="The first one we wrote").id
        for status in ("pending", "hidden", "removed"):
            make_post(title=f"A {status} post here", status=status)
        second = make_post(title="The second one we wrote").id
    response = api.get("/api/v1/posts")
    assert [p["id"] for p in response.json["posts"]] == [second, first]
    assert response.json["total"] == 2


def test_condition_filter_includes_the_conditions_below_it(app, api):
    with app.app_context():
        crohns = make_post(conditions=["crohns-disease"]).id
        colitis = make_post(conditions=["ulcerative-colitis"]).id
        make_post(conditions=["asthma"])
    ibd = api.get("/api/v1/posts?condition=ibd").json
    assert sorted(p["id"] for p in ibd["posts"]) == sorted([crohns, colitis])
    assert ibd["total"] == 2
    only_crohns = api.get("/api/v1/posts?condition=crohns-disease").json
    assert [p["id"] for p in only_crohns["posts"]] == [crohns]


def test_a_post_in_two_matching_conditions_is_listed_once(app, api):
    with app.app_context():
        both = make_post(conditions=["crohns-disease", "ulcerative-colitis"]).id
    response = api.get("/api/v1/posts?condition=ibd").json
    assert [p["id"] for p in response["posts"]] == [both]
    assert response["total"] == 1


def test_kind_filter(app, api):
    with app.app_context():
        question = make_post(kind="question").id
        make_post(kind="hack")
    response = api.get("/api/v1/posts?kind=question&condition=").json
    assert [p["id"] for p in response["posts"]] == [question]


def test_paging(app, api):
    with app.app_context():
        ids = [make_post(title=f"Post number {n} here").id for n in range(5)]
    newest_first = list(reversed(ids))
    pages = [api.get(f"/api/v1/posts?per_page=2&page={n}").json for n in (1, 2, 3, 4)]
    assert [[p["id"] for p in page["posts"]] for page in pages] == [
        newest_first[0:2], newest_first[2:4], newest_first[4:], [],
    ]  # fmt: skip
    assert {page["total"] for page in pages} == {5}
    assert pages[2]["page"] == 3 and pages[2]["per_page"] == 2
    assert api.get("/api/v1/posts?per_page=100").json["per_page"] == 100


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("page=%C2%B2", "page"),  # a superscript two: a digit to str.isdigit, not to int
        ("page=99999999999999999999999999", "page"),
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=-5", "per_page"),
        ("kind=hacks", "kind"),
        ("kind=%3Cscript%3E", "kind"),
        ("condition=no-such-condition", "condition"),
        ("condition=%00", "condition"),
        ("condition=" + "x" * 5000, "condition"),
        ("condition=%27%20OR%201%3D1%20--", "condition"),
    ],
)
def test_bad_list_arguments_are_400_naming_the_argument(api, query, field):
    response = api.get(f"/api/v1/posts?{query}")
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_get_post(app, api):
    with app.app_context():
        post_id = make_post(title="Visual timetable for meds", tags=["school"]).id
    response = api.get(f"/api/v1/posts/{post_id}")
    assert response.status_code == 200
    assert set(response.json) == {"post"}
    assert set(response.json["post"]) == ONE_POST_KEYS
    assert response.json["post"]["title"] == "Visual timetable for meds"
    assert response.json["post"]["tags"] == ["school"]


def test_the_list_shows_each_post_as_the_post_itself_does(app, api):
    """The list reads summaries in bulk (forum.posts.summary), one post is the ORM
    object summarized: both must put out the same JSON, safety review and all."""
    with app.app_context():
        reviewer = make_user("nurse-ro", perspective="clinician", clinician_verified=True)
        author = make_user("dana", trust_level=2)
        reviewed = make_post(
            author,
            conditions=["ulcerative-colitis", "asthma", "crohns-disease"],
            tags=["school", "bathroom-pass", "diet"],
        )
        review_post(reviewer, reviewed, label="care_team", note="Ask your team first.")
        make_outcome(reviewed, result="no_effect")
        make_post(make_user("sam"), body="Another **one**.", conditions=["epilepsy"])
    listed = api.get("/api/v1/posts").json["posts"]
    assert len(listed) == 2 and listed[1]["safety_review"]["reviewer"] == "nurse-ro"
    for item in listed:
        one = api.get(f"/api/v1/posts/{item['id']}").json["post"]
        assert item == {k: v for k, v in one.items() if k != "record"}  # one post adds its record


@pytest.mark.parametrize("path", ["/api/v1/posts/999", "/api/v1/posts/99999999999999999999"])
def test_unknown_post_is_404(api, path):
    assert api.get(path).status_code == 404


@pytest.mark.parametrize(
    ("status", "author", "other", "moderator"),
    [
        ("pending", 200, 404, 200),
        ("hidden", 200, 404, 200),
        ("removed", 404, 404, 200),
    ],
)
def test_unpublished_post_is_seen_only_by_its_author_and_reviewers(
    app, api, status, author, other, moderator
):
    with app.app_context():
        writer = make_user()
        post_id = make_post(writer, status=status).id
        tokens = {
            "author": issue_token(writer),
            "other": issue_token(make_user()),
            "moderator": issue_token(make_user(role="moderator")),
        }
    assert api.get(f"/api/v1/posts/{post_id}").status_code == 404
    for who, expected in (("author", author), ("other", other), ("moderator", moderator)):
        response = api.get(f"/api/v1/posts/{post_id}", token=tokens[who])
        assert response.status_code == expected, who
        if expected == 200:
            assert response.json["post"]["status"] == status


def test_a_signed_in_browser_cookie_is_not_an_api_identity(app, api, client):
    with app.app_context():
        writer = make_user("cookie-author")
        post_id = make_post(writer, status="pending").id
        signed_in_as = login_id(writer)
    with client.session_transaction() as session:  # what Flask-Login stores on sign-in
        session["_user_id"] = signed_in_as
        session["_fresh"] = True
    # The author's own pending post, but the API sees an anonymous caller.
    assert api.get(f"/api/v1/posts/{post_id}").status_code == 404
    response = api.post(
        "/api/v1/posts",
        {"title": "Sent with only a cookie", "body": "x", "kind": "hack",
         "conditions": ["asthma"]},
    )  # fmt: skip
    assert response.status_code == 401


def test_revoked_token_is_refused_even_for_reads(app, api):
    with app.app_context():
        user = make_user()
        token = issue_token(user)
        token_id = db.session.scalar(db.select(ApiToken.id).where(ApiToken.user_id == user.id))
        assert revoke_token(user, token_id)
    assert api.get("/api/v1/posts", token=token).status_code == 401
    assert api.get("/api/v1/posts").status_code == 200
