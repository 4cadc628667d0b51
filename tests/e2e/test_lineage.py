""" "Adapt this" in a real browser: a member opens a change idea, adapts it
keeping the measures, says what changed and publishes; both pages show the
link. With JavaScript on and off, on a desktop and a phone; axe on the adapt
page and the new-post form it leads to."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import a11y
from tests.e2e.actions import register
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

ALLOWED_FETCH = ("/posts/preview",)  # the live preview's own requests (JavaScript on)
_run = itertools.count(1)


def _check_axe(page: Page, page_type: str, device: str, javascript: bool) -> None:
    if javascript:  # axe runs as a script in the page; the pages are the same without it
        a11y.assert_accessible(page, page_type, device)


def _change_idea(server, title: str) -> int:
    with server.app_context():
        from forum.extensions import db
        from forum.models import Measure, PdsaCycle

        post = make_post(
            make_user(perspective="clinician"),
            title=title,
            body="Each morning the team checks who needs labs before clinic opens.",
            kind="change_idea",
            conditions=["crohns-disease"],
        )
        db.session.add_all(
            [
                Measure(post_id=post.id, position=0, name="Missed labs", unit="%"),
                PdsaCycle(post_id=post.id, started_on=date(2026, 1, 5), plan="A 10-minute huddle"),
            ]
        )
        db.session.commit()
        return post.id


def test_a_member_adapts_a_change_idea_and_both_pages_link(browse, server, device, javascript):
    run = f"{device} {'js' if javascript else 'plain'} {next(_run)}"
    original_title = f"Pre-visit huddle cut missed labs ({run})"
    original_id = _change_idea(server, original_title)
    page = browse()
    register(page, perspective="clinician")

    page.goto(f"/posts/{original_id}")
    page.get_by_role("link", name="Adapt this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Adapt “{original_title}”")
    _check_axe(page, "adapt this", device, javascript)
    # Keep the measures and the text; leave the cycles' plans behind.
    expect(
        page.get_by_label("The measures: names, units and kinds (never their data)")
    ).to_be_checked()
    page.get_by_label("The PDSA cycles' plans").uncheck()
    page.get_by_role("button", name="Start my adaptation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Share your adaptation")
    expect(page.get_by_label("Title")).to_have_value(original_title)
    _check_axe(page, "new adaptation", device, javascript)
    new_title = f"A huddle in the school nurse's office ({run})"
    page.get_by_label("Title").fill(new_title)
    page.get_by_label("What did you change?").fill(
        "A school, not a clinic: the nurse checks on Mondays instead of every morning."
    )
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(new_title)
    origin = page.locator(".lineage-origin")
    expect(origin).to_contain_text("Adapted from")
    expect(origin).to_contain_text("the nurse checks on Mondays")
    origin.get_by_role("link", name=f"“{original_title}”").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(original_title)
    expect(page.locator(".lineage-count")).to_have_text("Adapted 1 time")
    expect(page.locator(".lineage-tree").get_by_role("link", name=new_title)).to_be_visible()

    with server.app_context():
        from sqlalchemy import select

        from forum.extensions import db
        from forum.models import Measure, PdsaCycle, Post

        adaptation = db.session.scalar(select(Post).where(Post.title == new_title))
        names = db.session.scalars(select(Measure.name).where(Measure.post_id == adaptation.id))
        assert list(names) == ["Missed labs"]
        cycles = select(PdsaCycle.id).where(PdsaCycle.post_id == adaptation.id)
        assert db.session.scalars(cycles).all() == []
