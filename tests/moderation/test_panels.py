"""The moderation panels on a post page: what each person sees, at a fixed query cost."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.models import Comment, Post
from moderation.flags import flag
from tests.moderation.helpers import ctx, new_comment, new_post, sign_in, text_of, user


def statements_for(app, client, url: str) -> int:
    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def with_flagged_comments(app, n: int) -> int:
    post_id = new_post(app)
    for i in range(n):
        comment_id = new_comment(app, post_id, "regular", f"Comment number {i}")
        with ctx(app):
            flag(user("member"), db.session.get(Comment, comment_id), reason="off_topic")
    return post_id


@pytest.mark.parametrize("viewer", [None, "member", "steward", "moderator"])
def test_the_post_page_costs_the_same_with_2_or_12_comments(app, client, cast, viewer):
    few, many = with_flagged_comments(app, 2), with_flagged_comments(app, 12)
    sign_in(client, viewer)
    statements_for(app, client, f"/posts/{few}")  # warm up anything loaded once per process
    assert statements_for(app, client, f"/posts/{few}") == statements_for(
        app, client, f"/posts/{many}"
    )


def test_what_a_member_sees_under_each_comment(app, client, cast):
    post_id = new_post(app)
    theirs = new_comment(app, post_id, "regular", "Someone else's comment")
    own = new_comment(app, post_id, "member", "My own comment")
    sign_in(client, "member")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert f'action="/moderation/comments/{theirs}/flag"' in page
    assert f'action="/moderation/comments/{own}/flag"' not in page
    assert "Moderator tools" not in page and "Review safety" not in page
    client.post(f"/moderation/comments/{theirs}/flag", data={"reason": "harassment"})
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "You flagged this comment as “Harassment or abuse”." in page


def test_what_a_moderator_sees(app, client, cast):
    post_id = new_post(app)
    comment_id = new_comment(app, post_id, "regular")
    with ctx(app):
        flag(user("member"), db.session.get(Post, post_id), reason="privacy")
    sign_in(client, "moderator")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "1 open flag on this post (weight 2 of 8)" in page
    for tool in ("Lock comments", "Remove post", "Review safety", "record and account tools"):
        assert tool in page
    assert f'action="/moderation/comments/{comment_id}/remove"' in page


def test_anonymous_readers_see_no_moderation_forms(app, client, cast):
    post_id = new_post(app)
    new_comment(app, post_id, "regular")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "/moderation/" not in page


def test_the_author_of_a_hidden_post_reads_one_banner_that_says_why(app, client, cast):
    post_id = new_post(app)
    with ctx(app):
        post = db.session.get(Post, post_id)
        for name in ("steward", "regular", "moderator"):
            flag(user(name), post, reason="misinformation")
        assert post.status == "hidden"
    sign_in(client, "author")
    html = client.get(f"/posts/{post_id}").get_data(as_text=True)
    page = text_of(client.get(f"/posts/{post_id}"))
    assert html.count('class="banner') == 1
    assert "Your post is hidden: other members can't see it." in page
    assert page.count("Members flagged it (health misinformation)") == 1
    assert "Someone flagged it" not in page  # the generic words give way to the reason
    sign_in(client, "steward")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Only reviewers and its author can see it." in page
    assert "Members flagged it" not in page  # the reason is the author's to read


def test_a_comment_a_clinician_kept_hidden_doesnt_say_moderators(app, client, cast):
    from moderation.decisions import decide

    post_id = new_post(app)
    comment_id = new_comment(app, post_id, "member", "Double the dose on bad days")
    with ctx(app):
        comment = db.session.get(Comment, comment_id)
        flag(user("regular"), comment, reason="unsafe_advice")
        decide(user("clinician"), comment, decision="keep_hidden", reason="Dosing is for the team")
    sign_in(client, "member")
    html = client.get(f"/posts/{post_id}").get_data(as_text=True)
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Your comment is hidden: other members can't see it." in page
    reason = "A clinician agreed with members' flags (unsafe advice): “Dosing is for the team”"
    assert reason in page
    assert "moderator" not in page.split('id="comments"')[1].split("</ol>")[0].lower()
    assert html.count('class="banner banner-hidden"') == 1


def test_who_may_fix_conditions_and_tags_sees_the_form(app, client, cast):
    post_id = new_post(app)
    for viewer, shown in (("regular", True), ("steward", True), ("moderator", True),
                          ("member", False), ("author", False), (None, False)):  # fmt: skip
        sign_in(client, viewer)
        page = text_of(client.get(f"/posts/{post_id}"))
        assert ("Fix conditions or tags" in page) is shown, viewer
