""" "Is it still working?" in a real browser: a member reports that a post
worked, the worker asks them three months on, they answer "Still using it"
from the page (a plain form: with JavaScript and without), and the post shows
its durability beside the tally. axe checks the answer page."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from forum.followups import due
from forum.followups.service import add_months
from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import register
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


def test_a_follow_up_three_months_on_is_answered_and_shows_on_the_post(
    browse, server, device, javascript
):
    run = f"{device} {'js' if javascript else 'no-js'} {next(_run)}"
    title = f"A bathroom pass card for school ({run})"
    with server.app_context():
        post_id = make_post(make_user(perspective="caregiver"), title=title).id

    page = browse()
    register(page, perspective="patient")
    page.goto(f"/posts/{post_id}")
    outcomes = page.locator("#outcomes")
    outcomes.get_by_label("It worked", exact=True).check()
    outcomes.get_by_role("button", name="Share how it went").click()
    expect(outcomes).to_contain_text("1 report: worked")

    # The worker's round, with the clock three months on.
    with server.app_context():
        assert due.run(add_months(datetime.now(UTC), 3) + timedelta(days=1)) >= 1

    page.goto(f"/posts/{post_id}")
    page.get_by_role("link", name="Is it still working after 3 months?").click()
    expect(page).to_have_url(re.compile(r"/followups/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Is it still working?")
    expect(page.locator("main")).to_contain_text(title)
    if javascript:  # axe is script: it runs where script does
        assert_accessible(page, "follow-up answer", device)

    page.get_by_role("button", name="Still using it").click()
    expect(page).to_have_url(re.compile(rf"/posts/{post_id}#outcomes$"))
    expect(page.locator("#outcomes")).to_contain_text("1 of 1 still using it after 3 months")
