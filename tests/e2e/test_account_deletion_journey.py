"""Issue 15's deletion journey in Chromium, through the forms: a member opens
their account page, deletes their account each way, and another reader then
looks at their old post: kept, it reads as by "former member"; removed, it is
gone. Desktop and phone, with JavaScript and without; axe on the delete page."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from tests.e2e import a11y
from tests.e2e.actions import sign_in, unique_username
from tests.factories import PASSWORD, make_post, make_user

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


@pytest.mark.parametrize("mode", ["keep", "remove"])
def test_a_member_deletes_their_account_and_a_reader_sees_what_is_left(
    browse, server, device, javascript, mode
):
    username = unique_username("leaver")
    title = f"Wet wraps at bedtime, what we learned ({next(_run)})"
    with server.app_context():
        post_id = make_post(make_user(username), title=title).id
    page = browse()
    sign_in(page, username)

    page.goto("/account")
    page.get_by_role("link", name="Delete your account…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.get_by_role("main")).to_contain_text("This can't be undone.")
    keep = page.get_by_label("Keep my posts and comments", exact=False)
    expect(keep).to_be_checked()  # keeping is the default
    if javascript:  # axe runs in the page
        a11y.assert_accessible(page, "delete account", device)

    # A wrong password first: the form comes back saying so, and nothing is gone.
    page.get_by_label("Your password").fill("not the password at all")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.locator(".error-summary")).to_contain_text("That isn't your password.")
    if javascript:
        a11y.assert_accessible(page, "delete account (error)", device)

    if mode == "remove":
        page.get_by_label("Remove everything I wrote").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name=username, exact=True)).to_have_count(0)  # signed out

    reader = browse()
    response = reader.goto(f"/posts/{post_id}")
    if mode == "keep":
        assert response.status == 200
        expect(reader.get_by_role("heading", level=1)).to_have_text(title)
        expect(reader.get_by_role("main")).to_contain_text("former member")
    else:
        assert response.status == 404
        expect(reader.get_by_role("main")).not_to_contain_text(title)
    expect(reader.get_by_role("main")).not_to_contain_text(username)
    assert reader.goto(f"/users/{username}").status == 404
