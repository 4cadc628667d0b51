"""Moderation's rate limits: flags share one bucket on the web and the API, and every
moderator action shares another. (The mechanism and the forum's own limits:
tests/forum/test_ratelimits.py.)"""

from __future__ import annotations

import pytest

from tests.moderation.helpers import new_comment, new_post, setup_cast, sign_in, token_for
from tests.ratelimits import assert_friendly_429, limited_app


def test_flags_share_one_bucket_on_the_web_and_the_api(make_app):
    app = limited_app(make_app, flag="2 per minute")
    setup_cast(app, "author", "member")
    posts = [new_post(app) for _ in range(4)]
    client = sign_in(app.test_client(), "member")
    for post_id in posts[:2]:
        response = client.post(f"/moderation/posts/{post_id}/flag", data={"reason": "spam"})
        assert response.status_code == 303
    response = client.post(f"/moderation/posts/{posts[2]}/flag", data={"reason": "spam"})
    assert_friendly_429(response, "You're flagging very quickly")
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    response = app.test_client().post(
        f"/api/v1/posts/{posts[3]}/flags", json={"reason": "spam"}, headers=headers
    )
    assert_friendly_429(response, "You're flagging very quickly")


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/moderation/posts/{post}/lock", {"reason": "Heated"}),
        ("/moderation/posts/{post}/remove", {"reason": "Spam"}),
        ("/moderation/comments/{comment}/remove", {"reason": "Spam"}),
        ("/moderation/queue/posts/{post}", {"decision": "dismiss", "reason": "Fine"}),
        ("/moderation/posts/{post}/safety-review", {"label": "low_risk", "note": ""}),
        ("/moderation/users/author/suspend", {"days": "1", "reason": "Spam"}),
        ("/moderation/users/author/verify", {"reason": "Checked"}),
    ],
)
def test_every_moderator_action_counts_in_one_bucket(make_app, path, data):
    app = limited_app(make_app, moderate="1 per minute")
    setup_cast(app, "author", "moderator")
    post_id = new_post(app)
    comment_id = new_comment(app, post_id, "author")
    client = sign_in(app.test_client(), "moderator")
    # Any one action first (a lock), then the action under test finds the bucket full.
    assert client.post(f"/moderation/posts/{post_id}/unlock", data={"reason": "x"}).status_code
    url = path.format(post=post_id, comment=comment_id)
    assert_friendly_429(client.post(url, data=data), "moderation actions very quickly")


def test_moderators_count_apart(make_app):
    app = limited_app(make_app, moderate="1 per minute")
    setup_cast(app, "author", "moderator", "admin")
    post_id = new_post(app)
    first = sign_in(app.test_client(), "moderator")
    assert first.post(f"/moderation/posts/{post_id}/lock", data={"reason": "x"}).status_code == 303
    other = sign_in(app.test_client(), "admin")
    response = other.post(f"/moderation/posts/{post_id}/unlock", data={"reason": "x"})
    assert response.status_code == 303
