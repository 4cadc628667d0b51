"""Comments: adding, editing and deleting them on the post page, and the counts people see."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Comment, Post, User
from tests.factories import make_comment, make_post, make_user
from tests.pages import page_text


def body_error(response) -> str | None:
    match = re.search(r'id="body-error">(.*?)</p>', response.get_data(as_text=True), re.S)
    return unescape(re.sub(r"<[^>]+>|Error:", "", match.group(1))).strip() if match else None


def comment_rows(app) -> list[tuple[str, str]]:
    with app.app_context():
        return list(db.session.execute(select(Comment.body, Comment.status).order_by(Comment.id)))


@pytest.fixture
def post_id(app) -> int:
    """A published post by dana, and two more members: eli and a moderator."""
    with app.app_context():
        dana = make_user("dana")
        make_user("eli")
        make_user("mod", role="moderator")
        return make_post(dana, title="Standing bathroom pass at school").id


def add_comment_as(app, username: str, post_id: int, body: str) -> int:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return make_comment(db.session.get(Post, post_id), user, body).id


def test_adding_a_comment_shows_it_and_counts_it(app, client, auth, post_id):
    auth.login("eli")
    response = client.post(f"/posts/{post_id}/comments", data={"body": "We did this *too*."})
    assert response.status_code == 302
    assert re.search(rf"/posts/{post_id}\?comment=(\d+)#comment-\1$", response.headers["Location"])

    page = page_text(client.get(f"/posts/{post_id}"))
    assert "<em>too</em>" in page
    assert "1 comment<" in page
    assert re.search(r'<li id="comment-\d+" class="comment">', page)
    assert "1 comment" in page_text(client.get("/"))  # on the card too
    assert comment_rows(app) == [("We did this *too*.", "published")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "This can't be empty."),
        (" \n\x00 ", "This can't be empty."),
        ("x" * 5_001, "This can be at most 5,000 characters (it has 5,001)."),
    ],
)
def test_a_bad_comment_gets_a_message_and_nothing_is_written(
    app, client, auth, post_id, body, message
):
    auth.login("eli")
    response = client.post(f"/posts/{post_id}/comments", data={"body": body})
    assert response.status_code == 400
    assert body_error(response) == message
    assert "There is a problem" in page_text(response)
    assert comment_rows(app) == []


def test_a_comment_of_exactly_5000_characters_is_fine(app, client, auth, post_id):
    auth.login("eli")
    response = client.post(f"/posts/{post_id}/comments", data={"body": "y" * 5_000})
    assert response.status_code == 302
    assert len(comment_rows(app)[0][0]) == 5_000


def test_signed_out_visitors_are_asked_to_sign_in(app, client, post_id):
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "Sign in</a> to join the conversation" in page
    assert f'action="/posts/{post_id}/comments' not in page
    response = client.post(f"/posts/{post_id}/comments", data={"body": "Hello there"})
    assert "/auth/login" in response.headers["Location"]
    assert comment_rows(app) == []


def test_locked_comments_show_a_note_and_refuse_new_ones(app, client, auth, post_id):
    with app.app_context():
        db.session.get(Post, post_id).comments_locked = True
        db.session.commit()
    auth.login("eli")
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "A moderator has locked comments on this post" in page
    assert 'id="comment-form"' not in page
    response = client.post(f"/posts/{post_id}/comments", data={"body": "Let me in"})
    assert response.status_code == 409
    assert "A moderator has locked comments on this post." in page_text(response)
    assert comment_rows(app) == []


def test_no_comments_on_a_post_others_cannot_see(app, client, auth, post_id):
    with app.app_context():
        db.session.get(Post, post_id).status = "pending"
        db.session.commit()
    auth.login("eli")
    assert client.post(f"/posts/{post_id}/comments", data={"body": "Hi"}).status_code == 404
    assert comment_rows(app) == []


def test_editing_own_comment(app, client, auth, post_id):
    comment_id = add_comment_as(app, "eli", post_id, "First thoughts")
    auth.login("eli")
    page = page_text(client.get(f"/posts/{post_id}"))
    assert f'href="/comments/{comment_id}/edit"' in page
    form = page_text(client.get(f"/comments/{comment_id}/edit"))
    assert "First thoughts</textarea>" in form
    response = client.post(f"/comments/{comment_id}/edit", data={"body": "Second **thoughts**"})
    assert response.headers["Location"].endswith(
        f"/posts/{post_id}?comment={comment_id}#comment-{comment_id}"
    )
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "<strong>thoughts</strong>" in page
    assert re.search(r"edited \d{1,2} \w+ \d{4}", page)


def test_a_bad_comment_edit_changes_nothing(app, client, auth, post_id):
    comment_id = add_comment_as(app, "eli", post_id, "First thoughts")
    auth.login("eli")
    response = client.post(f"/comments/{comment_id}/edit", data={"body": "   "})
    assert response.status_code == 400
    assert body_error(response) == "This can't be empty."
    assert comment_rows(app) == [("First thoughts", "published")]


def test_others_may_not_edit_or_delete_a_comment(app, client, auth, post_id):
    comment_id = add_comment_as(app, "eli", post_id, "First thoughts")
    auth.login("dana")  # the post's author, not the comment's
    page = page_text(client.get(f"/posts/{post_id}"))
    assert f'href="/comments/{comment_id}/edit"' not in page
    assert client.get(f"/comments/{comment_id}/edit").status_code == 403
    assert client.post(f"/comments/{comment_id}/edit", data={"body": "Hacked"}).status_code == 403
    assert client.post(f"/comments/{comment_id}/delete").status_code == 403
    assert comment_rows(app) == [("First thoughts", "published")]


@pytest.mark.needs_plugin("moderation")  # reads the moderation log
def test_a_moderator_edits_a_comment_only_with_a_reason_on_the_record(app, client, auth, post_id):
    comment_id = add_comment_as(app, "eli", post_id, "Call me on 07700 900123")
    auth.login("mod")
    form = client.get(f"/comments/{comment_id}/edit").text
    assert "Why are you editing this?" in form
    response = client.post(f"/comments/{comment_id}/edit", data={"body": "[number removed]"})
    assert response.status_code == 400
    assert "Give a short reason: it goes in the moderation log." in page_text(response)
    assert comment_rows(app) == [("Call me on 07700 900123", "published")]
    response = client.post(
        f"/comments/{comment_id}/edit",
        data={"body": "[number removed]", "reason": "Took out a phone number"},
    )
    assert response.status_code == 302
    assert comment_rows(app) == [("[number removed]", "published")]
    log = page_text(client.get("/moderation/log"))
    assert "Edited by a moderator" in log and "Took out a phone number" in log


@pytest.mark.needs_plugin("moderation")  # removes through moderation
def test_a_moderator_may_not_delete_someone_elses_comment_only_remove_it(
    app, client, auth, post_id
):
    comment_id = add_comment_as(app, "eli", post_id, "First thoughts")
    auth.login("mod")
    assert client.post(f"/comments/{comment_id}/delete").status_code == 403
    assert comment_rows(app) == [("First thoughts", "published")]
    response = client.post(
        f"/moderation/comments/{comment_id}/remove", data={"reason": "Off topic, sorry"}
    )
    assert response.status_code == 303
    assert comment_rows(app) == [("First thoughts", "removed")]


def test_deleting_own_comment_removes_it_and_updates_the_counts(app, client, auth, post_id):
    keep = add_comment_as(app, "dana", post_id, "Thanks all")
    gone = add_comment_as(app, "eli", post_id, "Oops, wrong post")
    auth.login("eli")
    assert "2 comments" in page_text(client.get("/"))
    response = client.post(f"/comments/{gone}/delete", follow_redirects=True)
    page = page_text(response)
    assert "The comment was deleted." in page
    assert "Oops, wrong post" not in page
    assert f'id="comment-{keep}"' in page
    assert "1 comment<" in page
    assert "1 comment" in page_text(client.get("/"))
    assert client.get(f"/comments/{gone}/edit").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Comment.id))) == 2  # kept, marked deleted
        assert db.session.get(Comment, gone).status == "deleted"


def test_a_held_comment_is_shown_only_to_its_author(app, client, auth, post_id):
    comment_id = add_comment_as(app, "eli", post_id, "Waiting one")
    with app.app_context():
        db.session.get(Comment, comment_id).status = "pending"
        db.session.commit()
    auth.login("eli")
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "Waiting one" in page
    assert "only you can see this comment" in page
    auth.logout()
    assert "Waiting one" not in page_text(client.get(f"/posts/{post_id}"))
    assert client.get(f"/comments/{comment_id}/edit").status_code == 302  # to sign in
    auth.login("dana")
    assert "Waiting one" not in page_text(client.get(f"/posts/{post_id}"))
    assert client.get(f"/comments/{comment_id}/edit").status_code == 404


def test_unknown_comment_is_404(client, auth, post_id):
    auth.login("eli")
    assert client.get("/comments/424242/edit").status_code == 404
    assert client.post("/comments/424242/delete").status_code == 404


def test_two_deletes_of_one_comment_at_once_count_it_once(app, monkeypatch):
    """A double click, or the author and a moderator at the same moment: the count
    must drop by one, never below what is there (it went to -1 on PostgreSQL)."""
    import threading
    import time

    from forum.services import comments

    with app.app_context():
        author = make_user("eli")
        post = make_post(make_user("dana"))
        comment = make_comment(post, author, "Posted twice by mistake")
        post_id, comment_id, author_id = post.id, comment.id, author.id
    slow_mark = comments.mark_deleted

    def mark_slowly(item):  # widen the window between reading and writing
        time.sleep(0.3)
        slow_mark(item)

    monkeypatch.setattr(comments, "mark_deleted", mark_slowly)
    barrier, errors = threading.Barrier(2), []

    def delete() -> None:
        with app.app_context():
            barrier.wait()
            try:
                comments.delete_comment(
                    db.session.get(User, author_id), db.session.get(Comment, comment_id)
                )
            except Exception as exc:  # noqa: BLE001 (reported below)
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=delete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert db.session.get(Post, post_id).comment_count == 0
        assert db.session.get(Comment, comment_id).status == "deleted"
