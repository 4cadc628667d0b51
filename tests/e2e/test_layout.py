"""What the layout promises people: readable type, one column on a phone, and
pages that hold together whatever someone writes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.e2e

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4  # 180 letters, no break
LONG_TITLE = ("Hydroxychloroquine" * 9)[:150]  # the longest title allowed, unbroken


def _long_body() -> str:
    paragraph = (
        "We kept a simple diary of meals, sleep and symptoms for eight weeks and took it "
        "to every appointment, which made the conversations much shorter and calmer. "
    )
    parts = [paragraph * 6 for _ in range(16)]  # ~2,000 words
    parts.insert(3, LONG_WORD)
    parts.insert(5, "https://example.org/" + "very-long-path-" * 20)
    table = "| day | breakfast | lunch | dinner | symptoms | notes |\n" + "|---" * 6 + "|\n"
    table += ("| Monday | porridge | soup | rice | none | " + LONG_WORD + " |\n") * 3
    parts.insert(7, table)
    parts.insert(9, "```\n" + "x = 1  # " + "a" * 300 + "\n```")
    return "\n\n".join(parts)


def _overflow(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_long_posts_and_unbroken_titles_never_widen_the_page(page: Page, server, device):
    with server.app_context():
        author = make_user(perspective="patient")
        post = make_post(
            author,
            title=LONG_TITLE,
            body=_long_body(),
            conditions=("lupus-nephritis",),
            tags=("diet", "diary"),
        )
        make_comment(post, author, LONG_WORD + " " + LONG_WORD)
        post_id, username = post.id, author.username

    for path in ("/", "/conditions/lupus", f"/posts/{post_id}", f"/users/{username}"):
        page.goto(path)
        assert _overflow(page) <= 0, f"{path} scrolls sideways on the {device}"
        title = page.get_by_text(LONG_TITLE, exact=True).first
        expect(title).to_be_visible()
        box = title.bounding_box()
        width = page.viewport_size["width"]
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)


def test_type_is_large_and_readable(page: Page, device, content):
    page.goto(f"/posts/{content.hack_id}")
    body = page.locator(".post-body").first
    size = body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size == (19 if device == "desktop" else 16)
    line = page.evaluate("getComputedStyle(document.querySelector('.post-body p')).lineHeight")
    assert float(line.removesuffix("px")) >= 1.4 * size


def test_one_column_on_a_phone(page: Page, device, content):
    page.goto("/")
    cards = page.locator(".card")
    expect(cards.first).to_be_visible()
    boxes = [cards.nth(i).bounding_box() for i in range(min(cards.count(), 3))]
    assert len(boxes) >= 2
    if device == "phone":
        assert len({round(b["x"]) for b in boxes}) == 1, "cards should stack in one column"
        assert all(b["width"] >= 0.85 * 390 for b in boxes)
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert lower["y"] >= upper["y"] + upper["height"], "cards overlap"
    # The search box is there on every screen size, not hidden behind a menu.
    expect(page.get_by_role("searchbox", name="Search posts")).to_be_visible()


def test_outcome_summary_is_words_not_only_colour(page: Page, content):
    page.goto(f"/posts/{content.hack_id}")
    section = page.locator("#outcomes")
    expect(section.get_by_text("3 tried it · 2 worked · 1 partly")).to_be_visible()
    # The bar only repeats the words, so assistive technology skips it.
    expect(section.locator(".outcome-bar")).to_have_attribute("aria-hidden", "true")
    segments = section.locator(".outcome-bar .seg")
    expect(segments).to_have_count(2)
    widths = [segments.nth(i).bounding_box()["width"] for i in range(2)]
    assert widths[0] > 1.6 * widths[1], "2 of 3 worked should look about twice 1 of 3"


def test_safety_labels_read_as_calm_or_careful(page: Page, content):
    page.goto(f"/posts/{content.hack_id}")
    low = page.locator(".safety-low_risk")
    expect(low).to_contain_text("Reviewed: low risk")
    expect(low).to_contain_text(f"reviewed by {content.clinician}")
    page.goto(f"/posts/{content.change_idea_id}")
    care = page.locator(".safety-care_team")
    expect(care).to_contain_text("Talk to your care team before trying this")
    edge = care.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert edge == "rgb(213, 40, 27)", "the care-team label is red-edged"


def test_search_results_get_the_width_and_facets_sit_beside_or_below(page: Page, device, content):
    page.goto("/search?q=school")
    results = page.locator("#results-title").locator("xpath=..").bounding_box()
    facets = page.locator(".facets").first.bounding_box()
    assert results and facets
    if device == "desktop":
        assert results["width"] >= 2 * facets["width"], (results, facets)
        assert facets["x"] >= results["x"] + results["width"]  # to the right of the results
    else:
        assert facets["y"] >= results["y"] + results["height"]  # below, after the results
