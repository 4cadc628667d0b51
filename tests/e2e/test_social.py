"""Saving and thanking in a real browser (issue 12): on a desktop and a phone,
with JavaScript on and off. The buttons are plain forms, so both work the same
way, and each lands back on the post or comment it was pressed on."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import open_menu_if_collapsed, register, sign_in
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


def _no_sideways_scroll(page: Page, javascript: bool) -> None:
    if not javascript:
        return  # measuring runs script, which this context doesn't
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_a_reader_thanks_and_saves_then_finds_them_on_the_saved_page(
    browse, server, device, javascript
):
    run = f"{device} {'js' if javascript else 'no-js'} {next(_run)}"
    title = f"A pill box with the days on it ({run})"
    remark = f"We colour-code ours by week ({run})."
    with server.app_context():
        author = make_user(perspective="caregiver")
        post = make_post(author, title=title, body="Seven boxes, one per day. No more guessing.")
        comment = make_comment(post, make_user(perspective="patient"), remark)
        post_id, comment_id = post.id, comment.id

    page = browse()
    register(page)
    page.goto(f"/posts/{post_id}")

    # Thanks for the post: counted, shown, and the page comes back to the button.
    page.get_by_role("button", name="Say thanks for this post").click()
    expect(page).to_have_url(re.compile(rf"/posts/{post_id}#post-marks$"))
    expect(page.locator("#post-thanks")).to_have_text("1 thank-you")
    expect(page.get_by_role("button", name="Take back thanks for this post")).to_be_visible()

    # Save the post and the comment; the comment's button lands on the comment.
    page.get_by_role("button", name="Save this post").click()
    expect(page.get_by_role("button", name="Unsave this post")).to_be_visible()
    comment_item = page.locator(f"#comment-{comment_id}")
    comment_item.get_by_role("button", name="Say thanks for this comment").click()
    expect(page).to_have_url(re.compile(rf"#comment-{comment_id}$"))
    expect(page.locator(f"#comment-{comment_id}-thanks")).to_have_text("1 thank-you")
    comment_item.get_by_role("button", name="Save this comment").click()
    expect(comment_item.get_by_role("button", name="Unsave this comment")).to_be_visible()
    _no_sideways_scroll(page, javascript)

    # The Saved page, from the main navigation (on a phone, from one's profile):
    # newest saved first.
    open_menu_if_collapsed(page)
    nav = page.get_by_role("navigation", name="Main")
    if nav.get_by_role("link", name="Saved").is_visible():
        nav.get_by_role("link", name="Saved").click()
    else:
        nav.locator(".nav-user").click()
        page.get_by_role("link", name="Saved posts and comments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved")
    entries = page.locator(".saved-item")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text(remark)
    expect(entries.nth(1)).to_contain_text(title)
    _no_sideways_scroll(page, javascript)
    if javascript:  # axe is script: it runs where script does
        assert_accessible(page, "saved", device)

    # Unsave from the list: back on the Saved page, one entry left.
    entries.nth(1).get_by_role("button", name="Unsave this post").click()
    expect(page).to_have_url(re.compile(r"/saved$"))
    expect(page.locator(".saved-item")).to_have_count(1)
    expect(page.locator(".saved-item .card-title")).to_have_count(0)  # the post's card
    expect(page.locator(".saved-item")).to_contain_text(remark)


def test_the_author_sees_the_count_but_no_thanks_button(browse, server, device, javascript):
    with server.app_context():
        author = make_user(perspective="caregiver")
        post = make_post(author, title=f"A timer on the fridge ({device} {next(_run)})")
        post_id, author_name = post.id, author.username
    reader = browse()
    register(reader)
    reader.goto(f"/posts/{post_id}")
    reader.get_by_role("button", name="Say thanks for this post").click()
    expect(reader.locator("#post-thanks")).to_have_text("1 thank-you")

    # Its author sees the count and may save their own post, but not thank it.
    own = browse()
    sign_in(own, author_name)
    own.goto(f"/posts/{post_id}")
    expect(own.locator("#post-thanks")).to_have_text("1 thank-you")
    expect(own.get_by_role("button", name="Save this post")).to_be_visible()
    expect(own.get_by_role("button", name=re.compile("thanks for this post"))).to_have_count(0)

    # A visitor who isn't signed in sees the count and no buttons at all.
    visitor = browse()
    visitor.goto(f"/posts/{post_id}")
    expect(visitor.locator("#post-thanks")).to_have_text("1 thank-you")
    expect(visitor.locator("#post-marks button")).to_have_count(0)
    if javascript:
        assert_accessible(visitor, "post with thanks", device)
