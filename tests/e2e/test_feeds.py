"""Atom feeds in a real browser: each listing page offers its feed, both in its
<head> for feed readers and as a link under the list for people, on a desktop
and a phone; the pages stay accessible, and the link gives an Atom document."""

from __future__ import annotations

import feedparser
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible

pytestmark = pytest.mark.e2e


def test_each_listing_offers_its_feed(page: Page, content, device):
    pages = {
        "home": ("/", "Follow these posts"),
        "condition": ("/conditions/ibd", "Follow new posts about Inflammatory bowel disease"),
        "post": (f"/posts/{content.hack_id}", "Follow the comments"),
        "profile": (f"/users/{content.parent}", "Follow e2e-parent’s posts"),
        "search": ("/search?q=school", "Follow new posts matching this search"),
    }
    for page_type, (address, words) in pages.items():
        page.goto(address)
        link = page.get_by_role("link", name=words)
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        head = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
        expect(head).to_have_attribute("href", href)
        assert_accessible(page, f"{page_type} with its feed link", device)
        answer = page.request.get(href)
        assert answer.headers["content-type"] == "application/atom+xml; charset=utf-8"
        feed = feedparser.parse(answer.body())
        assert not feed.bozo and feed.entries, (page_type, href)
