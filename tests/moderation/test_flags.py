"""Flags: who may flag what, what a flag weighs, and hiding at the threshold."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Post
from moderation.flags import accuracy_bonus, flag, flag_weight
from moderation.models import Flag
from tests.factories import make_post
from tests.moderation.helpers import (
    comment_status,
    ctx,
    flag_count,
    flag_via_web,
    log_rows,
    new_comment,
    new_post,
    post_status,
    sign_in,
    text_of,
    token_for,
    user,
)


def test_a_member_flags_a_post_from_its_page(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "member")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Flag this post" in page
    assert "Exposes someone's health information" in page  # the health-specific reason
    response = flag_via_web(client, post_id, "unsafe_advice", "Stopping steroids suddenly?")
    assert response.status_code == 303
    assert "Thank you. Your flag is with the reviewers." in text_of(client.get(f"/posts/{post_id}"))
    with ctx(app):
        row = db.session.scalar(db.select(Flag))
        assert (row.reason, row.note, row.status) == (
            "unsafe_advice",
            "Stopping steroids suddenly?",
            "open",
        )
        assert row.weight == 2.0  # 1 + trust level 1
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "You flagged this post as “Unsafe advice”" in page
    assert "Flag this post" not in page


def test_one_open_flag_per_member_per_post(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "member")
    flag_via_web(client, post_id)
    response = flag_via_web(client, post_id, "off_topic")
    assert "You've already flagged this post" in text_of(client.get(response.location))
    assert flag_count(app) == 1


def test_nobody_flags_their_own_content(app, client, cast):
    post_id = new_post(app, "author")
    comment_id = new_comment(app, post_id, "member")
    sign_in(client, "author")
    assert "Flag this post" not in text_of(client.get(f"/posts/{post_id}"))
    assert flag_via_web(client, post_id).status_code == 403
    sign_in(client, "member")
    response = client.post(f"/moderation/comments/{comment_id}/flag", data={"reason": "spam"})
    assert response.status_code == 403
    assert flag_count(app) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose why you're flagging this."),
        ({"reason": "boring"}, "Not a valid choice"),
        ({"reason": "spam", "note": "x" * 1001}, "1000"),
    ],
)
def test_a_bad_flag_says_why_and_changes_nothing(app, client, cast, data, message):
    post_id = new_post(app)
    sign_in(client, "member")
    response = client.post(f"/moderation/posts/{post_id}/flag", data=data)
    assert response.status_code == 303
    assert message in text_of(client.get(response.location))
    assert flag_count(app) == 0


def test_flag_weight_is_one_plus_trust_level_and_moderators_weigh_five(app, cast):
    with ctx(app):
        assert flag_weight(user("newbie")) == 1.0
        assert flag_weight(user("regular")) == 3.0
        assert flag_weight(user("steward")) == 4.0
        assert flag_weight(user("moderator")) == 5.0


def test_accuracy_moves_the_weight_both_ways(app):
    with app.app_context():
        assert accuracy_bonus(4, 0) == 0.0  # too few resolved flags to judge
        assert accuracy_bonus(7, 3) == 0.0  # right on the 70% axis
        assert 0 < accuracy_bonus(6, 1) < accuracy_bonus(20, 0) == 4.0  # capped
        assert accuracy_bonus(0, 10) < accuracy_bonus(5, 5) < 0
        assert accuracy_bonus(0, 1000) == -4.0  # capped


def _resolved_flags(app, flagger: str, upheld: int, dismissed: int) -> None:
    """Give ``flagger`` a history of resolved flags on other people's posts."""
    with ctx(app):
        who = user(flagger)
        for status in ["upheld"] * upheld + ["dismissed"] * dismissed:
            post = make_post(user("author"))
            db.session.add(
                Flag(post_id=post.id, flagger_id=who.id, target_author_id=post.author_id,
                     reason="spam", weight=1, status=status)
            )  # fmt: skip
        db.session.commit()


def test_an_accurate_steward_hides_alone_and_an_inaccurate_one_counts_less(app, cast):
    _resolved_flags(app, "steward", upheld=12, dismissed=0)
    _resolved_flags(app, "regular", upheld=0, dismissed=12)
    with ctx(app):
        assert flag_weight(user("steward")) == 8.0  # 1 + 3 + the full bonus
        assert flag_weight(user("regular")) == 0.0  # never below nothing
    post_id = new_post(app)
    with ctx(app):
        flag(user("steward"), db.session.get(Post, post_id), reason="spam")
    assert post_status(app, post_id) == "hidden"


