"""Evidence in a real browser: the author adds a citation, a verified
clinician confirms it, and the badge says Published, on the post page and on
the home page's card, with the reason in words. Plain forms, so it works the
same with JavaScript off; axe runs where script does."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import sign_in, sign_out
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


def test_a_verified_clinician_confirms_a_citation_and_the_post_is_published(
    browse, server, device, javascript
):
    run = f"{device}{'js' if javascript else 'nojs'}{next(_run)}"
    title = f"Quiet room before exams ({run})"
    with server.app_context():
        author = make_user(f"parent{run}", perspective="caregiver")
        clinician = make_user(f"drlee{run}", perspective="clinician", clinician_verified=True)
        post_id = make_post(author, title=title).id
        author_name, clinician_name = author.username, clinician.username

    page = browse()
    sign_in(page, author_name)
    page.goto(f"/posts/{post_id}")
    expect(page.locator(".post-head .badge-evidence")).to_have_text("Evidence: One story")

    # A mistake first: said beside the field, nothing added.
    field = page.get_by_label("DOI or PubMed ID")
    field.fill("the BMJ paper")
    page.get_by_role("button", name="Add citation").click()
    expect(page.locator("#identifier-error")).to_contain_text("Enter a DOI such as")
    page.get_by_label("DOI or PubMed ID").fill("https://doi.org/10.1136/bmjqs.2010.046193")
    page.get_by_role("button", name="Add citation").click()
    expect(page).to_have_url(re.compile(rf"/posts/{post_id}#evidence$"))
    citation = page.locator(".citations li")
    expect(citation).to_contain_text("not yet confirmed")
    expect(citation.get_by_role("link")).to_have_attribute(
        "href", "https://doi.org/10.1136/bmjqs.2010.046193"
    )
    sign_out(page)

    sign_in(page, clinician_name)
    page.goto(f"/posts/{post_id}")
    if javascript:
        assert_accessible(page, "post with a citation to confirm", device)
    page.get_by_role("button", name=re.compile("Confirm this citation")).click()
    expect(page.locator(".post-head .badge-evidence")).to_have_text("Evidence: Published")
    expect(page.locator(".evidence-reason")).to_have_text(
        f"Published: doi:10.1136/bmjqs.2010.046193 confirmed by {clinician_name}"
    )
    expect(page.locator(".citations li")).to_contain_text(f"confirmed by {clinician_name}")
    expect(page.get_by_role("button", name=re.compile("Confirm this citation"))).to_have_count(0)
    if javascript:
        assert_accessible(page, "post, published", device)

    # The card on the home page, filtered to Published, says so too.
    page.goto("/?evidence=published")
    card = page.locator("article.card", has_text=title)
    expect(card.locator(".badge-evidence")).to_have_text("Evidence: Published")
    if javascript:
        assert_accessible(page, "home filtered by evidence", device)
