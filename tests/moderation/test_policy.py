"""New members' limits and suspensions, on the web and through the API alike."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import Comment, Post
from forum.models.timestamps import utcnow
from forum.policy import WriteRefused, get_policy
from moderation.policy import count_links
from tests.moderation.helpers import (
    ctx,
    new_post,
    post_status,
    sign_in,
    text_of,
    token_for,
    user,
)

POST = {"title": "What helped with the school run", "kind": "hack",
        "conditions": ["crohns-disease"]}  # fmt: skip


def count(app, model) -> int:
    with ctx(app):
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_links_are_counted_as_readers_see_them(app):
    with app.app_context():
        assert count_links("no links at all") == 0
        assert count_links("[leaflet](https://example.org/a) and https://example.org/b") == 2
        # bare domains become links too, so they count
        assert count_links("see www.example.org, cheap-pills.com and <https://x.org>") == 3
        assert count_links("`https://example.org` in code is not a link") == 0


def test_a_new_member_may_share_two_links_but_not_three(app, client, cast):
    sign_in(client, "newbie")
    three = "A https://a.example.org B https://b.example.org C https://c.example.org"
    response = client.post("/posts/new", data={**POST, "body": three})
    assert response.status_code == 403
    assert "New members can include at most 2 links in a post or comment; this has 3." in text_of(
        response
    )
    assert count(app, Post) == 0
    response = client.post(f"/posts/{new_post(app)}/comments", data={"body": three})
    assert "at most 2 links" in text_of(response)
    assert count(app, Comment) == 0


def test_a_new_members_first_post_with_links_waits_for_review(app, client, cast):
    sign_in(client, "newbie")
    response = client.post(
        "/posts/new", data={**POST, "body": "Our leaflet: https://a.example.org"}
    )
    post_id = int(response.location.rsplit("/", 1)[1])
    assert post_status(app, post_id) == "pending"
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "first posts with links are checked before they appear" in page
    sign_in(client, "member")
    assert client.get(f"/posts/{post_id}").status_code == 404
    sign_in(client, "steward")
    assert client.get(f"/posts/{post_id}").status_code == 200


def test_a_first_post_without_links_is_published_and_so_are_posts_after_one_was(app, cast):
    plain = new_post(app, "newbie", body="No links here, just what we did.")
    assert post_status(app, plain) == "published"
    linked = new_post(app, "newbie", body="And our leaflet: https://a.example.org")
    assert post_status(app, linked) == "published"


def test_a_member_past_trust_level_zero_is_never_held(app, cast):
    assert post_status(app, new_post(app, "member", body="https://a.example.org")) == "published"


def test_a_new_member_shares_three_posts_on_their_first_day(app, client, cast):
    for n in range(3):
        new_post(app, "newbie", body=f"Post number {n}")
    sign_in(client, "newbie")
    response = client.post("/posts/new", data={**POST, "body": "A fourth"})
    assert response.status_code == 429
    page = text_of(response)
    assert "New members can share 3 posts on their first day" in page
    assert "You can share more in about 24 hours." in page
    assert count(app, Post) == 3
    headers = {"Authorization": f"Bearer {token_for(app, 'newbie')}"}
    response = client.post("/api/v1/posts", json={**POST, "body": "A fourth"}, headers=headers)
    assert response.status_code == 429
    assert response.headers["Retry-After"].isdigit()
    assert 23 * 3600 < int(response.headers["Retry-After"]) <= 24 * 3600
    assert "3 posts on their first day" in response.get_json()["error"]["message"]


def test_ten_comments_on_the_first_day_and_no_limit_after_it(app, cast):
    post_id = new_post(app)
    with ctx(app):
        newbie, post = user("newbie"), db.session.get(Post, post_id)
        policy = get_policy()
        for n in range(10):
            db.session.add(Comment(post=post, author=newbie, body=f"c{n}", body_html="x"))
        db.session.commit()
        with pytest.raises(WriteRefused, match="10 comments on their first day") as refused:
            policy.check(newbie, "comment", text="one more", post=post)
        assert refused.value.status == 429
        newbie.created_at = utcnow() - timedelta(hours=25)
        db.session.commit()
        policy.check(newbie, "comment", text="one more", post=post)  # the first day is over


def test_moderators_are_not_held_by_new_member_limits(app, cast):
    with ctx(app):
        moderator = user("moderator")
        moderator.trust_level = 0
        db.session.commit()
        get_policy().check(
            moderator, "post", text=" ".join(f"https://{n}.example.org" for n in "abcd")
        )
        assert get_policy().initial_status(moderator, "post", text="https://a.example.org") == (
            "published"
        )


def suspend(app, name: str, reason: str = "Posting adverts for a clinic") -> str:
    with ctx(app):
        member = user(name)
        member.suspended_until = utcnow() + timedelta(days=7)
        member.suspension_reason = reason
        db.session.commit()
        until = member.suspended_until
    return f"{until.day} {until:%B %Y}"


def test_a_suspended_member_reads_but_every_write_says_why_and_until_when(app, client, cast):
    post_id = new_post(app)
    until = suspend(app, "member")
    sign_in(client, "member")
    assert client.get(f"/posts/{post_id}").status_code == 200
    expected = f"Your account is suspended until {until}: Posting adverts for a clinic."
    attempts = [
        ("/posts/new", {**POST, "body": "Hello"}),
        (f"/posts/{post_id}/comments", {"body": "Hello"}),
        (f"/posts/{post_id}/outcomes", {"result": "worked"}),
    ]
    for url, data in attempts:
        response = client.post(url, data=data)
        assert response.status_code == 403, url
        assert expected in text_of(response), url
    response = client.post(f"/moderation/posts/{post_id}/flag", data={"reason": "spam"})
    assert response.status_code == 403 and expected in text_of(response)
    assert count(app, Comment) == 0 and count(app, Post) == 1


def test_a_suspended_members_api_token_writes_nothing(app, client, cast):
    post_id = new_post(app)
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    until = suspend(app, "member")
    attempts = [
        ("/api/v1/posts", {**POST, "body": "Hello"}),
        (f"/api/v1/posts/{post_id}/comments", {"body": "Hello"}),
        (f"/api/v1/posts/{post_id}/outcomes", {"result": "worked"}),
        (f"/api/v1/posts/{post_id}/flags", {"reason": "spam"}),
    ]
    for url, data in attempts:
        response = client.post(url, json=data, headers=headers)
        assert response.status_code == 403, url
        message = response.get_json()["error"]["message"]
        assert message.startswith(f"Your account is suspended until {until}: Posting adverts"), url
    assert client.get(f"/api/v1/posts/{post_id}", headers=headers).status_code == 200


def test_a_suspension_ends_on_its_date(app, client, cast):
    post_id = new_post(app)
    suspend(app, "member")
    with ctx(app):
        user("member").suspended_until = utcnow() - timedelta(minutes=1)
        db.session.commit()
    sign_in(client, "member")
    response = client.post(f"/posts/{post_id}/comments", data={"body": "Back again"})
    assert response.status_code == 303 or response.status_code == 302
    assert count(app, Comment) == 1
