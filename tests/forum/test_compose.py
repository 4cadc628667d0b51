"""The post and comment forms keep people's words.

Rate limits count what they protect against (posts published, comments made,
edits saved), not previews, mistakes or the privacy guard's question; a form a
limit refuses comes back as typed, saying when to try again. Drafts are kept
on the server (as people type, on Preview, when a comment fails), restored
when the form is opened again, discarded on publish or with a button, and
private to their owner. Tags are normalised, a held post says so once, and
a failed comment's address can be reloaded.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Comment, Draft, Post, PostTag
from forum.policy import WritePolicy
from tests.factories import make_post, make_user
from tests.forum.picker_helpers import ticked
from tests.moderation.helpers import setup_cast, sign_in, token_for
from tests.pages import page_text
from tests.ratelimits import limited_app

POST = {
    "title": "A night-time feeding rota that worked",
    "body": "We took turns: **one night each**, earplugs for the other.",
    "kind": "hack",
    "conditions": ["crohns-disease"],
    "tags": "sleep, rota",
}
PHONE_BODY = "Ring the school nurse on 07700 900123 before 9."


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _drafts(app) -> list[tuple[str, str, dict]]:
    with app.app_context():
        rows = db.session.execute(
            select(Draft.target, Draft.user_id, Draft.fields).order_by(Draft.id)
        ).all()
        return [tuple(row) for row in rows]


def _textarea(response, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', response.text, re.S)
    return unescape(match.group(1)).strip() if match else ""


def _value(response, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', response.text)
    return unescape(match.group(1)) if match else ""


# ---------- limits count what they protect against ----------


def test_seven_previews_a_mistake_and_the_privacy_question_cost_no_post(make_app):
    app = limited_app(make_app, post="1 per 10 minutes")
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    for n in range(7):
        response = client.post("/posts/new", data={**POST, "body": f"Draft {n}", "preview": "1"})
        assert response.status_code == 200, n
        assert f"Draft {n}" in page_text(response) and "Too many" not in page_text(response)
    assert client.post("/posts/new", data={**POST, "title": "Tiny"}).status_code == 400
    asked = client.post("/posts/new", data={**POST, "body": PHONE_BODY})
    assert asked.status_code == 200 and "Check before you share" in page_text(asked)
    assert client.post("/posts/new", data=POST).status_code == 302  # the one post it allows
    assert _count(app, Post) == 1


def test_a_limited_publish_comes_back_as_typed_saying_when_to_try_again(make_app):
    app = limited_app(make_app, post="1 per 10 minutes")
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    assert client.post("/posts/new", data=POST).status_code == 302
    second = {**POST, "title": "Our second idea, typed with care", "body": "Every *word* kept."}
    response = client.post("/posts/new", data=second)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    text = page_text(response)
    assert "You're posting very quickly. You can try again in 10 minutes." in text
    assert _value(response, "title") == second["title"]
    assert _textarea(response, "body") == second["body"]
    assert _value(response, "tags") == "sleep, rota"
    assert _count(app, Post) == 1
    # ...and the words are kept as a draft, so leaving the page loses nothing.
    assert "Draft restored from" in page_text(client.get("/posts/new"))


def test_a_limited_comment_comes_back_on_the_post_page_as_typed(make_app):
    app = limited_app(make_app, comment="1 per minute")
    setup_cast(app, "author", "member")
    with app.app_context():
        post_id = make_post(make_user("writer")).id
    client = sign_in(app.test_client(), "member")
    assert client.post(f"/posts/{post_id}/comments", data={"body": "First"}).status_code == 302
    response = client.post(f"/posts/{post_id}/comments", data={"body": "Second, kept as typed"})
    assert response.status_code == 429
    assert "You can try again in a minute." in page_text(response)
    assert _textarea(response, "body") == "Second, kept as typed"
    assert _count(app, Comment) == 1


def test_a_limited_edit_comes_back_as_typed(make_app):
    app = limited_app(make_app, edit="1 per 10 minutes")
    setup_cast(app, "member")
    with app.app_context():
        from tests.moderation.helpers import user

        post_id = make_post(user("member"), title="Our school plan").id
    client = sign_in(app.test_client(), "member")
    assert client.post(f"/posts/{post_id}/edit", data=POST).status_code == 302
    changed = {**POST, "title": "Our school plan, second edit"}
    response = client.post(f"/posts/{post_id}/edit", data=changed)
    assert response.status_code == 429
    assert "You're editing very quickly. You can try again in" in page_text(response)
    assert _value(response, "title") == changed["title"]


def test_too_many_tries_at_the_form_come_back_as_typed_too(make_app):
    """The generous limit on every try (previews included) refuses the same way."""
    app = limited_app(make_app, writing="2 per minute")
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    for _ in range(2):
        assert client.post("/posts/new", data={**POST, "preview": "1"}).status_code == 200
    response = client.post("/posts/new", data={**POST, "preview": "1"})
    assert response.status_code == 429
    assert "You're sending this form very often. You can try again in" in page_text(response)
    assert _textarea(response, "body") == POST["body"]


def test_api_posts_count_only_when_published(make_app):
    app = limited_app(make_app, post="1 per minute")
    setup_cast(app, "member")
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    api = app.test_client()
    for _ in range(3):  # refused by the rules: nothing published, nothing counted
        assert (
            api.post("/api/v1/posts", json={**POST, "title": "x"}, headers=headers).status_code
            == 400
        )
    data = {**POST, "tags": ["sleep"]}
    assert api.post("/api/v1/posts", json=data, headers=headers).status_code == 201
    assert api.post("/api/v1/posts", json=data, headers=headers).status_code == 429


# ---------- drafts ----------


def test_preview_keeps_a_draft_that_the_form_restores_and_publishing_discards(app):
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    assert "Draft restored" not in page_text(client.get("/posts/new"))
    client.post("/posts/new", data={**POST, "preview": "1"})
    page = client.get("/posts/new")
    assert "Draft restored from" in page_text(page) and "Discard draft" in page_text(page)
    assert _value(page, "title") == POST["title"] and _textarea(page, "body") == POST["body"]
    assert ticked(page.text) == ["crohns-disease"]
    assert client.post("/posts/new", data=POST).status_code == 302
    assert _drafts(app) == []
    assert "Draft restored" not in page_text(client.get("/posts/new"))


def test_the_discard_button_forgets_the_draft(app):
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    client.post("/posts/new", data={**POST, "preview": "1"})
    response = client.post("/drafts/discard", data={"target": "post"})
    assert response.status_code == 302 and response.location.endswith("/posts/new")
    assert _drafts(app) == []
    page = client.get("/posts/new")
    assert "Your draft was discarded." in page_text(page) and _value(page, "title") == ""


def test_autosave_keeps_a_comment_draft_the_post_page_restores(app):
    setup_cast(app, "member")
    with app.app_context():
        post_id = make_post(make_user("writer")).id
    client = sign_in(app.test_client(), "member")
    response = client.post("/drafts", data={"target": f"comment-{post_id}", "body": "Half a"})
    assert response.status_code == 200 and response.get_json()["saved"] is True
    page = client.get(f"/posts/{post_id}")
    assert "Draft restored from" in page_text(page) and _textarea(page, "body") == "Half a"
    assert (
        client.post(f"/posts/{post_id}/comments", data={"body": "Half a thought"}).status_code
        == 302
    )
    assert _drafts(app) == []


def test_an_edit_draft_is_restored_on_the_edit_page(app):
    setup_cast(app, "member")
    with app.app_context():
        from tests.moderation.helpers import user

        post_id = make_post(user("member"), title="Our school plan").id
    client = sign_in(app.test_client(), "member")
    client.post(
        f"/posts/{post_id}/edit", data={**POST, "title": "Our plan, edited", "preview": "1"}
    )
    page = client.get(f"/posts/{post_id}/edit")
    assert "Draft restored from" in page_text(page) and _value(page, "title") == "Our plan, edited"
    assert client.post(f"/posts/{post_id}/edit", data=POST).status_code == 302
    assert _drafts(app) == []


def test_drafts_are_private_to_their_owner(app):
    setup_cast(app, "member", "regular")
    with app.app_context():
        from tests.moderation.helpers import user

        own = make_post(user("member")).id
    owner = sign_in(app.test_client(), "member")
    owner.post("/posts/new", data={**POST, "preview": "1"})
    owner.post("/drafts", data={"target": f"edit-{own}", "title": "Mine", "body": "Secret words"})
    other = sign_in(app.test_client(), "regular")
    page = other.get("/posts/new")
    assert "Draft restored" not in page_text(page) and POST["body"] not in page_text(page)
    # Another member can't draft an edit of a post that isn't theirs...
    refused = other.post("/drafts", data={"target": f"edit-{own}", "body": "Overwritten"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    # ...and their own new-post draft is theirs alone: the owner's is untouched.
    other.post("/drafts", data={"target": "post", "body": "Other words"})
    other.post("/drafts/discard", data={"target": f"edit-{own}"})
    by_target = {(target, body["body"]) for target, _, body in _drafts(app)}
    assert (f"edit-{own}", "Secret words") in by_target and ("post", POST["body"]) in by_target
    assert ("post", "Other words") in by_target


def test_deleting_a_post_deletes_the_drafts_about_it(app):
    setup_cast(app, "member", "regular")
    with app.app_context():
        from tests.moderation.helpers import user

        own = make_post(user("member")).id
    author = sign_in(app.test_client(), "member")
    author.post(f"/posts/{own}/edit", data={**POST, "preview": "1"})
    sign_in(app.test_client(), "regular").post(
        "/drafts", data={"target": f"comment-{own}", "body": "A reply never sent"}
    )
    assert len(_drafts(app)) == 2
    assert author.post(f"/posts/{own}/delete").status_code == 302
    assert _drafts(app) == []


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({"target": "post", "body": "x" * 20_001}, 400, "too long to keep as a draft"),
        ({"target": "post", "title": "x" * 151}, 400, "too long to keep as a draft"),
        ({"target": "somewhere", "body": "Hi"}, 400, "not a form a draft can be kept for"),
        ({"target": "edit-99999", "body": "Hi"}, 404, ""),
        ({"target": "comment-0", "body": "Hi"}, 400, "not a form"),
    ],
)
def test_a_draft_that_cannot_be_kept_says_why_and_keeps_nothing(app, data, status, words):
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    response = client.post("/drafts", data=data)
    assert response.status_code == status
    assert words in response.get_json()["error"]["message"]
    assert _drafts(app) == []


def test_a_visitor_who_is_not_signed_in_keeps_no_draft(app):
    response = app.test_client().post("/drafts", data={"target": "post", "body": "Hi"})
    assert response.status_code == 401 and _drafts(app) == []


# ---------- a failed comment, tags, a held post ----------


def test_reloading_a_failed_comment_lands_on_the_form_with_the_comment(app):
    setup_cast(app, "member")
    with app.app_context():
        post_id = make_post(make_user("writer")).id
    client = sign_in(app.test_client(), "member")
    failed = client.post(f"/posts/{post_id}/comments", data={"body": PHONE_BODY})
    assert failed.status_code == 200 and "Check before you share" in page_text(failed)
    reloaded = client.get(f"/posts/{post_id}/comments")
    assert reloaded.status_code == 302
    assert reloaded.location.endswith(f"/posts/{post_id}#comment-form")
    page = client.get(f"/posts/{post_id}")
    assert _textarea(page, "body") == PHONE_BODY and "Draft restored from" in page_text(page)
    assert _count(app, Comment) == 0


@pytest.mark.parametrize("door", ["web", "api"])
def test_a_tag_with_spaces_or_capitals_becomes_a_hyphenated_tag(make_app, door):
    app = make_app()
    setup_cast(app, "member")
    tags = "Night Feeds, School_Run,  bath  time "
    if door == "web":
        client = sign_in(app.test_client(), "member")
        assert client.post("/posts/new", data={**POST, "tags": tags}).status_code == 302
    else:
        headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
        response = app.test_client().post(
            "/api/v1/posts", json={**POST, "tags": tags.split(",")}, headers=headers
        )
        assert response.status_code == 201, response.get_json()
        assert sorted(response.get_json()["post"]["tags"]) == [
            "bath-time",
            "night-feeds",
            "school-run",
        ]
    with app.app_context():
        names = db.session.scalars(select(PostTag.name).order_by(PostTag.name)).all()
    assert names == ["bath-time", "night-feeds", "school-run"]
    page = app.test_client().get("/?tag=Night Feeds")
    assert POST["title"] in page_text(page)


def test_a_held_post_says_it_is_waiting_for_review_once(app, client, auth):
    class HoldEverything(WritePolicy):
        def initial_status(self, user, action, *, text=""):
            return "pending"

    app.extensions["forum.policy"] = HoldEverything()
    with app.app_context():
        make_user("dana")
    auth.login("dana")
    page = page_text(client.post("/posts/new", data=POST, follow_redirects=True))
    assert page.count("waiting for a moderator's review") == 1
    assert "Thank you for sharing." in page
