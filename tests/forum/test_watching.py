"""Watching (issue 13, point 1): levels on posts, conditions and tags, the
defaults, muting members, the controls on the pages, "What you watch", the
tag page, the sign-up step, the API and hiding muted things from one's latest."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask import has_app_context
from sqlalchemy import select

from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.models import MutedMember, Post, User, Watch
from forum.services import NotAllowed, ValidationFailed
from forum.services import watching as service
from forum.services.accounts import issue_token
from forum.watching.audience import levels_for_post
from tests.factories import make_comment, make_outcome, make_post, make_user


def _levels(app, user_id: int) -> dict[tuple[str, str], str]:
    """The member's watches, read in this app context if there is one (a second
    one would wait on the first's SQLite write lock)."""
    if not has_app_context():
        with app.app_context():
            return _levels(app, user_id)
    rows = db.session.execute(
        select(Watch.target_kind, Watch.target_key, Watch.level).where(Watch.user_id == user_id)
    )
    return {(kind, key): level for kind, key, level in rows}


def _condition_id(slug: str) -> str:
    return str(load_tree().by_slug[slug].id)


@pytest.fixture
def app(make_app):
    # The search index plays no part here; keeping it out of every commit halves the time.
    return make_app(SEARCH_SYNC_ON_COMMIT=False)


@pytest.fixture
def world(app):
    with app.app_context():
        author, reader = make_user("author"), make_user("reader")
        post = make_post(author, title="Bathroom pass card", tags=["school"])
        return {
            "author": author.id,
            "reader": reader.id,
            "post": post.id,
            "crohns": int(_condition_id("crohns-disease")),
            "token": issue_token(reader),
        }


# ---------- the service: defaults, precedence, validation ----------


def test_you_watch_your_own_post_and_what_you_commented_or_reported_on(app, world):
    with app.app_context():
        author, reader = (
            db.session.get(User, world["author"]),
            db.session.get(User, world["reader"]),
        )
        post = make_post(author)
        make_comment(post, reader)
        third = make_user()
        make_outcome(post, third, "worked")
        key = ("post", str(post.id))
        assert _levels(app, author.id)[key] == "watching"
        assert _levels(app, reader.id)[key] == "watching"
        assert _levels(app, third.id)[key] == "watching"


def test_a_comment_never_lowers_a_level_the_member_chose(app, world):
    with app.app_context():
        reader = db.session.get(User, world["reader"])
        target = service.post_target(reader, world["post"])
        service.set_level(reader, target, "muted")
        post = db.session.get(Post, world["post"])
        make_comment(post, reader)
        make_comment(post, reader, "And again.")
        assert _levels(app, reader.id)[("post", str(world["post"]))] == "muted"
        service.set_level(reader, target, "normal")  # kept on a post: "not this one"
        make_comment(post, reader, "Once more.")
        assert _levels(app, reader.id)[("post", str(world["post"]))] == "normal"


def test_normal_on_a_condition_or_tag_deletes_the_row(app, world):
    with app.app_context():
        reader = db.session.get(User, world["reader"])
        target = service.condition_target("crohns-disease")
        assert service.set_level(reader, target, "tracking") is True
        assert service.set_level(reader, target, "tracking") is False  # again: no change
        assert service.set_level(reader, target, "normal") is True
        assert ("condition", target.key) not in _levels(app, reader.id)


def test_bad_levels_and_targets_are_refused(app, world):
    with app.app_context():
        reader = db.session.get(User, world["reader"])
        target = service.condition_target("crohns-disease")
        for level in ("loud", "", None, 3, "WATCHING"):
            with pytest.raises(ValidationFailed):
                service.set_level(reader, target, level)
        for kind, ident in (
            ("condition", "no-such-thing"),
            ("condition", "x" * 500),
            ("tag", "never-used"),
            ("tag", "bad tag!" * 40),
            ("post", 2**40),
            ("post", "12abc"),
            ("post", True),
        ):
            with pytest.raises(LookupError):
                service.target_for(reader, kind, ident)
        with pytest.raises(ValidationFailed):
            service.target_for(reader, "forum", 1)
        assert _levels(app, reader.id) == {}


def test_a_post_the_member_cannot_see_cannot_be_watched(app, world):
    with app.app_context():
        reader = db.session.get(User, world["reader"])
        hidden = make_post(make_user(), status="hidden")
        with pytest.raises(LookupError):
            service.post_target(reader, hidden.id)