def test_the_post_hides_when_the_open_weight_reaches_the_threshold(app, client, cast):
    post_id = new_post(app)
    for name in ("steward", "regular"):  # 4 + 3 = 7: not yet
        sign_in(client, name)
        flag_via_web(client, post_id, "spam")
    assert post_status(app, post_id) == "published"
    assert log_rows(app) == []
    sign_in(client, "member")  # + 2 = 9
    flag_via_web(client, post_id, "spam")
    assert post_status(app, post_id) == "hidden"
    assert log_rows(app) == [("auto_hide", "post", post_id, None)]
    sign_in(client, None)
    assert client.get(f"/posts/{post_id}").status_code == 404
    sign_in(client, "author")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Your post is hidden: other members can't see it." in page
    assert "Members flagged it (spam or advertising), so it stays hidden" in page


def test_a_flagged_comment_hides_and_leaves_the_count(app, client, cast):
    post_id = new_post(app)
    comment_id = new_comment(app, post_id, "newbie", "Buy cheap pills here")
    for name in ("steward", "moderator"):
        sign_in(client, name)
        client.post(f"/moderation/comments/{comment_id}/flag", data={"reason": "spam"})
    assert comment_status(app, comment_id) == "hidden"
    assert log_rows(app) == [("auto_hide", "comment", comment_id, None)]
    with ctx(app):
        assert db.session.get(Post, post_id).comment_count == 0
    sign_in(client, "member")
    assert "Buy cheap pills here" not in text_of(client.get(f"/posts/{post_id}"))
    sign_in(client, "newbie")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Buy cheap pills here" in page
    assert "Your comment is hidden: other members can't see it." in page
    assert "Members flagged it (spam or advertising)" in page


def test_flags_through_the_api(app, client, cast):
    post_id = new_post(app)
    comment_id = new_comment(app, post_id, "regular")
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    response = client.post(
        f"/api/v1/posts/{post_id}/flags", json={"reason": "misinformation", "note": "Not true"},
        headers=headers,
    )  # fmt: skip
    assert response.status_code == 201
    body = response.get_json()["flag"]
    assert body["target"] == {"type": "post", "id": post_id}
    assert (body["reason"], body["note"], body["status"]) == ("misinformation", "Not true", "open")
    assert "weight" not in body
    again = client.post(f"/api/v1/posts/{post_id}/flags", json={"reason": "spam"}, headers=headers)
    assert again.status_code == 409
    assert again.get_json()["error"]["message"].startswith("You've already flagged this post")
    comment = client.post(
        f"/api/v1/comments/{comment_id}/flags", json={"reason": "harassment"}, headers=headers
    )
    assert comment.status_code == 201
    assert comment.get_json()["flag"]["target"] == {"type": "comment", "id": comment_id}


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"reason": "nonsense"}, 400, "reason"),
        ({}, 400, "reason"),
        ({"reason": ["spam"]}, 400, "reason"),
        ({"reason": "spam", "note": 5}, 400, "note"),
        ({"reason": "spam", "note": "n" * 1001}, 400, "note"),
    ],
)
def test_bad_api_flags_get_the_json_error(app, client, cast, payload, status, field):
    post_id = new_post(app)
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    response = client.post(f"/api/v1/posts/{post_id}/flags", json=payload, headers=headers)
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]
    assert flag_count(app) == 0


def test_api_flags_on_missing_or_hidden_targets_are_404(app, client, cast):
    post_id = new_post(app)
    with ctx(app):
        db.session.get(Post, post_id).status = "hidden"
        db.session.commit()
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    for path in (f"/api/v1/posts/{post_id}/flags", "/api/v1/posts/999999/flags",
                 "/api/v1/comments/999999/flags"):  # fmt: skip
        response = client.post(path, json={"reason": "spam"}, headers=headers)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example/x", "https://evil.example/", "/\t/evil.example", "/\\evil.example", "x"],
)
def test_after_flagging_you_only_go_back_to_this_site(app, client, cast, next_url):
    post_id = new_post(app)
    sign_in(client, "member")
    response = client.post(
        f"/moderation/posts/{post_id}/flag", data={"reason": "spam", "next": next_url}
    )
    assert response.location == f"/posts/{post_id}"


def test_after_flagging_you_go_back_where_you_were(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "member")
    response = client.post(
        f"/moderation/posts/{post_id}/flag",
        data={"reason": "spam", "next": f"/posts/{post_id}?a=1"},
    )
    assert response.location == f"/posts/{post_id}?a=1"
