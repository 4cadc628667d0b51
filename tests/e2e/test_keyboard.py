"""Keyboard only: a new member reaches the post form and publishes without a mouse.

Runs on a desktop and a phone, with JavaScript on and off: nothing on the way
may depend on a script. The privacy guard's box is ticked from the keyboard too.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.actions import register, tab_to

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_keyboard_only_user_publishes_a_post(new_context, javascript):
    context, log = new_context(javascript=javascript)
    page = context.new_page()
    register(page, perspective="patient")
    page.goto("/")

    tab_to(page, "a[href='/posts/new']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Share what worked")

    tab_to(page, "#title")
    page.keyboard.type("Keyboard-only: a pill organiser with alarms")
    tab_to(page, "input[name='kind']")
    page.keyboard.press("Space")  # the first choice: "What worked for us"
    tab_to(page, "#body")
    page.keyboard.type("Three alarms and a weekly organiser. The pharmacy is on 020 7946 0958.")
    tab_to(page, "#conditions-asthma")
    page.keyboard.press("Space")  # ticks it
    tab_to(page, "#tags")
    page.keyboard.type("medicines, routine")
    tab_to(page, "[type=submit][name=submit]")
    page.keyboard.press("Enter")

    # The privacy guard holds the post back; the pharmacy's number is fine to share.
    expect(page.locator(".privacy-warning mark")).to_have_text("020 7946 0958")
    tab_to(page, "#privacy_confirmed")
    page.keyboard.press("Space")
    tab_to(page, "[type=submit][name=submit]")
    page.keyboard.press("Enter")

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Keyboard-only: a pill organiser with alarms")
    expect(page.get_by_role("status").or_(page.locator(".flash"))).to_contain_text("published")
    expect(page.locator(".chips .chip")).to_have_count(1)
    # The form's own requests: the live preview and, after a pause in typing, the draft.
    assert log.problems(allowed_fetch=("/posts/preview", "/drafts")) == []
