"""Watching in a real browser (issue 13, point 1): a new member passes the
optional "Pick conditions to watch" step, watches Crohn's disease from its
page with the keyboard, and finds it on "What you watch"; on a desktop and a
phone, with JavaScript on and off (the control is a plain form). axe checks
the step, "What you watch" and a tag page."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import open_menu_if_collapsed, register, tab_to
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


def _watch_crohns_by_keyboard(page: Page, javascript: bool) -> None:
    control = page.get_by_label("Notifications for Crohn's disease")
    if javascript:  # tab_to checks each stop's focus style, which takes script
        tab_to(page, "#watch-condition")
    else:
        control.focus()
    expect(control).to_be_focused()
    page.keyboard.type("Watching")  # a closed <select> picks the option typed
    expect(control).to_have_value("watching")
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("button", name="Save notifications for Crohn's disease")
    ).to_be_focused()
    page.keyboard.press("Enter")


def test_a_parent_watches_crohns_from_its_page_and_sees_it_on_what_you_watch(
    browse, server, device, javascript
):
    run = f"{device} {'js' if javascript else 'no-js'} {next(_run)}"
    tag = f"bathroom-pass-{next(_run)}"
    with server.app_context():
        make_post(
            make_user(perspective="clinician"),
            title=f"A bathroom pass card for school ({run})",
            tags=[tag],
        )

    page = browse()
    register(page)
    # Joining leads to the optional step; skipping it is one link.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pick conditions to watch")
    if javascript:
        assert_accessible(page, "pick conditions to watch", device)
    page.get_by_role("link", name="Skip for now").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Pick conditions to watch")

    page.goto("/conditions/crohns-disease")
    _watch_crohns_by_keyboard(page, javascript)
    expect(page.locator(".flashes")).to_contain_text("Crohn's disease: Watching")
    expect(page.get_by_label("Notifications for Crohn's disease")).to_have_value("watching")

    # "What you watch": from the main navigation, or on a phone from one's profile.
    open_menu_if_collapsed(page)
    nav = page.get_by_role("navigation", name="Main")
    if nav.get_by_role("link", name="Watching").is_visible():
        nav.get_by_role("link", name="Watching").click()
    else:
        nav.locator(".nav-user").click()
        page.get_by_role("link", name="What you watch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What you watch")
    conditions = page.locator("#conditions")
    expect(conditions.get_by_role("link", name="Crohn's disease")).to_be_visible()
    expect(conditions.get_by_label("Notifications for Crohn's disease")).to_have_value("watching")
    if javascript:
        assert_accessible(page, "what you watch", device)

    page.goto(f"/tags/{tag}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Posts tagged #{tag}")
    expect(
        page.get_by_role("link", name=f"A bathroom pass card for school ({run})")
    ).to_be_visible()
    if javascript:
        assert_accessible(page, "tag page", device)
