"""Questions in a real browser: asked from a condition page, answered, the
answer that helped marked by the asker; and the richer "I tried this" report
sent from a phone. With JavaScript on and off, on a desktop and a phone, with
an axe check of the pages these add or change."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import a11y
from tests.e2e.actions import register, sign_in
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.e2e

# The writing forms' own requests: the live preview, and the draft after a pause in typing.
PREVIEW = ("/posts/preview", "/drafts")
_run = itertools.count(1)


ALLOWED_FETCH = PREVIEW  # what the `browse` fixture lets script fetch


def _check_axe(page: Page, page_type: str, device: str, javascript: bool) -> None:
    """axe runs as a script in the page, so only where scripts run; the pages are the same."""
    if javascript:
        a11y.assert_accessible(page, page_type, device)


def _token(device: str, javascript: bool) -> str:
    return f"{device} {'scripted' if javascript else 'plain'} q{next(_run)}"


def test_ask_from_a_condition_page_then_mark_the_answer_that_helped(
    browse, server, device, javascript
):
    title = f"Spacers at nursery: who holds them? ({_token(device, javascript)})"
    page = browse()
    asker = register(page, perspective="caregiver")

    page.goto("/conditions/asthma")
    _check_axe(page, "condition", device, javascript)
    page.get_by_role("link", name="Ask a question about Asthma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    expect(page.get_by_label("Question", exact=True)).to_be_checked()
    expect(page.locator("#conditions-asthma")).to_be_checked()
    _check_axe(page, "ask a question", device, javascript)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your post").fill(
        "Our 4-year-old starts nursery next month. Who keeps the spacer, and where?"
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#outcomes")).to_have_count(0)  # nothing to "try" on a question
    question_url = page.url

    # Waiting for an answer: listed on the condition's unanswered questions.
    page.goto("/conditions/asthma")
    page.get_by_role("link", name="Unanswered questions").click()
    expect(page.locator(".card-title a", has_text=title)).to_be_visible()
    _check_axe(page, "unanswered questions", device, javascript)

    # Someone who has been there answers.
    with server.app_context():
        from sqlalchemy import select

        from forum.extensions import db
        from forum.models import Post

        post = db.session.scalar(select(Post).where(Post.title == title))
        make_comment(post, make_user(), "Ours keeps it in a labelled box in the office.")
        second = make_comment(post, make_user(), "We asked for one in the classroom, by the door.")
        second_id = second.id

    page.goto(question_url)
    answer = page.locator(f"#comment-{second_id}")
    answer.get_by_role("button", name="This helped").click()
    expect(page.get_by_role("status")).to_contain_text("Marked as helping you")
    first = page.locator(".comment-list > li").first
    expect(first).to_have_attribute("id", f"comment-{second_id}")
    expect(first).to_contain_text("Helped the asker")
    expect(page.locator(".post-head")).to_contain_text("1 answer helped")
    _check_axe(page, "question with a helped answer", device, javascript)

    # Everyone sees it; the question left the unanswered list.
    reader = browse()
    reader.goto(question_url)
    expect(reader.locator(".comment-list > li").first).to_contain_text("Helped the asker")
    expect(reader.get_by_role("button", name="This helped")).to_have_count(0)
    reader.goto("/conditions/asthma/unanswered")
    expect(reader.locator(".card-title a", has_text=title)).to_have_count(0)
    assert asker


def test_report_how_it_went_with_the_new_details_on_a_phone(browse, server, device, javascript):
    if device != "phone":
        pytest.skip("the phone is the point of this journey")
    title = f"A straw cup for nutrition shakes ({_token(device, javascript)})"
    with server.app_context():
        make_post(make_user(), title=title, conditions=("crohns-disease",))
        name = f"phone-{next(_run)}-{'js' if javascript else 'plain'}"
        make_user(name, care_age_band="12-17")
    page = browse()
    sign_in(page, name)
    page.goto("/conditions/crohns-disease")
    page.locator(".card-title a", has_text=title).click()

    outcomes = page.locator("#outcomes")
    expect(outcomes.get_by_label("12 to 17", exact=True)).to_be_checked()  # from the profile
    _check_axe(page, "post with the report form", device, javascript)
    outcomes.get_by_label("It made things worse or caused side effects").check()
    outcomes.get_by_label("A few weeks").check()
    outcomes.get_by_role("group", name="Did the care team know").get_by_label("Yes").check()
    outcomes.get_by_label("Anything others should know? (optional)").fill("Bloating by week two.")
    outcomes.get_by_role("button", name="Share how it went").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for telling others")
    expect(outcomes).to_contain_text("1 report: made it worse")
    expect(outcomes.locator(".outcome-note")).to_contain_text(
        "Tried for: a few weeks · Age: 12 to 17 · The care team knew"
    )
    expect(outcomes.locator(".outcome-bar")).to_have_count(0)  # one report: words, no bar
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
