"""Issue 15, part 5, in Chromium: a member signed in on two browsers sees both
on /account ("This device" on the right one), ends the other, and that
browser's next page shows it signed out; the new browser's sign-in is in the
bell. The sessions section and the privacy page pass axe, desktop and phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import register, sign_in

pytestmark = pytest.mark.e2e


def _deliver(server) -> None:
    """What the worker (``flask notify work``) does between requests."""
    from forum.models.timestamps import utcnow
    from forum.notify import fanout

    with server.app_context():
        fanout.run(utcnow())


def _sessions(page: Page):
    return page.get_by_role("region", name="Where you're signed in")


def test_ending_another_browser_signs_it_out(browse, server, device, javascript):
    first = browse()
    username = register(first)  # this browser joined: it is known, no notice
    second = browse()  # another browser (a context of its own: its own cookies)
    sign_in(second, username)

    first.goto("/account#sessions")
    sessions = _sessions(first)
    items = sessions.get_by_role("listitem").filter(has_text="Chrome")
    expect(items).to_have_count(2)
    expect(sessions.get_by_text("This device", exact=True)).to_have_count(1)
    if javascript:  # axe runs in the page
        assert_accessible(first, "account sessions", device)

    second.goto("/account#sessions")  # the other browser marks itself, not the first
    this = _sessions(second).get_by_role("listitem").filter(has_text="This device")
    expect(this).to_have_count(1)
    second_id = this.get_attribute("id")

    first.reload()
    other = _sessions(first).locator(f"#{second_id}")
    expect(other).not_to_contain_text("This device")
    other.get_by_role("button", name="End").click()
    expect(first.get_by_role("status").first).to_contain_text("Signed out: Chrome")
    expect(_sessions(first).get_by_role("listitem").filter(has_text="Chrome")).to_have_count(1)

    second.goto("/account")
    expect(second).to_have_url(f"{server.url}/auth/login?next=/account")
    expect(second.get_by_role("link", name="Sign in")).to_be_visible()


def test_a_new_browser_brings_a_notice_in_the_bell(browse, server, device, javascript):
    first = browse()
    username = register(first)
    sign_in(browse(), username)
    _deliver(server)

    first.goto("/")
    bell = first.get_by_role("link", name="Notifications, 1 unread")
    expect(bell).to_be_visible()
    bell.click()
    notice = first.get_by_role("listitem").filter(has_text="New sign-in: Chrome on Linux")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("If this wasn't you, change your password and end that session")
    if javascript:  # axe runs in the page
        assert_accessible(first, "notifications with a sign-in notice", device)
    notice.get_by_role("link", name="end that session").click()
    expect(first).to_have_url(f"{server.url}/account#sessions")


def test_the_privacy_page_reads_well(page: Page, device):
    page.goto("/auth/register")
    link = page.get_by_role("link", name="what we keep about you and for how long")
    expect(link).to_have_attribute("href", "/privacy")
    page.goto("/privacy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your privacy")
    expect(page.get_by_role("heading", name="What we keep, and for how long")).to_be_visible()
    assert_accessible(page, "privacy", device)
