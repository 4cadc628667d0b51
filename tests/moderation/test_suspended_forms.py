"""A suspended member is told plainly: at sign-in, on every write form before
they type, and next to the form they sent anyway (with their words kept)."""

from __future__ import annotations

import re
from html import unescape

from forum.extensions import db
from forum.models import Comment, OutcomeReport, Post
from tests.moderation.helpers import ctx, new_comment, new_post, sign_in, text_of, user

REASON = "Posting adverts for a clinic"
READ_ONLY = "You can read, but not post, comment or report until then."


def suspend(app, name: str = "member") -> str:
    """Suspend ``name`` with REASON; the sentence they should read, up to the reason."""
    with ctx(app):
        member = user(name)
        member.suspended_until = member.created_at.replace(year=member.created_at.year + 1)
        member.suspension_reason = REASON
        db.session.commit()
        until = member.suspended_until
    return f"Your account is suspended until {until.day} {until:%B %Y}: {REASON}. {READ_ONLY}"


def notice_with_id(html: str, element_id: str) -> str | None:
    """The text of the suspension notice standing where the form ``element_id`` was."""
    found = re.search(
        rf'<div class="notice notice-refused" id="{element_id}"[^>]*>(.*?)</div>', html, re.S
    )
    return unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else None


def flashes(html: str) -> str:
    found = re.search(r'<div class="flashes">(.*?)</div>\s*(?=<)', html, re.S)
    return unescape(found.group(1)) if found else ""


def count(app, model) -> int:
    with ctx(app):
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_sign_in_says_suspended_until_when_and_why_not_welcome_back(app, client, cast):
    sentence = suspend(app)
    response = client.post(
        "/auth/login",
        data={"username": "member", "password": "correct horse battery staple"},
        follow_redirects=True,
    )
    page = text_of(response)
    assert sentence in page
    assert "Welcome back" not in page


def test_a_member_in_good_standing_is_still_welcomed_back(app, client, cast):
    response = client.post(
        "/auth/login",
        data={"username": "member", "password": "correct horse battery staple"},
        follow_redirects=True,
    )
    assert "Welcome back, member." in text_of(response)


def test_every_form_on_a_post_page_is_replaced_by_the_notice(app, client, cast):
    post_id = new_post(app)
    new_comment(app, post_id, author="regular")
    sentence = suspend(app)
    sign_in(client, "member")
    html = client.get(f"/posts/{post_id}").text
    for form_id in ("comment-form", "outcome-form"):
        assert sentence in notice_with_id(html, form_id), form_id
    assert 'name="body"' not in html  # no comment box to type into
    assert 'name="result"' not in html  # no "I tried this" form
    assert 'class="flag-form"' not in html  # neither flag form (post, comment)
    assert html.count("Flag<span") == 1 and "Flag this post" in html  # the notice is in them


def test_the_post_forms_show_the_notice_instead(app, client, cast):
    own = new_post(app, author="member")
    comment_id = new_comment(app, own, author="member")
    sentence = suspend(app)
    sign_in(client, "member")
    for url, status in (("/posts/new", 200), (f"/posts/{own}/edit", 403)):
        response = client.get(url)
        assert response.status_code == status, url
        assert sentence in text_of(response), url
        assert 'class="post-form"' not in response.text, url
    response = client.get(f"/comments/{comment_id}/edit")
    assert response.status_code == 403
    assert sentence in text_of(response) and 'class="comment-form"' not in response.text


def test_a_refused_comment_comes_back_where_the_form_was_with_the_words_kept(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "member")
    client.get(f"/posts/{post_id}")  # the form was open before the suspension
    sentence = suspend(app)
    words = "We tried the <b>bathroom pass</b> too, and it worked."
    response = client.post(f"/posts/{post_id}/comments", data={"body": words})
    assert response.status_code == 403
    notice = notice_with_id(response.text, "comment-form")  # where #comment-form lands
    assert sentence in notice
    assert words in notice  # to copy: nothing was saved
    assert sentence not in flashes(response.text)  # not only at the top of the page
    assert count(app, Comment) == 0


def test_a_refused_report_and_edit_come_back_beside_their_forms(app, client, cast):
    post_id = new_post(app)
    own = new_post(app, author="member", title="My own post about sleep")
    sentence = suspend(app)
    sign_in(client, "member")
    response = client.post(
        f"/posts/{post_id}/outcomes", data={"result": "worked", "note": "Mornings got calmer."}
    )
    assert response.status_code == 403
    notice = notice_with_id(response.text, "outcome-form")
    assert sentence in notice and "Mornings got calmer." in notice
    assert sentence not in flashes(response.text)
    data = {"title": "My own post, edited", "kind": "hack", "body": "Longer now, and lost?",
            "conditions": "asthma"}  # fmt: skip
    response = client.post(f"/posts/{own}/edit", data=data)
    assert response.status_code == 403
    page = text_of(response)
    assert sentence in page and "Longer now, and lost?" in page
    assert count(app, OutcomeReport) == 0
    with ctx(app):
        assert db.session.get(Post, own).title == "My own post about sleep"


def test_members_in_good_standing_see_every_form(app, client, cast):
    post_id = new_post(app)
    new_comment(app, post_id, author="regular")
    sign_in(client, "member")
    html = client.get(f"/posts/{post_id}").text
    assert '<form id="comment-form"' in html and '<form id="outcome-form"' in html
    assert html.count('class="flag-form"') == 2
    assert "notice-refused" not in html


def test_a_first_day_limit_is_said_beside_the_comment_form(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "newbie")
    limit = app.config["MODERATION_TL0_MAX_COMMENTS"]
    for n in range(limit):
        client.post(f"/posts/{post_id}/comments", data={"body": f"Comment number {n}"})
    response = client.post(f"/posts/{post_id}/comments", data={"body": "One too many"})
    assert response.status_code == 429
    form = re.search(r'<form id="comment-form".*?</form>', response.text, re.S).group(0)
    assert "New members can share" in unescape(form)
    assert "New members can share" not in flashes(response.text)
