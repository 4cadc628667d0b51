"""A change idea as a record, in a real browser: a clinician posts one with its
aim and setting, then adds a measure and two PDSA cycles from the record page,
as a person would (by the labels), with JavaScript on and off, on a desktop
and a phone; axe checks the form, the record page and the post."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import a11y
from tests.e2e.actions import register

pytestmark = pytest.mark.e2e

ALLOWED_FETCH = ("/posts/preview", "/drafts")  # the live preview and the draft kept as one types
_run = itertools.count(1)


def _check_axe(page: Page, page_type: str, device: str, javascript: bool) -> None:
    """axe runs as a script in the page, so only where scripts run; the pages are the same."""
    if javascript:
        a11y.assert_accessible(page, page_type, device)


def _add_cycle(page: Page, started: str, plan: str, learned: str, decision: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Add cycle"))
    form.get_by_label("Started on").fill(started)
    form.get_by_label("Plan: what did you set out to test?").fill(plan)
    form.get_by_label("Study: what was learned? (optional)").fill(learned)
    form.get_by_label(decision, exact=True).check()
    form.get_by_role("button", name="Add cycle").click()
    expect(page.get_by_role("status").first).to_contain_text("The PDSA cycle is added")


def test_a_clinician_posts_a_change_idea_and_keeps_its_record(browse, device, javascript):
    run = f"{device} {'scripted' if javascript else 'plain'} r{next(_run)}"
    title = f"Pre-visit huddle cut missed labs ({run})"
    page = browse()
    register(page, perspective="clinician")
    page.goto("/posts/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Change idea").check()
    page.get_by_label("Your post").fill("A ten-minute huddle the day before clinic.")
    page.get_by_label("Asthma", exact=True).check()
    page.get_by_label("What will improve?").fill("Fewer missed blood tests before clinic")
    page.get_by_label("By how much?").fill("From 1 in 3 to fewer than 1 in 10")
    page.get_by_label("By when?").fill("2026-12-31")
    page.get_by_role("group", name="What kind of place?").get_by_label("Clinic").check()
    page.get_by_label("How big is it?").fill("A clinic of about 300 children")
    page.get_by_label("Who took part?").fill("2 nurses, 1 consultant, 12 families")
    _check_axe(page, "post form (change idea)", device, javascript)
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    aim = page.get_by_role("region", name="The aim")
    expect(aim).to_contain_text("Fewer missed blood tests before clinic")
    expect(aim).to_contain_text("31 December 2026")
    expect(page.get_by_role("region", name="Where it was tried")).to_contain_text(
        "A clinic of about 300 children"
    )

    page.get_by_role("link", name="Add measures and cycles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("The record of")
    _check_axe(page, "record page", device, javascript)
    measure = page.locator("form", has=page.get_by_role("button", name="Add measure"))
    measure.get_by_label("Name of the measure").fill("Missed blood tests")
    measure.get_by_label("Unit (optional)").fill("% of visits")
    measure.get_by_label("Outcome measure").check()
    measure.get_by_role("button", name="Add measure").click()
    expect(page.get_by_role("status").first).to_contain_text("is added")

    # A bad date is refused beside its field, and what was typed stays.
    form = page.locator("form", has=page.get_by_role("button", name="Add cycle"))
    form.get_by_label("Started on").fill("2026-03-02")
    form.get_by_label("Ended on (optional)").fill("2026-03-01")
    form.get_by_label("Plan: what did you set out to test?").fill("Huddle on Mondays.")
    form.get_by_role("button", name="Add cycle").click()
    expect(page.get_by_text("The cycle can't end before it started.").first).to_be_visible()
    _check_axe(page, "record page (error)", device, javascript)
    form = page.locator("form", has=page.get_by_role("button", name="Add cycle"))
    expect(form.get_by_label("Plan: what did you set out to test?")).to_have_value(
        "Huddle on Mondays."
    )
    form.get_by_label("Ended on (optional)").fill("2026-03-30")
    form.get_by_label("Study: what was learned? (optional)").fill("Families needed a text.")
    form.get_by_label("Adapt", exact=True).check()
    form.get_by_role("button", name="Add cycle").click()
    expect(page.get_by_role("status").first).to_contain_text("The PDSA cycle is added")
    _add_cycle(page, "2026-04-06", "Huddle plus a reminder text.", "Fewer misses.", "Adopt")

    page.get_by_role("link", name="Back to the post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    measures = page.get_by_role("region", name="Measures")
    expect(measures).to_contain_text("Missed blood tests")
    expect(measures).to_contain_text("Outcome measure")
    cycles = page.locator(".cycles > li")
    expect(cycles).to_have_count(2)
    expect(cycles.nth(0)).to_contain_text("2 March 2026")
    expect(cycles.nth(0)).to_contain_text("Families needed a text.")
    expect(cycles.nth(1)).to_contain_text("6 April 2026")
    expect(cycles.nth(1)).to_contain_text("Adopt")
    _check_axe(page, "post with a record", device, javascript)
