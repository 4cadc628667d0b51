"""Accounts in a real browser: a suspended member told plainly (at sign-in, and
beside the form they sent, where the page lands), "Join" bringing a visitor
back to the post they were reading, and filling in a profile.

Each test runs on a desktop and a phone, with JavaScript on and off.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import User
from forum.models.timestamps import utcnow
from tests.e2e import a11y
from tests.e2e.actions import register, sign_in, unique_username
from tests.factories import PASSWORD, make_comment, make_post, make_user

pytestmark = pytest.mark.e2e

# The writing forms' own requests: the live preview, and the draft after a pause in typing.
PREVIEW = ("/posts/preview", "/drafts")
_run = itertools.count(1)


ALLOWED_FETCH = PREVIEW  # what the `browse` fixture lets script fetch


def _long_post(server, title: str) -> int:
    """A post with enough comments that its comment form is far down the page."""
    with server.app_context():
        author = make_user(unique_username("author"))
        post = make_post(author, title=title, body="A routine that helped.\n\n" * 20)
        for n in range(25):
            make_comment(post, author, f"Update number {n}: still going well.\n\n" * 3)
        return post.id


def _suspend(server, username: str, reason: str) -> str:
    with server.app_context():
        member = db.session.scalar(db.select(User).where(User.username == username))
        member.suspended_until = utcnow() + timedelta(days=7)
        member.suspension_reason = reason
        db.session.commit()
        until = member.suspended_until
    return f"Your account is suspended until {until.day} {until:%B %Y}: {reason}."


def test_a_suspended_member_reads_why_beside_the_form_they_sent(browse, server, device, javascript):
    post_id = _long_post(server, f"Long thread {next(_run)}")
    username = unique_username("member")
    with server.app_context():
        make_user(username)
    page = browse()
    sign_in(page, username)
    page.goto(f"/posts/{post_id}")
    words = "We tried this for three weeks and it helped with mornings."
    page.locator("#comment-form").get_by_label("Your comment").fill(words)

    sentence = _suspend(server, username, "Posting adverts for a clinic")
    page.locator("#comment-form").get_by_role("button", name="Add comment").click()

    # The page comes back where the form was, with the reason and their words in view.
    notice = page.locator("#comment-form")
    expect(notice).to_contain_text(sentence)
    expect(notice).to_contain_text("You can read, but not post, comment or report until then.")
    # Landed on the notice (to a sub-pixel), not 4,000px down the page.
    box, viewport = notice.bounding_box(), page.viewport_size
    assert -1 <= box["y"] < viewport["height"] / 2, (
        box,
        viewport,
    )  # landed on (to a sub-pixel), not 4,000px up
    expect(notice.get_by_role("textbox", name="What you wrote (not saved)")).to_have_value(words)
    expect(page.locator(".flashes")).to_have_count(0)  # not only at the top
    if javascript:  # axe runs in the page
        a11y.assert_accessible(page, "post page (suspended)", device)

    # Signing in again says so first: no "welcome back".
    page.context.clear_cookies()
    sign_in(page, username)
    flash = page.locator(".flashes")
    expect(flash).to_contain_text(sentence)
    expect(flash).not_to_contain_text("Welcome back")
    # And no form to fill in before being refused.
    page.goto("/posts/new")
    expect(page.locator("form.post-form")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(sentence)


def test_join_from_a_post_page_comes_back_to_it(browse, server, device):
    title = f"Night-time feeds, a routine ({next(_run)})"
    with server.app_context():
        post_id = make_post(make_user(unique_username("author")), title=title).id
    page = browse()
    page.goto(f"/posts/{post_id}")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Middle Ground")
    username = unique_username("joiner")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Email address").fill(f"{username}@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Parent or carer", exact=True).check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator(".flashes")).to_contain_text(f"Welcome to Middle Ground, {username}.")
    # The optional step: conditions to watch, skipped here.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pick conditions to watch")
    page.get_by_role("link", name="Skip for now").click()
    expect(page).to_have_url(f"{server.url}/posts/{post_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_member_fills_in_their_profile(browse, server, device, javascript):
    page = browse()
    username = register(page, perspective="patient")
    page.get_by_role("navigation", name="Main").get_by_role("link", name=username).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(username)
    if javascript:  # axe runs in the page
        a11y.assert_accessible(page, "profile (own)", device)
    page.get_by_role("link", name="Edit profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your profile")
    if javascript:  # axe runs in the page
        a11y.assert_accessible(page, "edit profile", device)

    page.get_by_label("About you (optional)").fill("Living with **Crohn's** since I was 12.")
    page.get_by_label("Parent or carer", exact=True).check()
    page.get_by_label("12 to 17", exact=True).check()
    conditions = page.get_by_role("group", name="My conditions")
    conditions.get_by_label("Crohn's disease", exact=True).check()
    conditions.get_by_label("Asthma", exact=True).check()
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(username)
    expect(page.locator(".flashes")).to_contain_text("Your profile is saved.")
    bio = page.locator(".profile-bio")
    expect(bio).to_contain_text("Living with Crohn's since I was 12.")
    expect(bio.locator("strong")).to_have_text("Crohn's")
    head = page.locator(".profile-head")
    expect(head.get_by_role("link", name="Crohn's disease")).to_be_visible()
    expect(head.get_by_role("link", name="Asthma")).to_be_visible()
    expect(head).to_contain_text("12 to 17")
    expect(head).to_contain_text("Member since")
    expect(head).to_contain_text("Parent or carer")
    # Tokens are there, but folded away under "Advanced".
    expect(page.get_by_role("heading", name="API tokens")).to_be_hidden()
    page.locator("details.advanced > summary").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    if javascript:  # axe runs in the page
        a11y.assert_accessible(page, "profile (own, advanced open)", device)
