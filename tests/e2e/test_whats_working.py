"""What's working, in a real browser: a parent opens the Crohn's disease page
and reads, top to bottom, which ideas worked for how many, with the numbers
in words beside the chart; the page stays accessible on a desktop and a phone."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible
from tests.factories import bulk_outcomes, make_post, make_user

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


@pytest.fixture(scope="module")
def crohns(server):
    """Two Crohn's ideas: one 45 of 50 said worked or partly, one 3 of 3, made once for
    both devices (the server is shared, and the summary lists the top five: ideas made
    per run would push each other out of it)."""
    n = next(_run)
    with server.app_context():
        author = make_user(f"working-parent-{n}")
        many = make_post(author, title=f"Bathroom pass letter, run {n}",
                         conditions=["crohns-disease"])  # fmt: skip
        bulk_outcomes(many, {"worked": 40, "partly": 5, "no_effect": 3, "worse": 2})
        few = make_post(author, title=f"Snack box in the bag, run {n}",
                        conditions=["crohns-disease"])  # fmt: skip
        bulk_outcomes(few, {"worked": 3})
        return {"many": many.title, "few": few.title}


def test_a_parent_reads_whats_working_for_crohns_with_numbers(page: Page, crohns, device):
    page.goto("/conditions/crohns-disease")
    summary = page.get_by_role("region", name="What’s working for Crohn's disease")
    expect(summary).to_be_visible()
    text = summary.inner_text()
    # The better-evidenced idea comes first, with its numbers and what they mean.
    assert text.index(crohns["many"]) < text.index(crohns["few"])
    expect(summary).to_contain_text("45 of 50 said it worked or partly")
    expect(summary).to_contain_text("at least 79% find it works")
    expect(summary).to_contain_text("3 of 3 said it worked or partly")
    expect(summary).to_contain_text("3 of 3 is promising but could be luck")
    expect(summary).to_contain_text("people reported how something they tried went")
    # The chart is an image with a name, and its numbers are also text.
    chart = summary.get_by_role("img", name="How the")
    expect(chart).to_be_visible()
    legend = summary.get_by_role("list", name="Reports by result")
    for words in ("Worked:", "Partly:", "No effect:", "Made it worse:", "Stopped:"):
        expect(legend).to_contain_text(words)
    # Each idea is a link to its post; the open data is offered with what it means.
    link = summary.get_by_role("link", name=crohns["many"])
    expect(link).to_be_visible()
    expect(summary.get_by_role("link", name="Outcome counts as CSV")).to_be_visible()
    expect(summary.get_by_role("link", name="What each field means")).to_be_visible()
    assert_accessible(page, "condition with what's working", device)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(crohns["many"])


def test_a_condition_nobody_reported_on_says_so_and_leads_to_its_posts(page: Page, device):
    # A condition no other browser test writes about (they share one server).
    page.goto("/conditions/tetralogy-of-fallot")
    summary = page.get_by_role("region", name="What’s working for Tetralogy of Fallot")
    expect(summary).to_contain_text("No one has reported outcomes here yet")
    summary.get_by_role("link", name="Read the latest posts about Tetralogy of Fallot").click()
    expect(page.locator("#latest")).to_be_in_viewport()
    assert_accessible(page, "condition with nothing reported", device)


def test_the_dictionary_page_is_accessible(page: Page, device):
    page.goto("/open-data")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data: outcome counts")
    expect(page.get_by_role("table")).to_contain_text("evidence_level")
    assert_accessible(page, "open data dictionary", device)
