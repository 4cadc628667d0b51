"""Two-factor sign-in end to end, in Chromium, through the pages only: a member
sets up an authenticator app (reading the key off the page, as a person typing
it into their app would), keeps the recovery codes, signs in with an app code,
then with a recovery code, and the same recovery code is refused the second
time. axe on the settings page, the set-up page, the recovery codes page and "Confirm it's you",
on a desktop and a phone."""

from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import register, sign_out, type_second_factor
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def _password_step(page: Page, username: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()


def _signed_in_as(page: Page, username: str) -> None:
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name=username, exact=True)).to_be_attached()


def test_a_member_turns_on_two_factor_and_signs_in_with_a_code_then_a_recovery_code(
    page: Page, device: str
):
    username = register(page)

    page.goto("/account")
    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in", level=1)).to_be_visible()
    assert_accessible(page, "two-factor settings", device)
    page.get_by_role("button", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page, "two-factor set-up", device)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    app = pyotp.TOTP(secret)

    page.get_by_label("Code from your app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("That code didn't match").first).to_be_visible()
    page.get_by_label("Code from your app").fill(app.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Two-factor sign-in is on")
    listed = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    codes = listed.all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, "recovery codes", device)
    sign_out(page)

    # The password alone is not enough any more; the app's next code is.
    _password_step(page, username)
    assert_accessible(page, "second factor", device)
    type_second_factor(page, app.at(time.time() + 30))  # the code used above can't be again
    _signed_in_as(page, username)
    sign_out(page)

    # A lost phone: a recovery code, once.
    _password_step(page, username)
    type_second_factor(page, codes[0])
    _signed_in_as(page, username)
    sign_out(page)

    _password_step(page, username)
    type_second_factor(page, codes[0])
    expect(page.locator(".error-summary")).to_contain_text("That code didn't work")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()  # still signed out
