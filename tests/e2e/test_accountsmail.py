"""Email for members in a real browser: "Forgot your password?" from the sign-in
page to a new password and signed in, through the link in the email; the email
settings page; one-click unsubscribe. Axe on each new page.

The reset link is read from the outbox (the OutgoingEmail row the worker sends).
Each test runs on a desktop and a phone; the journey with JavaScript on and off.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.mail.tokens import unsubscribe_token
from forum.models import OutgoingEmail, User
from tests.e2e import a11y
from tests.e2e.actions import expect_signed_in, sign_in, unique_username
from tests.factories import make_user

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "otter lantern quiet harbour"


def _link_sent_to(server, address: str) -> str:
    """The path of the link in the newest email to ``address``."""
    with server.app_context():
        email = db.session.scalars(
            select(OutgoingEmail)
            .where(OutgoingEmail.to_address == address)
            .order_by(OutgoingEmail.id.desc())
        ).first()
        assert email is not None, f"no email to {address}"
        return re.search(r"https?://[^/\s]+(/\S+)", email.text_body).group(1)


def test_a_forgotten_password_is_reset_through_the_emailed_link(browse, server, device, javascript):
    username = unique_username("forgetful")
    address = f"{username}@example.org"
    with server.app_context():
        make_user(username, email=address)
    page = browse()
    page.goto("/auth/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    if javascript:
        a11y.assert_accessible(page, "forgot password", device)
    page.get_by_label("Username or email address").fill(address)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    page.goto(_link_sent_to(server, address))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    if javascript:
        a11y.assert_accessible(page, "reset password", device)
    page.get_by_label("New password").fill("password")  # too easy: said beside the field
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator(".error-summary")).to_contain_text("too easy to guess")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save new password").click()
    expect_signed_in(page, username)
    expect(page.locator(".flashes")).to_contain_text("Your password is changed")


def test_email_settings_and_one_click_unsubscribe(page, server, device):
    username = unique_username("settings")
    with server.app_context():
        user = make_user(username, email=f"{username}@example.org", email_mode="each")
        token = unsubscribe_token(user)
    sign_in(page, username)
    page.goto(f"/users/{username}")
    page.get_by_role("link", name="Your account").click()  # the profile leads to the account page
    page.get_by_role("link", name="Email address and what we email you").click()
    expect(page.get_by_role("heading", name="Email settings", exact=True)).to_be_visible()
    a11y.assert_accessible(page, "email settings", device)
    page.get_by_label("A weekly digest").check()
    page.get_by_role("button", name="Save email choice").click()
    expect(page.locator(".flashes")).to_contain_text("Your email choice is saved.")
    expect(page.get_by_label("A weekly digest")).to_be_checked()

    page.goto(f"/email/unsubscribe/{token}")
    a11y.assert_accessible(page, "unsubscribe", device)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You're unsubscribed")).to_be_visible()
    with server.app_context():
        mode = db.session.scalar(select(User.email_mode).where(User.username == username))
    assert mode == "none"
