"""Moderation's links to a comment land on the page of the post that holds it.

Comments come a page at a time (forum.posts.page); the forms under a comment,
the review queue and the audit log link with ``?comment=<id>`` as well as the
``#comment-<id>`` anchor, so they don't leave the moderator on page one.
"""

from __future__ import annotations

import html
import re

import pytest

from tests.moderation.helpers import new_comment, new_post, sign_in

PER_PAGE = 5


@pytest.fixture
def app(make_app):
    return make_app(COMMENTS_PER_PAGE=PER_PAGE)


def shown(response) -> list[int]:
    return [int(i) for i in re.findall(r'<li id="comment-(\d+)"', response.get_data(as_text=True))]


def test_the_forms_queue_and_log_link_to_the_comments_page(app, client, cast):
    post_id = new_post(app)
    ids = [new_comment(app, post_id, "regular", f"Comment number {i}") for i in range(18)]
    wanted = ids[12]
    back = f"/posts/{post_id}?comment={wanted}#comment-{wanted}"
    assert wanted not in shown(client.get(f"/posts/{post_id}"))  # not on the first page

    sign_in(client, "member")
    page = client.get(f"/posts/{post_id}?comment={wanted}")
    assert wanted in shown(page)
    assert f'name="next" value="{html.escape(back)}"' in page.get_data(as_text=True)
    flagged = client.post(f"/moderation/comments/{wanted}/flag", data={"reason": "off_topic"})
    assert flagged.status_code == 303 and flagged.headers["Location"].endswith(back)

    sign_in(client, "moderator")
    assert html.escape(back) in client.get("/moderation/queue").get_data(as_text=True)
    removed = client.post(f"/moderation/comments/{wanted}/remove", data={"reason": "Off topic"})
    assert removed.status_code == 303 and removed.headers["Location"].endswith(back)
    assert wanted in shown(client.get(removed.headers["Location"]))
    assert html.escape(back) in client.get("/moderation/log").get_data(as_text=True)
