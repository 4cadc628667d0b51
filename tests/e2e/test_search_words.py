"""Search in a real browser: respelling "chrons" and the way back, no empty facets, one box.

Each test runs on the desktop and the phone viewport; the respelling journey
also runs with JavaScript off (search is plain links and a GET form).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible

HACK = "A bathroom pass card made school bearable again"  # a Crohn's post in the world


def _search_from_the_header(page: Page, words: str) -> None:
    box = page.get_by_role("searchbox", name="Search posts")
    box.fill(words)
    box.press("Enter")


def _respelling_journey(page: Page, device: str, axe: bool = True) -> None:
    page.goto("/")
    _search_from_the_header(page, "chrons")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “crohns”")
    notice = page.locator(".suggestion")
    expect(notice).to_have_text("Showing results for crohns; search instead for chrons")
    # Crohn's posts, whatever else the other browser tests have posted by now.
    expect(page.locator("#main .card").first).to_contain_text("Crohn")
    expect(page.get_by_role("searchbox", name="Search posts")).to_have_value("crohns")
    if axe:  # axe runs as script in the page
        assert_accessible(page, "search (respelt)", device)

    notice.get_by_role("link", name="chrons").click()
    expect(page).to_have_url(re.compile(r"/search\?q=chrons&nofix=1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “chrons”")
    expect(page.locator("#results-title")).to_have_text("0 posts")
    expect(page.get_by_role("link", name=HACK)).to_have_count(0)
    expect(page.locator(".suggestion")).to_have_text("Did you mean crohns?")
    expect(page.get_by_role("searchbox", name="Search posts")).to_have_value("chrons")


def test_chrons_shows_crohns_results_and_searching_instead_works(page: Page, device, content):
    _respelling_journey(page, device)


def test_chrons_respelling_works_without_javascript(new_context, device, content):
    context, _log = new_context(javascript=False)
    _respelling_journey(context.new_page(), device, axe=False)


def test_no_results_shows_no_facets_and_offers_to_ask(page: Page, device, content):
    page.goto("/search?q=zzzzqqqq")
    expect(page.locator("#results-title")).to_have_text("0 posts")
    expect(page.get_by_text("Narrow your results")).to_have_count(0)
    expect(page.locator(".facets")).to_have_count(0)
    expect(page.get_by_text("all your words")).to_have_count(0)
    ask = page.locator("#main").get_by_role("link", name="Ask a question")
    expect(ask).to_be_visible()
    expect(ask).to_have_attribute("href", "/posts/new?kind=question")
    assert_accessible(page, "search (no results)", device)


def test_the_results_page_has_one_search_box(page: Page, device, content):
    page.goto("/search?q=school&kind=hack")
    boxes = page.get_by_role("searchbox")
    expect(boxes).to_have_count(1)
    expect(page.get_by_role("search")).to_have_count(1)
    box = page.get_by_role("searchbox", name="Search posts")
    expect(box).to_be_visible()
    expect(box).to_have_value("school")
    assert box.bounding_box()["y"] < page.viewport_size["height"]  # at the top, not scrolled to
    # A new search from the one box keeps the page's filter.
    _search_from_the_header(page, "bathroom")
    expect(page).to_have_url(re.compile(r"/search\?q=bathroom&kind=hack$"))
    expect(page.get_by_role("link", name=HACK)).to_be_visible()
    expect(page.get_by_role("searchbox")).to_have_count(1)
    assert_accessible(page, "search (one box)", device)