def test_precedence_post_first_then_muted_then_loudest_with_ancestors(app, world):
    with app.app_context():
        author, reader = (
            db.session.get(User, world["author"]),
            db.session.get(User, world["reader"]),
        )
        fan, quiet, picky = make_user(), make_user(), make_user()
        ibd = service.condition_target("ibd")  # Crohn's disease's parent
        service.set_level(fan, ibd, "watching")  # covers Crohn's
        service.set_level(quiet, ibd, "watching")
        service.set_level(quiet, service.tag_target("school"), "muted")  # muted wins
        service.set_level(picky, service.condition_target("crohns-disease"), "watching")
        service.set_level(picky, service.post_target(picky, world["post"]), "tracking")
        service.set_level(reader, service.tag_target("school"), "tracking")
        post = db.session.get(Post, world["post"])
        levels = levels_for_post(post)
        assert levels[fan.id] == "watching"
        assert levels[quiet.id] == "muted"
        assert levels[picky.id] == "tracking"  # the post's own level wins
        assert levels[reader.id] == "tracking"
        assert levels[author.id] == "watching"  # their own post


def test_members_mute_others_but_not_themselves_or_moderators(app, world):
    with app.app_context():
        author, reader = (
            db.session.get(User, world["author"]),
            db.session.get(User, world["reader"]),
        )
        assert service.set_muted(reader, author, True) is True
        assert service.set_muted(reader, author, True) is False
        assert service.is_muted(reader, author)
        with pytest.raises(NotAllowed):
            service.set_muted(reader, reader, True)
        with pytest.raises(NotAllowed):
            service.set_muted(reader, make_user(role="moderator"), True)
        assert service.set_muted(reader, author, False) is True
        assert db.session.scalar(select(MutedMember.user_id)) is None


# ---------- the controls on the pages (no JavaScript) ----------


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_the_post_page_control_sets_the_level_and_comes_back(app, client, auth, world):
    auth.login("reader")
    page = client.get(f"/posts/{world['post']}").text
    assert 'action="/watching/posts/' in page
    assert "Watching: notified of every new post or comment" in page
    assert "Muted: never notified" in page
    answer = client.post(
        f"/watching/posts/{world['post']}",
        data={"level": "tracking", "next": f"/posts/{world['post']}#watch"},
    )
    assert answer.status_code == 302
    assert answer.location.endswith(f"/posts/{world['post']}#watch")
    shown = client.get(answer.location).text
    assert "This post: Tracking" in unescape(shown)
    assert re.search(r'<option value="tracking" selected>', shown)


def test_a_control_never_sends_the_member_off_site(app, client, auth, world):
    auth.login("reader")
    for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"):
        answer = client.post(
            f"/watching/posts/{world['post']}", data={"level": "watching", "next": bad}
        )
        assert answer.status_code == 302
        assert answer.location.startswith(f"/posts/{world['post']}")


def test_a_bad_level_is_a_clear_400_and_changes_nothing(app, client, auth, world):
    auth.login("reader")
    answer = client.post(f"/watching/posts/{world['post']}", data={"level": "shout"})
    assert answer.status_code == 400
    assert "Choose one of" in answer.text
    assert ("post", str(world["post"])) not in _levels(app, world["reader"])


def test_unknown_or_hidden_things_are_404(app, client, auth, world):
    auth.login("reader")
    with app.app_context():
        hidden = make_post(make_user(), status="hidden").id
    assert client.post(f"/watching/posts/{hidden}", data={"level": "watching"}).status_code == 404
    assert client.post("/watching/conditions/nope", data={"level": "watching"}).status_code == 404
    assert client.post("/watching/tags/unused", data={"level": "watching"}).status_code == 404


def test_watching_a_condition_from_its_page_says_it_covers_its_children(app, client, auth, world):
    auth.login("reader")
    page = unescape(client.get("/conditions/ibd").text)
    assert "Covers the conditions under it too: Crohn's disease" in page
    answer = client.post(
        "/watching/conditions/ibd", data={"level": "watching", "next": "/conditions/ibd"}
    )
    assert answer.location.endswith("/conditions/ibd")
    assert "Inflammatory bowel disease: Watching" in unescape(client.get("/conditions/ibd").text)
    with app.app_context():
        assert _levels(app, world["reader"])[("condition", _condition_id("ibd"))] == "watching"


