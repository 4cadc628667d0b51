"""Issue 14's journey end to end, in Chromium, as people would do it, through
the forms only: a clinician posts a change idea for Crohn's disease, adds a
measure and a PDSA cycle, pastes 30 weeks of data and sees the run chart flag
a shift (and the post become *Tested*); a clinician at another clinic adapts
it, keeping the measure; a parent opens the Crohn's disease page and reads
what's working, with numbers. With JavaScript and without; desktop only (the
parts run on a phone in their own tests)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.actions import register

pytestmark = pytest.mark.e2e

ALLOWED_FETCH = ("/posts/preview", "/drafts")  # the live preview and the draft kept as one types
_run = itertools.count(1)
FIRST_WEEK = date(2025, 1, 6)
CHANGE_WEEK = 15  # the huddle started in week 16: the data moves from there


def _thirty_weeks() -> str:
    """Missed blood tests per 100 visits: about 30 before the huddle, about 12 after."""
    lines = ["date,value,note"]
    for week in range(30):
        value = (
            (31, 28, 33, 30, 29)[week % 5] if week < CHANGE_WEEK else (12, 14, 11, 13, 12)[week % 5]
        )
        lines.append(f"{(FIRST_WEEK + timedelta(weeks=week)).isoformat()},{value}")
    lines[CHANGE_WEEK + 1] += ",first week of the huddle"
    return "\n".join(lines)


def _post_change_idea(page: Page, title: str) -> None:
    page.goto("/posts/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Change idea").check()
    page.get_by_label("Your post").fill(
        "The day before clinic, a nurse and the consultant spend ten minutes on who needs "
        "bloods, and families get a text with the time."
    )
    page.get_by_label("Crohn's disease", exact=True).check()
    page.get_by_label("What will improve?").fill("Fewer missed blood tests before clinic")
    page.get_by_label("By how much?").fill("From 30 in 100 visits to fewer than 15")
    page.get_by_role("group", name="What kind of place?").get_by_label("Clinic").check()
    page.get_by_label("How big is it?").fill("An IBD clinic of about 300 children")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def _keep_the_record(page: Page) -> None:
    page.get_by_role("link", name="Add measures and cycles").click()
    measure = page.locator("form", has=page.get_by_role("button", name="Add measure"))
    measure.get_by_label("Name of the measure").fill("Missed blood tests")
    measure.get_by_label("Unit (optional)").fill("per 100 visits")
    measure.get_by_label("Outcome measure").check()
    measure.get_by_role("button", name="Add measure").click()
    expect(page.get_by_role("status").first).to_contain_text("is added")
    cycle = page.locator("form", has=page.get_by_role("button", name="Add cycle"))
    started = (FIRST_WEEK + timedelta(weeks=CHANGE_WEEK)).isoformat()
    cycle.get_by_label("Started on").fill(started)
    cycle.get_by_label("Plan: what did you set out to test?").fill(
        "A ten-minute huddle the day before clinic."
    )
    cycle.get_by_label("Study: what was learned? (optional)").fill(
        "Families needed the text, not only the huddle."
    )
    cycle.get_by_label("Adopt", exact=True).check()
    cycle.get_by_role("button", name="Add cycle").click()
    expect(page.get_by_role("status").first).to_contain_text("The PDSA cycle is added")
    page.get_by_role("link", name="Back to the post").click()


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_a_change_idea_is_tested_adapted_and_read_as_whats_working(browse, server, javascript):
    run = f"{'js' if javascript else 'plain'} {next(_run)}"
    title = f"Pre-visit huddle cut missed bloods ({run})"

    # A clinician posts the idea, keeps its record and pastes 30 weeks of data.
    clinician = browse()
    register(clinician, perspective="clinician")
    _post_change_idea(clinician, title)
    _keep_the_record(clinician)
    clinician.get_by_role("link", name="Add or change data for Missed blood tests").click()
    clinician.get_by_label("Paste data").fill(_thirty_weeks())
    clinician.get_by_role("button", name="Add these points").click()
    expect(clinician.get_by_role("status").filter(has_text="30 added.")).to_be_visible()
    clinician.get_by_role("link", name="Back to").click()
    expect(clinician.get_by_role("heading", level=1)).to_have_text(title)
    chart = clinician.locator("figure", has=clinician.locator("svg.rc-svg"))
    expect(chart.locator("svg[role=img]")).to_be_visible()
    expect(chart.locator("svg.rc-svg")).to_contain_text("Cycle 1")
    expect(chart.locator(".rc-words")).to_contain_text("Shift: 15 points in a row below the median")
    # Data that moved after the change makes the post Tested, and says why in words.
    expect(clinician.locator("article")).to_contain_text("Tested")
    expect(clinician.get_by_text("shows a shift after the change").first).to_be_visible()
    post_url = clinician.url

    # A clinician at another clinic adapts it, keeping the measure but not the data.
    other = browse()
    register(other, perspective="clinician")
    other.goto(post_url)
    other.get_by_role("link", name="Adapt this").click()
    expect(
        other.get_by_label("The measures: names, units and kinds (never their data)")
    ).to_be_checked()
    other.get_by_role("button", name="Start my adaptation").click()
    adaptation = f"The huddle at a district hospital ({run})"
    other.get_by_label("Title").fill(adaptation)
    what_will_improve = other.get_by_label("What will improve?")
    if not what_will_improve.input_value():
        what_will_improve.fill("Fewer missed blood tests before clinic")
    other.get_by_label("What did you change?").fill(
        "We have no consultant on Mondays: the nurse runs the huddle with the clinic clerk."
    )
    other.get_by_role("button", name="Publish").click()
    expect(other.get_by_role("heading", level=1)).to_have_text(adaptation)
    expect(other.locator(".lineage-origin")).to_contain_text("Adapted from")
    expect(other.get_by_role("region", name="Measures")).to_contain_text("Missed blood tests")
    other.goto(post_url)
    expect(other.locator(".lineage-count")).to_have_text("Adapted 1 time")
    expect(other.locator(".lineage-tree").get_by_role("link", name=adaptation)).to_be_visible()

    # Parents report back (in numbers: many, so written at once), and a parent who
    # isn't signed in reads what's working for Crohn's disease.
    with server.app_context():
        from sqlalchemy import select

        from forum.extensions import db
        from forum.models import Post
        from tests.factories import bulk_outcomes

        post = db.session.scalar(select(Post).where(Post.title == title))
        bulk_outcomes(post, {"worked": 38, "partly": 6, "no_effect": 4, "stopped": 2})
    parent = browse()
    parent.goto("/conditions/crohns-disease")
    summary = parent.get_by_role("region", name="What’s working for Crohn's disease")
    expect(summary).to_contain_text(title)
    expect(summary).to_contain_text("44 of 50 said it worked or partly")
    expect(summary.get_by_role("img", name="How the")).to_be_visible()
    expect(summary.get_by_role("list", name="Reports by result")).to_contain_text("Worked:")
    summary.get_by_role("link", name=title).first.click()
    expect(parent.get_by_role("heading", level=1)).to_have_text(title)
