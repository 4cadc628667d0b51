"""Moderation's rate limits: flags share one bucket on the web and the API, and every
moderator action shares another. (The mechanism and the forum's own limits:
tests/forum/test_ratelimits.py.)"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from forum.extensions import db
from forum.models import Post
from moderation.flags import flag
from tests.factories import make_user
from tests.moderation.helpers import (
    ctx,
    flag_count,
    log_rows,
    new_comment,
    new_post,
    setup_cast,
    sign_in,
    text_of,
    token_for,
    user,
)
from tests.ratelimits import assert_friendly_429, limited_app

FULL = "moderation actions very quickly"
LOCK = {"reason": "Heated thread"}


def acted(client: FlaskClient, url: str, data: dict) -> str:
    """Post a moderation form and read the page it goes back to, as the person would."""
    response = client.post(url, data=data)
    assert response.status_code == 303, response.status_code
    return text_of(client.get(response.location))


def test_flags_share_one_bucket_on_the_web_and_the_api(make_app):
    app = limited_app(make_app, flag="2 per minute")
    setup_cast(app, "author", "member")
    posts = [new_post(app) for _ in range(4)]
    client = sign_in(app.test_client(), "member")
    for post_id in posts[:2]:
        page = acted(client, f"/moderation/posts/{post_id}/flag", {"reason": "spam"})
        assert "Your flag is with the reviewers" in page
    assert flag_count(app) == 2
    response = client.post(f"/moderation/posts/{posts[2]}/flag", data={"reason": "spam"})
    assert_friendly_429(response, "You're flagging very quickly")
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    response = app.test_client().post(
        f"/api/v1/posts/{posts[3]}/flags", json={"reason": "spam"}, headers=headers
    )
    assert_friendly_429(response, "You're flagging very quickly")
    assert flag_count(app) == 2


@pytest.mark.parametrize(
    ("path", "data", "success"),
    [
        ("/moderation/posts/{post}/lock", LOCK, "Comments are locked."),
        ("/moderation/posts/{post}/remove", {"reason": "Spam"}, "The post was removed."),
        ("/moderation/comments/{comment}/remove", {"reason": "Spam"}, "The comment was removed."),
        ("/moderation/queue/posts/{post}", {"decision": "dismiss", "reason": "Not spam"},
         "The decision is in the log."),
        ("/moderation/posts/{post}/safety-review",
         {"label": "low_risk", "note": "Matches the care team's advice"}, "Safety review saved."),
        ("/moderation/users/author/suspend", {"suspend-days": "1", "suspend-reason": "Spam"},
         "author is suspended."),
        ("/moderation/users/nurse/verify", {"reason": "Checked the register"},
         "nurse is now a verified clinician."),
    ],
)  # fmt: skip
def test_every_moderator_action_counts_in_one_bucket(make_app, path, data, success):
    app = limited_app(make_app, moderate="1 per minute")
    setup_cast(app, "author", "member", "moderator", "admin")
    post_id, other_post = new_post(app), new_post(app)
    with ctx(app):
        make_user("nurse", perspective="clinician")  # someone to verify
        flag(user("member"), db.session.get(Post, post_id), reason="spam")  # something to decide
    url = path.format(post=post_id, comment=new_comment(app, post_id))

    # The action under test fills the bucket: a lock after it is refused...
    moderator = sign_in(app.test_client(), "moderator")
    assert success in acted(moderator, url, data)
    assert len(log_rows(app)) == 1
    assert_friendly_429(moderator.post(f"/moderation/posts/{other_post}/lock", data=LOCK), FULL)

    # ...and a lock fills it for the action under test.
    admin = sign_in(app.test_client(), "admin")
    assert "Comments are locked." in acted(admin, f"/moderation/posts/{other_post}/lock", LOCK)
    assert_friendly_429(admin.post(url, data=data), FULL)
    assert len(log_rows(app)) == 2  # the two that went through, nothing else


def test_moderators_count_apart(make_app):
    app = limited_app(make_app, moderate="1 per minute")
    setup_cast(app, "author", "moderator", "admin")
    post_id = new_post(app)
    first = sign_in(app.test_client(), "moderator")
    assert "Comments are locked." in acted(first, f"/moderation/posts/{post_id}/lock", LOCK)
    assert_friendly_429(first.post(f"/moderation/posts/{post_id}/unlock", data=LOCK), FULL)
    other = sign_in(app.test_client(), "admin")
    page = acted(other, f"/moderation/posts/{post_id}/unlock", {"reason": "Calmer now"})
    assert "Comments are open again." in page
