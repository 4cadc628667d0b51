"""Bookmarks and thanks: saving a post or comment to a private list, and
thanks counted once per person (issue 12)."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Bookmark, Comment, Post, Thanks, User
from forum.models.timestamps import utcnow
from forum.services.accounts import issue_token
from tests.factories import make_comment, make_post, make_user


@pytest.fixture
def world(app):
    with app.app_context():
        author, reader, other = make_user("author"), make_user("reader"), make_user("other")
        post = make_post(author, title="A visual timetable for medicines")
        comment = make_comment(post, other, "We put ours on the fridge door.")
        return {"post": post.id, "comment": comment.id, "token": issue_token(reader),
                "other_token": issue_token(other)}  # fmt: skip


def _count(app, model, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model).filter_by(**where)
        return db.session.scalar(query)


def _thanks_counts(app, world) -> tuple[int, int]:
    with app.app_context():
        post = db.session.get(Post, world["post"])
        comment = db.session.get(Comment, world["comment"])
        return post.thanks_count, comment.thanks_count


# ---------- saving ----------


def test_saving_a_post_and_a_comment_lists_them_newest_saved_first(app, client, auth, world):
    auth.login("reader")
    saved = client.post(f"/posts/{world['post']}/save", data={"want": "yes"})
    assert saved.status_code == 302
    assert saved.location.endswith(f"/posts/{world['post']}#post-marks")
    saved = client.post(f"/comments/{world['comment']}/save", data={"want": "yes"})
    assert saved.location.endswith(f"#comment-{world['comment']}")
    page = client.get("/saved").text
    assert "Only you can see this list" in page
    assert page.index("We put ours on the fridge door.") < page.index(
        "A visual timetable for medicines</a></h2>"
    )
    # The post page now offers to unsave.
    shown = client.get(f"/posts/{world['post']}").text
    assert 'Unsave<span class="visually-hidden"> this post' in shown


def test_saving_twice_keeps_one_and_unsaving_removes_it(app, client, auth, world):
    auth.login("reader")
    for _ in range(2):
        client.post(f"/posts/{world['post']}/save", data={"want": "yes"})
    assert _count(app, Bookmark) == 1
    for _ in range(2):
        assert client.post(f"/posts/{world['post']}/save", data={"want": "no"}).status_code == 302
    assert _count(app, Bookmark) == 0
    assert "You haven't saved anything yet" in client.get("/saved").text


def test_a_bad_button_value_is_a_clear_400_and_saves_nothing(app, client, auth, world):
    auth.login("reader")
    response = client.post(f"/posts/{world['post']}/save", data={"want": "maybe"})
    assert response.status_code == 400
    assert "Reload the page" in response.text
    assert _count(app, Bookmark) == 0


def test_the_saved_list_pages(app, client, auth, world):
    with app.app_context():
        author = make_user("prolific")
        ids = [make_post(author, title=f"Tip number {i}").id for i in range(25)]
    auth.login("reader")
    for post_id in ids:
        client.post(f"/posts/{post_id}/save", data={"want": "yes"})
    first = client.get("/saved").text
    assert "Tip number 24" in first and "Tip number 4<" not in first
    assert 'rel="next"' in first
    older = client.get("/saved?page=2").text
    assert "Tip number 0" in older and "Tip number 24" not in older


# ---------- privacy of the saved list ----------


def test_nobody_else_sees_a_members_saved_list(app, client, auth, world):
    auth.login("reader")
    client.post(f"/posts/{world['post']}/save", data={"want": "yes"})
    auth.logout()
    # Anonymous: sent to sign in; the page shows nothing.
    response = client.get("/saved")
    assert response.status_code == 302 and "/auth/login" in response.location
    # Another member sees their own (empty) list, never the reader's.
    auth.login("other")
    assert "You haven't saved anything yet" in client.get("/saved").text
    # Another member's API token reads only its own list.
    other = client.get("/api/v1/saved", headers={"Authorization": f"Bearer {world['other_token']}"})
    assert other.status_code == 200 and other.json["saved"] == [] and other.json["total"] == 0


def test_the_api_saved_list_needs_a_token_and_ignores_the_browser_session(app, client, auth, world):
    auth.login("reader")
    client.post(f"/posts/{world['post']}/save", data={"want": "yes"})
    assert client.get("/api/v1/saved").status_code == 401  # cookies don't count
    mine = client.get("/api/v1/saved", headers={"Authorization": f"Bearer {world['token']}"})
    assert mine.status_code == 200
    assert [item["post"]["id"] for item in mine.json["saved"]] == [world["post"]]


def test_a_post_removed_after_it_was_saved_is_no_longer_shown(app, client, auth, world):
    auth.login("reader")
    client.post(f"/posts/{world['post']}/save", data={"want": "yes"})
    client.post(f"/comments/{world['comment']}/save", data={"want": "yes"})
    with app.app_context():
        db.session.get(Post, world["post"]).status = "removed"
        db.session.commit()
    page = client.get("/saved").text
    assert "A visual timetable for medicines" not in page
    assert "We put ours on the fridge door." not in page  # its post is gone, so is it
    assert page.count("is no longer available") == 2
    api = client.get("/api/v1/saved", headers={"Authorization": f"Bearer {world['token']}"})
    assert [item["available"] for item in api.json["saved"]] == [False, False]
    assert all(item["post"] is None and item["comment"] is None for item in api.json["saved"])
    # The dead entry can still be taken off the list, and then it is gone.
    response = client.post(f"/posts/{world['post']}/save", data={"want": "no", "back": "saved"})
    assert response.status_code == 302 and response.location.endswith("/saved")
    assert _count(app, Bookmark, post_id=world["post"]) == 0
    # But it can't be saved again, and a member who never saved it learns nothing.
    assert client.post(f"/posts/{world['post']}/save", data={"want": "yes"}).status_code == 404
    auth.logout()
    auth.login("other")
    assert client.post(f"/posts/{world['post']}/save", data={"want": "no"}).status_code == 404


# ---------- thanks ----------


def test_thanks_are_counted_once_per_person_and_shown_to_everyone(app, client, auth, world):
    auth.login("reader")
    for _ in range(2):  # a double click
        assert (
            client.post(f"/posts/{world['post']}/thanks", data={"want": "yes"}).status_code == 302
        )
    client.post(f"/comments/{world['comment']}/thanks", data={"want": "yes"})
    assert _count(app, Thanks) == 2
    assert _thanks_counts(app, world) == (1, 1)
    auth.logout()
    auth.login("other")
    client.post(f"/posts/{world['post']}/thanks", data={"want": "yes"})
    auth.logout()
    page = client.get(f"/posts/{world['post']}").text  # anonymous
    assert '<span class="thanks-count" id="post-thanks">2 thanks</span>' in page
    assert f'id="comment-{world["comment"]}-thanks">1 thank-you<' in page
    assert "2 thanks" in client.get("/").text  # on the card too
    api = client.get(f"/api/v1/posts/{world['post']}").json["post"]
    assert api["thanks"] == 2


def test_taking_thanks_back_lowers_the_count_once(app, client, auth, world):
    auth.login("reader")
    client.post(f"/posts/{world['post']}/thanks", data={"want": "yes"})
    for _ in range(2):
        client.post(f"/posts/{world['post']}/thanks", data={"want": "no"})
    assert _thanks_counts(app, world) == (0, 0)
    assert _count(app, Thanks) == 0


def test_thanking_your_own_post_or_comment_is_refused_with_a_message(app, client, auth, world):
    auth.login("author")
    response = client.post(f"/posts/{world['post']}/thanks", data={"want": "yes"})
    assert response.status_code == 403
    assert "You can't thank yourself: this post is your own." in unescape(response.text)
    auth.logout()
    auth.login("other")
    response = client.post(f"/comments/{world['comment']}/thanks", data={"want": "yes"})
    assert response.status_code == 403
    assert "this comment is your own" in response.text
    assert _count(app, Thanks) == 0 and _thanks_counts(app, world) == (0, 0)
    # No Thanks button on your own comment.
    page = client.get(f"/posts/{world['post']}").text
    assert 'Say thanks<span class="visually-hidden"> for this comment' not in page
    assert 'Say thanks<span class="visually-hidden"> for this post' in page


def test_a_suspended_member_cannot_thank_or_save(app, client, auth, world):
    auth.login("reader")
    with app.app_context():
        reader = db.session.scalar(select(User).where(User.username == "reader"))
        reader.suspended_until = utcnow() + timedelta(days=3)
        reader.suspension_reason = "Cooling off"
        db.session.commit()
    for url in (f"/posts/{world['post']}/thanks", f"/posts/{world['post']}/save"):
        response = client.post(url, data={"want": "yes"})
        assert response.status_code == 403, url
        assert "Your account is suspended" in response.text
    assert _count(app, Thanks) == 0 and _count(app, Bookmark) == 0


def test_no_thanks_for_a_post_others_cannot_see(app, client, auth, world):
    with app.app_context():
        db.session.get(Post, world["post"]).status = "hidden"
        db.session.commit()
    auth.login("reader")
    assert client.post(f"/posts/{world['post']}/thanks", data={"want": "yes"}).status_code == 404
    assert _count(app, Thanks) == 0


# ---------- the API ----------


def test_api_saves_and_thanks(app, client, world):
    headers = {"Authorization": f"Bearer {world['token']}"}
    post, comment = world["post"], world["comment"]
    first = client.post(f"/api/v1/posts/{post}/save", headers=headers)
    assert first.status_code == 201 and first.json == {"saved": True}
    assert client.post(f"/api/v1/posts/{post}/save", headers=headers).status_code == 200
    assert client.post(f"/api/v1/comments/{comment}/save", headers=headers).status_code == 201
    listed = client.get("/api/v1/saved", headers=headers).json
    assert [item["type"] for item in listed["saved"]] == ["comment", "post"]
    assert listed["saved"][0]["comment"]["id"] == comment
    gone = client.delete(f"/api/v1/posts/{post}/save", headers=headers)
    assert gone.status_code == 200 and gone.json == {"saved": False}

    thanked = client.post(f"/api/v1/comments/{comment}/thanks", headers=headers)
    assert thanked.status_code == 201 and thanked.json == {"thanked": True, "thanks": 1}
    again = client.post(f"/api/v1/comments/{comment}/thanks", headers=headers)
    assert again.status_code == 200 and again.json == {"thanked": True, "thanks": 1}
    back = client.delete(f"/api/v1/comments/{comment}/thanks", headers=headers)
    assert back.json == {"thanked": False, "thanks": 0}

    own = client.post(
        f"/api/v1/comments/{comment}/thanks",
        headers={"Authorization": f"Bearer {world['other_token']}"},
    )
    assert own.status_code == 403
    assert "your own" in own.json["error"]["message"]
    assert client.post(f"/api/v1/posts/{post}/thanks").status_code == 401
    assert client.get("/api/v1/saved?page=0", headers=headers).status_code == 400


def test_api_answers_have_their_documented_shapes(app, client, world):
    from tests.forum.test_openapi import assert_fits

    headers = {"Authorization": f"Bearer {world['token']}"}
    post, comment = world["post"], world["comment"]
    for path, url, status in (
        ("/api/v1/posts/{post_id}/save", f"/api/v1/posts/{post}/save", 201),
        ("/api/v1/comments/{comment_id}/save", f"/api/v1/comments/{comment}/save", 201),
        ("/api/v1/posts/{post_id}/thanks", f"/api/v1/posts/{post}/thanks", 201),
        ("/api/v1/comments/{comment_id}/thanks", f"/api/v1/comments/{comment}/thanks", 201),
    ):
        response = client.post(url, headers=headers)
        assert response.status_code == status, url
        assert_fits(response.json, path, "post", status)
    with app.app_context():
        db.session.get(Comment, comment).status = "removed"
        db.session.commit()
    listed = client.get("/api/v1/saved", headers=headers)
    assert [item["available"] for item in listed.json["saved"]] == [False, True]
    assert_fits(listed.json, "/api/v1/saved", "get", 200)
    taken_back = client.delete(f"/api/v1/posts/{post}/thanks", headers=headers)
    assert_fits(taken_back.json, "/api/v1/posts/{post_id}/thanks", "delete", 200)
    unsaved = client.delete(f"/api/v1/comments/{comment}/save", headers=headers)
    assert unsaved.status_code == 200  # off the list, though no longer visible
    assert_fits(unsaved.json, "/api/v1/comments/{comment_id}/save", "delete", 200)
    assert client.get("/api/v1/saved", headers=headers).json["total"] == 1


# ---------- cost and races ----------


def _save_many(app, client, n: int, tag: str) -> None:
    with app.app_context():
        author, commenter = make_user(f"writer{tag}"), make_user(f"commenter{tag}")
        posts = [make_post(author, title=f"Saved tip {tag} {i}") for i in range(n)]
        comments = [make_comment(p, commenter, f"A saved remark {tag}") for p in posts]
        ids = [(p.id, c.id) for p, c in zip(posts, comments, strict=True)]
    for post_id, comment_id in ids:
        client.post(f"/posts/{post_id}/save", data={"want": "yes"})
        client.post(f"/comments/{comment_id}/save", data={"want": "yes"})
        client.post(f"/comments/{comment_id}/thanks", data={"want": "yes"})


def test_the_saved_page_and_a_post_page_cost_the_same_whatever_they_show(app, client, auth):
    from tests.sql import statements

    with app.app_context():
        make_user("collector")
    auth.login("collector")

    def cost(url: str) -> int:
        assert client.get(url).status_code == 200  # warm-up
        with statements(app) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    _save_many(app, client, 2, "a")
    few = cost("/saved"), cost("/posts/1")
    _save_many(app, client, 10, "b")  # 20 entries: a full page
    with app.app_context():
        post = db.session.get(Post, 1)
        for i in range(10):
            make_comment(post, make_user(f"late{i}"), f"Another remark {i}")
    many = cost("/saved"), cost("/posts/1")
    assert many == few


def test_two_saves_at_once_keep_one_row_and_answer_alike(app, client, world, monkeypatch):
    """The second of two requests at once passes the "already saved?" check and
    meets the unique constraint instead: the same answer, one row, no 500."""
    from forum.services import marks

    headers = {"Authorization": f"Bearer {world['token']}"}
    assert client.post(f"/api/v1/posts/{world['post']}/thanks", headers=headers).status_code == 201
    monkeypatch.setattr(marks, "has", lambda *args: False)  # as if the first hadn't committed
    again = client.post(f"/api/v1/posts/{world['post']}/thanks", headers=headers)
    assert again.status_code == 200 and again.json == {"thanked": True, "thanks": 1}
    assert _count(app, Thanks) == 1


def test_the_saved_list_reads_each_page_in_the_same_few_statements(app, client, world):
    """Citations and what a saved post adapted are read for the page at once: saving
    more posts (each adapted from another, each with a citation) adds no statement."""
    from forum.evidence import citations
    from tests.sql import statements

    headers = {"Authorization": f"Bearer {world['token']}"}

    def save_more(n: int) -> None:
        with app.app_context():
            author = make_user()
            for _ in range(n):
                original = make_post(author, title="An idea others built on")
                post = make_post(author, title="Our version of that idea")
                post.adapted_from_id, post.adaptation_note = original.id, "Ours is smaller."
                db.session.commit()
                citations.add(author, post, "21228075")
                assert client.post(f"/api/v1/posts/{post.id}/save", headers=headers).status_code

    costs = []
    for n in (1, 5):
        save_more(n)
        client.get("/api/v1/saved", headers=headers)  # warm
        with statements(app) as seen:
            listed = client.get("/api/v1/saved", headers=headers).json["saved"]
        costs.append(len(seen))
        assert all(i["post"]["citations"] and i["post"]["adapted_from"] for i in listed)
    assert costs[0] == costs[1], costs
