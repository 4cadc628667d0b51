"""Notifications in a real browser: member A comments on B's post; B sees the
bell's count, opens /notifications, follows the line to the comment, and the
count drops. On a desktop and a phone, with JavaScript on and off; axe on
/notifications where script runs."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import open_menu_if_collapsed, register, sign_in
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


def _deliver(server) -> None:
    """What the worker (``flask notify work``) does between requests."""
    from forum.models.timestamps import utcnow
    from forum.notify import fanout

    with server.app_context():
        fanout.run(utcnow())


def _bell(page: Page):
    open_menu_if_collapsed(page)
    return page.get_by_role("navigation", name="Main").locator("a.bell")


def test_a_comment_on_my_post_rings_the_bell_and_leads_to_the_comment(
    browse, server, device, javascript
):
    run = f"{device} {'js' if javascript else 'no-js'} {next(_run)}"
    title = f"Bathroom pass card ({run})"
    with server.app_context():
        author = make_user(perspective="caregiver")
        post = make_post(author, title=title, body="A card the teacher knows means: let them go.")
        author_name, post_id = author.username, post.id

    commenter = browse()
    register(commenter)
    commenter.goto(f"/posts/{post_id}")
    comments = commenter.locator("#comments")
    comments.get_by_label("Your comment").fill("Our school took the card at once.")
    comments.get_by_role("button", name="Add comment").click()
    expect(commenter.get_by_role("status")).to_contain_text("Your comment was added")
    _deliver(server)

    reader = browse()
    sign_in(reader, author_name)
    bell = _bell(reader)
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    bell.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Notifications")
    line = reader.locator(".notification").first
    expect(line).to_contain_text("commented on")
    expect(line).to_contain_text(title)
    if javascript:
        assert_accessible(reader, "notifications", device)
    line.get_by_role("link").click()
    expect(reader).to_have_url(re.compile(rf"/posts/{post_id}.*#comment-\d+$"))
    expect(reader.locator(".comment").last).to_contain_text("Our school took the card at once.")
    expect(_bell(reader)).to_have_attribute("aria-label", "Notifications, 0 unread")


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_the_bell_with_a_count_keeps_the_phone_header_on_one_line(page: Page, server):
    from tests.factories import PASSWORD, make_comment

    with server.app_context():
        member = make_user("a_rather_long_username_nb")
        for _ in range(12):
            make_comment(make_post(member), make_user())
        username = member.username
    _deliver(server)
    sign_in(page, username, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.locator("a.bell")).to_have_attribute("aria-label", "Notifications, 12 unread")
    tops = nav.locator("li").evaluate_all(
        "items => items.filter(li => li.getClientRects().length)"
        ".map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops
