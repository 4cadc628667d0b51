"""Text that reads right and pages that fit, in a real browser.

Arabic and Hebrew run right to left wherever they appear, with and without
JavaScript; the community pages are linked from every footer and pass axe;
the signed-in header fits one line on a phone, and the first post starts on
the first screen.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import sign_in
from tests.factories import PASSWORD, make_comment, make_outcome, make_post, make_user

pytestmark = pytest.mark.e2e

ARABIC_TITLE = "جدول مرئي للأدوية ساعدنا"
ARABIC_BODY = "جربنا جدولاً مرئياً للأدوية وقد ساعدنا كثيراً.\n\nWe also tried English notes."
HEBREW_COMMENT = "תודה, ננסה את זה הערב."
HEBREW_NOTE = "עזר בבקרים, פחות בערבים."

# The direction the browser gave the nearest block holding each piece of text.
_DIRECTIONS = """(needle) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.includes(needle)) continue;
    let el = node.parentElement;
    while (el && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement;
    found.push(getComputedStyle(el).direction);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def rtl_post(server) -> dict:
    with server.app_context():
        author, reader = make_user(), make_user()
        post = make_post(
            author, title=ARABIC_TITLE, body=ARABIC_BODY, conditions=("eosinophilic-esophagitis",)
        )
        make_comment(post, reader, HEBREW_COMMENT)
        make_outcome(post, reader, note=HEBREW_NOTE)
        return {"id": post.id, "author": author.username}


def _directions(page: Page, text: str) -> list[str]:
    return page.evaluate(_DIRECTIONS, text)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_arabic_and_hebrew_run_right_to_left(new_context, rtl_post, javascript):
    context, _ = new_context(javascript=javascript)
    page = context.new_page()
    page.goto(f"/posts/{rtl_post['id']}")
    for text in (ARABIC_TITLE, "جربنا جدولاً", HEBREW_COMMENT, HEBREW_NOTE):
        directions = _directions(page, text)
        assert directions and set(directions) == {"rtl"}, (text, directions)
    # The English paragraph of the same post still runs left to right.
    assert set(_directions(page, "We also tried English notes.")) == {"ltr"}
    page.goto("/conditions/eosinophilic-esophagitis")
    assert set(_directions(page, ARABIC_TITLE)) == {"rtl"}
    page.goto(f"/users/{rtl_post['author']}")
    assert set(_directions(page, ARABIC_TITLE)) == {"rtl"}


def test_typing_arabic_in_a_box_runs_right_to_left(page: Page, server, rtl_post):
    with server.app_context():
        username = make_user().username
    sign_in(page, username, PASSWORD)
    page.goto(f"/posts/{rtl_post['id']}")
    box = page.locator("#comment-form textarea")
    box.fill(HEBREW_COMMENT)
    assert box.evaluate("el => getComputedStyle(el).direction") == "rtl"


PAGES = {
    "/about": "About Middle Ground",
    "/guidelines": "Community guidelines",
    "/urgent-help": "Urgent help",
}


def test_community_pages_are_linked_from_the_footer_and_accessible(page: Page, device):
    footer = page.locator(".site-footer")
    for path, heading in PAGES.items():
        page.goto("/")
        link = footer.get_by_role("link", name=heading, exact=True)
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, f"community page {path}", device)
    # Urgent help opens with where to go now, above the fold on any screen.
    page.goto("/urgent-help")
    callout = page.locator(".urgent-now")
    expect(callout).to_contain_text("999 in the UK, 911 in the US, 112 in the EU")
    assert callout.bounding_box()["y"] < page.viewport_size["height"]


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_the_signed_in_header_fits_one_line_on_a_phone(page: Page, server):
    with server.app_context():
        username = make_user("a_rather_long_username_xx").username
    sign_in(page, username, PASSWORD)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    tops = nav.locator("li").evaluate_all(
        "items => items.filter(li => li.getClientRects().length)"  # the ones shown
        ".map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # The shortened link still says what it does to a screen reader.
    expect(nav.get_by_role("link", name="Share what worked")).to_be_visible()


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_the_first_post_starts_on_the_first_screen_of_a_phone(page: Page, content):
    page.goto("/")
    first = page.locator(".post-list .card").first
    top = first.bounding_box()["y"]
    assert top < page.viewport_size["height"], top
    expect(first.locator(".card-title")).to_be_in_viewport()


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_the_post_page_shows_related_posts_beside_the_post(page: Page, server):
    with server.app_context():
        author = make_user()
        others = [
            make_post(
                author, title=f"Ketogenic meal prep idea {i}", conditions=("infantile-spasms",)
            )
            for i in range(3)
        ]
        make_outcome(others[1], make_user(), result="worked")
        post = make_post(author, title="Weighing keto meals", conditions=("infantile-spasms",))
        post_id = post.id
    page.goto(f"/posts/{post_id}")
    aside = page.locator(".post-aside")
    expect(aside.get_by_role("heading", name="Related posts")).to_be_visible()
    expect(aside.locator(".related-list a").first).to_have_text("Ketogenic meal prep idea 1")
    # Beside the post, not under it.
    article, column = page.locator("article.post").bounding_box(), aside.bounding_box()
    assert column["x"] >= article["x"] + article["width"], (article, column)
    assert column["y"] < article["y"] + article["height"]
    assert_accessible(page, "post with related posts", "desktop")
