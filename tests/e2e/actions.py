"""What a person does in the browser, written once: join, sign in, sign out.

Helpers go through the real pages and forms (labels, buttons, CSRF tokens),
the way a person would, and check that it worked before returning.
"""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect
from sqlalchemy import select

from forum.models import PERSPECTIVES
from tests.factories import PASSWORD

_seq = itertools.count(1)


def unique_username(prefix: str = "e2e") -> str:
    """A username no other test in this run has used (the server lives all session)."""
    return f"{prefix}-{next(_seq)}-{id(_seq) % 10_000}"


def register(
    page: Page,
    username: str | None = None,
    *,
    perspective: str = "caregiver",
    password: str = PASSWORD,
    email: str | None = None,
) -> str:
    """Join through /auth/register; returns the username, signed in."""
    username = username or unique_username()
    page.goto("/auth/register")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Email address").fill(email or f"{username}@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label(PERSPECTIVES[perspective], exact=True).check()
    page.get_by_role("button", name="Create my account").click()
    expect_signed_in(page, username)
    return username


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form; staff (who have the app, tests.factories) type a code too."""
    page.goto("/auth/login")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if urlsplit(page.url).path == "/auth/second-factor":
        type_second_factor(page, app_code_for(page, username))
    expect_signed_in(page, username)


def type_second_factor(page: Page, code: str) -> None:
    """On "Confirm it's you": type an app or recovery code and continue."""
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Continue").click()


def app_code_for(page: Page, username: str) -> str:
    """The current code of ``username``'s authenticator app, on the server ``page`` uses.

    A code can't be used twice in its 30 seconds and tests sign the same staff
    account in many times a minute, so the server forgets the last code used
    first (tests of reuse type codes themselves).
    """
    import pyotp

    from forum.extensions import db
    from forum.models import User
    from tests.e2e.harness import RUNNING

    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    with RUNNING[origin].app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        user.totp_last_step = None
        db.session.commit()
        return pyotp.TOTP(user.totp_secret).now()


def sign_out(page: Page) -> None:
    open_menu_if_collapsed(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def expect_signed_in(page: Page, username: str) -> None:
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name=username, exact=True)).to_be_attached()
    expect(page.locator(".error-summary")).to_have_count(0)


def open_menu_if_collapsed(page: Page) -> None:
    """Reserved for a phone menu toggle; today the nav is always visible."""
    toggle = page.locator(".menu-toggle")
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


# Our focus style: a yellow outline (form fields) or a yellow background (links, buttons).
_FOCUS_STATE = """(selector) => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const yellow = 'rgb(255, 235, 59)';
  return {
    key: el === document.body ? null : el.outerHTML.slice(0, 140),
    match: selector ? el.matches(selector) : false,
    yellow: (s.outlineStyle !== 'none' && s.outlineColor === yellow)
            || s.backgroundColor === yellow,
  };
}"""


def focus_state(page: Page, selector: str | None = None) -> dict:
    """What has focus: ``key`` (its HTML, None for the body), ``match``, ``yellow``."""
    return page.evaluate(_FOCUS_STATE, selector)


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector`` has focus, checking every stop on the way is visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focus_state(page, selector)
        assert state["yellow"], f"no visible focus on {state['key']}"
        if state["match"]:
            return
    raise AssertionError(f"{selector} never got focus after {limit} presses of Tab")


def csp_directives(header: str) -> dict[str, list[str]]:
    """'script-src 'self'; object-src 'none'' -> {'script-src': ["'self'"], ...}"""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_csp_forbids_inline_script(response) -> None:
    """The page's CSP must allow scripts only from our own origin: no inline, no eval."""
    header = response.headers.get("content-security-policy")
    assert header, f"no Content-Security-Policy on {response.url}"
    csp = csp_directives(header)
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src, f"CSP on {response.url} has neither script-src nor default-src"
    bad = {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}
    assert not bad & {s.lower() for s in script_src}, f"script-src too loose: {script_src}"
    assert csp.get("object-src") == ["'none'"], header
    assert csp.get("base-uri") in (["'none'"], ["'self'"]), header
