"""The bell, /notifications and the API list: what a member sees and does."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification, Watch
from forum.services.accounts import issue_token
from tests.factories import make_comment, make_post, make_user
from tests.forum.walk_helpers import sign_in


def ids(app, user_id: int, *, unread: bool | None = None) -> list[int]:
    with app.app_context():
        query = select(Notification.id).where(Notification.user_id == user_id)
        if unread is not None:
            query = query.where(
                Notification.read_at.is_(None) if unread else Notification.read_at.is_not(None)
            )
        return list(db.session.scalars(query.order_by(Notification.id)))


@pytest.fixture
def three_comments(app):
    """An author's post with three comments by three members; another member."""
    with app.app_context():
        author, other = make_user(), make_user()
        post = make_post(author, title="Bathroom pass card")
        comments = [make_comment(post, make_user(), f"Comment {i}") for i in range(3)]
        return {"author": author.id, "other": other.id, "post": post.id,
                "comments": [c.id for c in comments], "author_name": author.username}  # fmt: skip


def test_the_bell_counts_unread_and_says_so(app, three_comments):
    client = sign_in(app, app.test_client(), three_comments["author"])
    home = client.get("/").text
    assert 'aria-label="Notifications, 3 unread"' in home
    assert '<span class="bell-count">3</span>' in home
    anonymous = app.test_client().get("/").text
    assert "Notifications," not in anonymous


def test_new_comments_on_one_post_are_one_line_and_following_it_reads_them(app, three_comments):
    client = sign_in(app, app.test_client(), three_comments["author"])
    page = client.get("/notifications").text
    assert '3 new comments on <em dir="auto">Bathroom pass card</em>' in page
    links = re.findall(r'href="(/notifications/\d+)"', page)
    assert len(links) == 1
    first = ids(app, three_comments["author"])[0]
    assert links[0] == f"/notifications/{first}"
    response = client.get(links[0])
    assert response.status_code == 302
    comment = three_comments["comments"][0]
    assert response.location.endswith(f"#comment-{comment}")
    assert ids(app, three_comments["author"], unread=True) == []
    assert 'aria-label="Notifications, 0 unread"' in client.get("/").text
    # Read now, each is its own line again.
    assert client.get("/notifications").text.count("commented on") == 3


def test_mark_one_and_mark_all_read(app, three_comments):
    with app.app_context():
        post = make_post(make_user(), title="Another post")
        db.session.add(Watch(user_id=three_comments["author"], target_kind="post",
                             target_key=str(post.id), level="watching"))  # fmt: skip
        db.session.commit()
        make_comment(post, make_user(), "Hello")
    client = sign_in(app, app.test_client(), three_comments["author"])
    newest = ids(app, three_comments["author"])[-1]
    response = client.post(f"/notifications/{newest}/read")
    assert response.status_code == 302
    assert ids(app, three_comments["author"], unread=False) == [newest]
    assert client.post("/notifications/read").status_code == 302
    assert ids(app, three_comments["author"], unread=True) == []


def test_nobody_reads_or_marks_anyone_elses_notifications(app, three_comments):
    theirs = ids(app, three_comments["author"])[0]
    client = sign_in(app, app.test_client(), three_comments["other"])
    assert client.get(f"/notifications/{theirs}").status_code == 404
    assert client.post(f"/notifications/{theirs}/read").status_code == 404
    client.post("/notifications/read")
    assert "Bathroom pass card" not in client.get("/notifications").text
    assert len(ids(app, three_comments["author"], unread=True)) == 3


def test_the_list_is_paged(make_app):
    app = make_app(NOTIFICATIONS_PER_PAGE=2)
    with app.app_context():
        author = make_user()
        for title in ("First", "Second", "Third"):
            make_comment(make_post(author, title=f"{title} post"), make_user())
        author_id = author.id
    client = sign_in(app, app.test_client(), author_id)
    first = client.get("/notifications").text
    assert "Third post" in first and "Second post" in first and "First post" not in first
    second = client.get("/notifications?page=2").text
    assert "First post" in second and "Third post" not in second
    assert client.get("/notifications?page=9").status_code == 404


def test_what_was_taken_down_is_no_longer_available_without_its_title(app, three_comments):
    with app.app_context():
        from forum.models import Post

        db.session.get(Post, three_comments["post"]).status = "removed"
        db.session.commit()
    client = sign_in(app, app.test_client(), three_comments["author"])
    page = client.get("/notifications").text
    assert "Bathroom pass card" not in page
    assert "No longer available." in page
    first = ids(app, three_comments["author"])[0]
    response = client.get(f"/notifications/{first}")
    assert response.location.endswith("/notifications")


@pytest.mark.needs_plugin("moderation")
def test_a_moderation_decision_shows_its_reason(app, three_comments):
    from moderation.decisions import decide

    with app.app_context():
        from forum.models import Comment

        moderator = make_user(role="moderator")
        comment = db.session.get(Comment, three_comments["comments"][0])
        decide(moderator, comment, decision="remove", reason="Shares a child's school name")
        victim = comment.author_id
    page = sign_in(app, app.test_client(), victim).get("/notifications").text
    assert "Moderators removed your comment on" in page
    assert 'Reason: <span dir="auto">Shares a child&#39;s school name</span>' in page


def test_a_tracked_post_is_shown_as_quiet(app):
    with app.app_context():
        tracker = make_user()
        post = make_post(make_user(), title="Tracked post")
        db.session.add(Watch(user_id=tracker.id, target_kind="post", target_key=str(post.id),
                             level="tracking"))  # fmt: skip
        db.session.commit()
        make_comment(post, make_user())
        tracker_id = tracker.id
    client = sign_in(app, app.test_client(), tracker_id)
    page = client.get("/notifications").text
    assert "Tracking: counted, not announced" in page
    assert 'aria-label="Notifications, 1 unread"' in page


def test_the_api_lists_and_marks_read(app, three_comments):
    with app.app_context():
        from forum.models import User

        token = issue_token(db.session.get(User, three_comments["author"]))
        other_token = issue_token(db.session.get(User, three_comments["other"]))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    listing = client.get("/api/v1/notifications?per_page=2", headers=headers).json
    assert listing["total"] == 3 and listing["unread"] == 3 and listing["next"] == 2
    item = listing["notifications"][0]
    assert item["kind"] == "comment" and item["read"] is False
    assert item["post"] == {"id": three_comments["post"], "title": "Bathroom pass card"}
    assert item["comment_id"] == three_comments["comments"][2]
    assert set(item) >= {"id", "kind", "post", "comment_id", "actor", "read", "created_at"}
    # Someone else's ids change nothing.
    other = {"Authorization": f"Bearer {other_token}"}
    answer = client.post("/api/v1/notifications/read", json={"ids": [item["id"]]}, headers=other)
    assert answer.json == {"marked": 0, "unread": 0}
    answer = client.post("/api/v1/notifications/read", json={"ids": [item["id"]]}, headers=headers)
    assert answer.json == {"marked": 1, "unread": 2}
    answer = client.post("/api/v1/notifications/read", json={"all": True}, headers=headers)
    assert answer.json == {"marked": 2, "unread": 0}
    for bad in ({}, {"ids": []}, {"ids": ["1"]}, {"ids": [True]}, {"all": "yes"},
                {"ids": [1], "all": True}, {"ids": [2**40]}):  # fmt: skip
        response = client.post("/api/v1/notifications/read", json=bad, headers=headers)
        assert response.status_code == 400, bad
        assert response.json["error"]["code"] == "validation_failed"
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.get("/api/v1/notifications?page=0", headers=headers).status_code == 400
