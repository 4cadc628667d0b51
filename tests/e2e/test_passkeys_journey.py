"""Passkeys in Chromium, with its virtual authenticator (issue 15, item 4).

A member adds a passkey on /account and names it, signs out, signs in with the
passkey alone, uses it as the second step after their password when they also
have an authenticator app, and removes it; the account section and the
sign-in page pass axe. Without JavaScript, the same pages say that passkeys
need it and that the password still works, with no passkey button to press.

WebAuthn needs a relying party id that is a domain: Chromium refuses an IP
address, so these browsers open the live server as http://localhost:<port>
(forum/passkeys/ceremonies.py takes the id from the request's host).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Passkey, User
from forum.models.timestamps import utcnow
from tests.e2e import a11y
from tests.e2e.actions import expect_signed_in, sign_in, sign_out, unique_username
from tests.e2e.harness import DEVICES, watch
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e

CEREMONIES = ("/passkeys/", "/account/passkeys")  # what passkeys.js may fetch


@pytest.fixture
def open_page(browser, server, device):
    """A page on http://localhost:<port>, watched for stray script and CSP violations."""
    opened = []

    def _open(javascript: bool = True) -> Page:
        context = browser.new_context(
            base_url=server.url.replace("127.0.0.1", "localhost"),
            java_script_enabled=javascript,
            **DEVICES[device],
        )
        context.set_default_timeout(10_000)
        opened.append((context, watch(context)))
        return context.new_page()

    yield _open
    for context, log in opened:
        assert log.problems(allowed_fetch=CEREMONIES) == []
        context.close()


def _virtual_authenticator(page: Page) -> tuple:
    """A platform passkey authenticator that verifies the person (a fingerprint, say)."""
    client = page.context.new_cdp_session(page)
    client.send("WebAuthn.enable")
    added = client.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return client, added["authenticatorId"]


def _passkeys(server, username: str) -> list[tuple[str, int]]:
    with server.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        rows = db.session.scalars(select(Passkey).where(Passkey.user_id == user.id)).all()
        return [(row.name, row.sign_count) for row in rows]


def test_a_member_adds_signs_in_with_and_removes_a_passkey(open_page, server, device):
    username = unique_username("passkey")
    with server.app_context():
        make_user(username)
    page = open_page()
    cdp, authenticator = _virtual_authenticator(page)
    sign_in(page, username)

    # Add one, naming it, on the account page.
    page.goto("/account#passkeys")
    section = page.locator("section#passkeys")
    expect(section.get_by_text("You have no passkeys yet.")).to_be_visible()
    expect(section.get_by_text("Adding a passkey needs JavaScript")).to_be_hidden()
    a11y.assert_accessible(page, "account (passkeys)", device)
    section.get_by_label("Name").fill("Laptop")
    section.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Your passkey “Laptop” is added.")).to_be_visible()
    expect(section.get_by_role("cell", name="Laptop", exact=True)).to_be_visible()
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert [c["isResidentCredential"] for c in credentials["credentials"]] == [True]
    a11y.assert_accessible(page, "account (passkeys)", device)

    # Rename it.
    section.get_by_role("link", name="Rename Laptop").click()
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_role("button", name="Save the name").click()
    expect(page.get_by_text("Your passkey is now called “Work laptop”.")).to_be_visible()
    [(name, registered_count)] = _passkeys(server, username)
    assert name == "Work laptop"

    # Sign out, and back in with the passkey alone.
    sign_out(page)
    page.goto("/auth/login")
    expect(page.get_by_text("Signing in with a passkey needs JavaScript")).to_be_hidden()
    a11y.assert_accessible(page, "sign in (passkey)", device)
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_text(f"Welcome back, {username}.")).to_be_visible()
    expect_signed_in(page, username)
    [(name, count)] = _passkeys(server, username)
    assert count > registered_count  # the sign count moved on with the signature

    # With an authenticator app too, the password is followed by a second step:
    # the passkey does it.
    sign_out(page)
    with server.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        user.totp_secret, user.totp_enabled_at = "JBSWY3DPEHPK3PXP", utcnow()
        db.session.commit()
    page.goto("/auth/login")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    expect(
        page.get_by_role("textbox", name="Code")
    ).to_be_visible()  # the app's code is offered as well
    a11y.assert_accessible(page, "second step (passkey)", device)
    page.get_by_role("button", name="Use your passkey").click()
    expect(page.get_by_text(f"Welcome back, {username}.")).to_be_visible()
    expect_signed_in(page, username)

    # Remove it.
    page.goto("/account#passkeys")
    page.get_by_role("button", name="Remove Work laptop").click()
    expect(page.get_by_text("Your passkey “Work laptop” is removed.")).to_be_visible()
    expect(
        page.locator("section#passkeys").get_by_text("You have no passkeys yet.")
    ).to_be_visible()
    assert _passkeys(server, username) == []


def test_a_passkey_the_forum_doesnt_know_signs_nobody_in(open_page, server, device):
    """A passkey removed here but still on the device: the page says so, nobody is signed in."""
    username = unique_username("stale")
    with server.app_context():
        make_user(username)
    page = open_page()
    _virtual_authenticator(page)
    sign_in(page, username)
    page.goto("/account#passkeys")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("is added.")).to_be_visible()
    with server.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.execute(db.delete(Passkey).where(Passkey.user_id == user.id))
        db.session.commit()
    sign_out(page)

    page.goto("/auth/login")
    page.get_by_role("button", name="Sign in with a passkey").click()

    expect(page.get_by_role("status")).to_contain_text("Your passkey couldn't be checked")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()  # still a visitor


def test_without_javascript_the_pages_say_what_still_works(open_page, server, device):
    username = unique_username("nojs")
    with server.app_context():
        make_user(username)
    page = open_page(javascript=False)

    page.goto("/auth/login")
    expect(page.get_by_text("Signing in with a passkey needs JavaScript")).to_be_visible()
    expect(page.get_by_text("Your username and password still work")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with a passkey")).to_have_count(0)

    sign_in(page, username)  # the password still works
    page.goto("/account#passkeys")
    section = page.locator("section#passkeys")
    expect(section.get_by_text("Adding a passkey needs JavaScript")).to_be_visible()
    expect(section.get_by_role("button", name="Add a passkey")).to_have_count(0)
    expect(section.get_by_label("Name")).to_be_hidden()


def test_the_pages_as_without_the_script_pass_axe(open_page, server, device):
    """axe runs as a script, so it checks these pages with passkeys.js kept out:
    the same page a browser without JavaScript shows."""
    username = unique_username("noscript")
    with server.app_context():
        make_user(username)
    page = open_page()
    page.route("**/static/js/passkeys.js", lambda route: route.abort())

    page.goto("/auth/login")
    expect(page.get_by_text("Signing in with a passkey needs JavaScript")).to_be_visible()
    a11y.assert_accessible(page, "sign in (passkey, no script)", device)
    sign_in(page, username)
    page.goto("/account#passkeys")
    expect(page.get_by_text("Adding a passkey needs JavaScript")).to_be_visible()
    a11y.assert_accessible(page, "account (passkeys, no script)", device)