def test_the_tag_page_lists_its_posts_links_from_cards_and_has_the_control(
    app, client, auth, world
):
    with app.app_context():
        make_post(make_user(), title="Not about school", tags=["sleep"])
        make_post(make_user(), title="A pending school card", tags=["school"], status="pending")
    shown = client.get(f"/posts/{world['post']}").text
    assert 'href="/tags/school"' in shown  # the post's tag chips lead to the tag page
    page = client.get("/tags/school").text
    assert "Posts tagged #school" in page
    assert "Bathroom pass card" in page
    assert "Not about school" not in page and "A pending school card" not in page
    assert "Notifications for" not in page  # no control for visitors
    assert client.get("/tags/School").status_code == 301
    assert client.get("/tags/unused").status_code == 404
    with app.app_context():
        make_post(make_user(), title="Only hidden", tags=["secret"], status="hidden")
    assert client.get("/tags/secret").status_code == 404  # no visible post carries it
    auth.login("reader")
    page = client.get("/tags/school").text
    assert 'action="/watching/tags/school"' in page
    client.post("/watching/tags/school", data={"level": "watching", "next": "/tags/school"})
    assert _levels(app, world["reader"])[("tag", "school")] == "watching"


def test_muting_from_a_profile(app, client, auth, world):
    auth.login("reader")
    profile = client.get("/users/author").text
    assert 'Mute <span dir="auto">author</span>' in profile
    assert "Mute <span" not in client.get("/users/reader").text  # not on your own
    answer = client.post("/users/author/mute", data={"want": "yes", "next": "/users/author"})
    assert answer.location.endswith("/users/author")
    assert "author is muted" in client.get("/users/author").text
    assert client.post("/users/reader/mute", data={"want": "yes"}).status_code == 403
    assert client.post("/users/author/mute", data={"want": "maybe"}).status_code == 400
    client.post("/users/author/mute", data={"want": "no"})
    with app.app_context():
        assert db.session.scalar(select(MutedMember.user_id)) is None


# ---------- What you watch ----------


def test_what_you_watch_lists_each_kind_with_its_control(app, client, auth, world):
    with app.app_context():
        reader = db.session.get(User, world["reader"])
        service.set_level(reader, service.condition_target("crohns-disease"), "watching")
        service.set_level(reader, service.tag_target("school"), "muted")
        service.set_level(reader, service.post_target(reader, world["post"]), "tracking")
        service.set_muted(reader, db.session.get(User, world["author"]), True)
        gone = make_post(make_user(), title="Later removed")
        service.set_level(reader, service.post_target(reader, gone.id), "watching")
        gone.status = "removed"
        db.session.commit()
    assert client.get("/watching").status_code == 302  # members only
    auth.login("reader")
    page = unescape(client.get("/watching").text)
    assert "What you watch" in page
    assert "Bathroom pass card" in page
    assert "Later removed" not in page and "This post is no longer available." in page
    assert "Crohn's disease" in page and "#school" in page
    assert "Muted members (1)" in page and "Unmute" in page
    assert 'action="/watching/conditions/crohns-disease"' in page
    # Changing one there comes back there.
    answer = client.post(
        "/watching/conditions/crohns-disease", data={"level": "normal", "next": "/watching"}
    )
    assert answer.location.endswith("/watching")
    assert "Conditions (0)" in unescape(client.get("/watching").text)


def test_what_you_watch_is_paged(app, client, auth, world):
    with app.app_context():
        reader = db.session.get(User, world["reader"])
        for slug in list(load_tree().by_slug)[:35]:
            service.set_level(reader, service.condition_target(slug), "tracking")
    auth.login("reader")
    page = client.get("/watching").text
    assert "Conditions (35)" in page
    assert "conditions_page=2" in page
    assert client.get("/watching?conditions_page=2").status_code == 200


def test_the_profile_links_to_what_you_watch(app, client, auth, world):
    auth.login("reader")
    assert 'href="/watching"' in client.get("/users/reader").text


# ---------- hiding muted things from one's latest ----------


def test_hide_muted_leaves_muted_conditions_and_tags_out_of_my_latest_only(
    app, client, auth, world
):
    with app.app_context():
        other = make_user()
        make_post(other, title="About asthma at night", conditions=["asthma"])
        make_post(other, title="Kept by its own level", tags=["school"])
        reader = db.session.get(User, world["reader"])
        service.set_level(reader, service.condition_target("ibd"), "muted")  # covers Crohn's
        service.set_level(reader, service.tag_target("school"), "muted")
        kept = db.session.scalar(select(Post.id).where(Post.title == "Kept by its own level"))
        service.set_level(reader, service.post_target(reader, kept), "watching")
    auth.login("reader")
    assert "Bathroom pass card" in client.get("/").text  # not until asked
    answer = client.post("/watching/latest", data={"hide_muted": "y"})
    assert answer.status_code == 302
    home = client.get("/").text
    assert "Bathroom pass card" not in home  # Crohn's, under muted IBD, and #school
    assert "About asthma at night" in home
    assert "Kept by its own level" in home  # its own level beats the muted tag
    assert "Posts in what you muted are left out" in home
    # Only this member: a visitor and another member see everything.
    anonymous = app.test_client().get("/").text
    assert "Bathroom pass card" in anonymous
    client.post("/watching/latest", data={})  # unticked
    assert "Bathroom pass card" in client.get("/").text
    assert client.post("/watching/latest", data={"hide_muted": "yes please"}).status_code == 400


