"""The post and comment forms keep people's words, in a real browser.

With JavaScript a post typed and left is there when its author comes back;
without it, Preview keeps the words (seven times over, rate limits on) and the
post still publishes; a comment the privacy guard held back survives loading
its address again. Desktop and phone; axe on the form with a restored draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from forum.extensions import limiter
from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import register
from tests.e2e.harness import LiveServer
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

DRAFTS = ("/posts/preview", "/drafts")  # the live preview's and the drafts' own requests
PHONE = "Ring our nurse Sue on 07700 900123 if the school won't listen."


def _fill_post(page: Page, title: str, body: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("What worked for us").check()
    page.get_by_label("Your post").fill(body)
    page.locator("#conditions-asthma").check()
    page.get_by_label("Tags (optional)").fill("Night Feeds, sleep")


@pytest.fixture
def rate_limits_on(server: LiveServer) -> Iterator[None]:
    """The server's limits on, as in production, for one test (members joined first)."""
    config = server.app.config
    before = (config["RATELIMIT_ENABLED"], limiter.enabled)
    config["RATELIMIT_ENABLED"] = limiter.enabled = True
    try:
        yield
    finally:
        config["RATELIMIT_ENABLED"], limiter.enabled = before


def test_with_javascript_a_post_typed_and_left_is_restored(new_context, device):
    context, log = new_context(javascript=True)
    page = context.new_page()
    register(page)
    page.goto("/posts/new")
    title = f"A dim lamp for night feeds ({device})"
    _fill_post(page, title, "A lamp on the floor, not the ceiling light.")
    expect(page.locator(".draft-status")).to_contain_text("Draft saved")
    page.goto("/")
    page.goto("/posts/new")
    expect(page.locator(".draft-note")).to_contain_text("Draft restored from")
    expect(page.get_by_label("Title")).to_have_value(title)
    expect(page.get_by_label("Your post")).to_have_value(
        "A lamp on the floor, not the ceiling light."
    )
    assert_accessible(page, "post form with a restored draft", device)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".tag-list, .tags").first).to_contain_text("night-feeds")
    page.goto("/posts/new")
    expect(page.locator(".draft-note")).to_have_count(0)  # publishing discarded it
    assert log.problems(allowed_fetch=DRAFTS) == []


def test_without_javascript_seven_previews_keep_the_post_and_it_publishes(
    new_context, device, rate_limits_on
):
    context, log = new_context(javascript=False)
    page = context.new_page()
    limiter.enabled = False  # joining from 127.0.0.1 all session: only the writing counts
    register(page)
    limiter.enabled = True
    page.goto("/posts/new")
    title = f"Seven previews of a feeding chart ({device})"
    _fill_post(page, title, "Version 0")
    for n in range(1, 8):
        page.get_by_label("Your post").fill(f"Version {n}: a chart on the fridge.")
        page.get_by_role("button", name="Preview").click()
        expect(page.locator("#preview-title")).to_have_text("Preview")
        expect(page.locator("section.card.preview .post-body")).to_contain_text(f"Version {n}")
        expect(page.get_by_label("Title")).to_have_value(title)
        expect(page.locator("body")).not_to_contain_text("Too many")
    page.goto("/")
    page.goto("/posts/new")  # the Preview kept a draft
    expect(page.locator(".draft-note")).to_contain_text("Draft restored from")
    expect(page.get_by_label("Your post")).to_have_value("Version 7: a chart on the fridge.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".post-body")).to_contain_text("Version 7")
    assert log.problems() == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_failed_comment_survives_loading_its_address_again(
    new_context, server, device, javascript
):
    with server.app_context():
        post_id = make_post(make_user(), title=f"Sleep charts that worked ({device})").id
    context, log = new_context(javascript=javascript)
    page = context.new_page()
    register(page)
    page.goto(f"/posts/{post_id}")
    page.get_by_label("Your comment").fill(PHONE)
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".privacy-warning")).to_be_visible()  # held back: nothing published
    assert page.url.split("#")[0].endswith(f"/posts/{post_id}/comments")
    page.goto(page.url.split("#")[0])  # the address again, as loading it by hand asks for it
    expect(page).to_have_url(re.compile(rf"/posts/{post_id}#comment-form$"))
    expect(page.get_by_label("Your comment")).to_have_value(PHONE)
    expect(page.locator(".draft-note")).to_contain_text("Draft restored from")
    if javascript:  # axe runs as a script in the page
        assert_accessible(page, "post page with a restored comment", device)
    page.get_by_role("button", name="Discard draft").click()
    expect(page.get_by_label("Your comment")).to_have_value("")
    assert log.problems(allowed_fetch=DRAFTS) == []