# ---------- the sign-up step ----------


def test_joining_leads_to_the_optional_pick_step(app, client):
    joined = client.post(
        "/auth/register?next=/conditions",
        data={"username": "newparent", "email": "new@example.org",
              "password": "lantern meadow copper fig", "perspective": "caregiver"},
    )  # fmt: skip
    assert joined.status_code == 302
    assert "/welcome/conditions" in joined.location
    page = client.get(joined.location).text
    assert "Pick conditions to watch" in page
    assert 'type="checkbox"' in page and 'value="crohns-disease"' in page
    assert 'href="/conditions">Skip for now' in page
    empty = client.post("/welcome/conditions", data={"next": "/conditions"})
    assert empty.status_code == 400
    assert "Choose at least one condition" in empty.text
    bad = client.post("/welcome/conditions", data={"conditions": ["no-such"]})
    assert bad.status_code == 400
    picked = client.post(
        "/welcome/conditions",
        data={"conditions": ["crohns-disease", "asthma"], "next": "/conditions"},
    )
    assert picked.status_code == 302 and picked.location.endswith("/conditions")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "newparent"))
        levels = _levels(app, user.id)
    assert levels == {
        ("condition", _condition_id_in(app, "crohns-disease")): "watching",
        ("condition", _condition_id_in(app, "asthma")): "watching",
    }


def _condition_id_in(app, slug: str) -> str:
    if has_app_context():
        return _condition_id(slug)
    with app.app_context():
        return _condition_id(slug)


# ---------- the API ----------


def test_the_api_lists_and_sets_watches(app, client, world):
    headers = {"Authorization": f"Bearer {world['token']}"}
    assert client.get("/api/v1/watches").status_code == 401
    put = client.put(
        "/api/v1/watches",
        json={"target": "condition", "name": "crohns-disease", "level": "watching"},
        headers=headers,
    )
    assert put.status_code == 200
    assert (
        put.json["watch"]["level"] == "watching" and put.json["watch"]["name"] == "crohns-disease"
    )
    client.put("/api/v1/watches", json={"target": "tag", "name": "School", "level": "muted"},
               headers=headers)  # fmt: skip
    client.put("/api/v1/watches", json={"target": "post", "id": world["post"], "level": "tracking"},
               headers=headers)  # fmt: skip
    listed = client.get("/api/v1/watches", headers=headers).json
    got = {(w["target"], w["id"], w["name"], w["level"]) for w in listed["watches"]}
    assert got == {
        ("post", world["post"], None, "tracking"),
        ("condition", world["crohns"], "crohns-disease", "watching"),
        ("tag", None, "school", "muted"),
    }
    assert listed["muted_members"] == []
    body = {"target": "tag", "name": "school", "level": "normal"}
    normal = client.put("/api/v1/watches", json=body, headers=headers)
    assert normal.json["watch"]["level"] == "normal"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"target": "forum", "id": 1, "level": "watching"}, 400, "target"),
        ({"target": "post", "id": "1", "level": "watching"}, 400, "id"),
        ({"target": "post", "level": "watching"}, 400, "id"),
        ({"target": "tag", "name": 5, "level": "watching"}, 400, "name"),
        ({"target": "condition", "name": "asthma", "level": "LOUD"}, 400, "level"),
        ({"target": "condition", "name": "nope", "level": "watching"}, 404, None),
        ({"target": "post", "id": 2**31 - 1, "level": "watching"}, 404, None),
        ({"target": "tag", "name": "unused", "level": "watching"}, 404, None),
    ],
)
def test_the_api_refuses_bad_watches_clearly(app, client, world, body, status, field):
    headers = {"Authorization": f"Bearer {world['token']}"}
    answer = client.put("/api/v1/watches", json=body, headers=headers)
    assert answer.status_code == status
    assert "error" in answer.json
    if field:
        assert field in answer.json["error"]["fields"]
    assert _levels(app, world["reader"]) == {}
