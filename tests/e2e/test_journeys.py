"""What people come here to do, start to finish, in a real browser.

Each journey runs on a desktop and a phone, with JavaScript on and off: every
step works from server-rendered pages and plain forms. What a journey needs
that isn't the journey itself (someone else's post, a moderator account) is
made through the factories; every step a person takes goes through the pages.
(Keyboard-only publishing is in test_keyboard.py.)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.actions import register, sign_in
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

# The writing forms' own requests: the live preview, and the draft after a pause in typing.
PREVIEW = ("/posts/preview", "/drafts")
_run = itertools.count(1)


ALLOWED_FETCH = PREVIEW  # what the `browse` fixture lets script fetch


def _token(device: str, javascript: bool) -> str:
    """Words unique to one run of a journey, so its posts are easy to find again."""
    return f"{device} {'scripted' if javascript else 'plain'} run{next(_run)}"


def _open_card(page: Page, title: str) -> None:
    page.locator(".card-title a", has_text=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_parent_finds_a_hack_tries_it_and_says_how_it_went(browse, server, device, javascript):
    title = f"Ice lollies before finger pricks ({_token(device, javascript)})"
    with server.app_context():
        make_post(
            make_user(perspective="caregiver"),
            title=title,
            body="Our daughter holds an ice lolly for a minute first. No more tears.",
            conditions=("sickle-cell-disease",),
            tags=("needles",),
        )
    page = browse()
    parent = register(page, perspective="caregiver")

    search = page.get_by_role("searchbox", name="Search posts")
    search.fill("sickle cell")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("sickle cell")
    _open_card(page, title)

    # The note names the clinic's public line: the guard points it out, the
    # note stays in the form, and the parent ticks the box to share it anyway.
    note = "Worked from day one. The clinic's line is 0161 496 0000."
    outcomes = page.locator("#outcomes")
    outcomes.get_by_label("It worked", exact=True).check()
    outcomes.get_by_label("Anything others should know? (optional)").fill(note)
    outcomes.get_by_role("button", name="Share how it went").click()
    warning = outcomes.locator(".privacy-warning")
    expect(warning).to_contain_text("Check before you share")
    expect(warning.locator("mark")).to_have_text("0161 496 0000")
    expect(outcomes).to_contain_text("No one has reported trying this yet")  # nothing saved
    expect(outcomes.get_by_label("Anything others should know? (optional)")).to_have_value(note)
    expect(outcomes.get_by_label("It worked", exact=True)).to_be_checked()
    outcomes.get_by_label("I've checked: this is fine to share").check()
    outcomes.get_by_role("button", name="Share how it went").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for telling others")
    expect(outcomes).to_contain_text("1 report: worked")
    expect(outcomes.locator(".outcome-note")).to_contain_text(note)

    # The privacy guard points out a phone number before anything is published.
    comments = page.locator("#comments")
    box = comments.get_by_label("Your comment")
    box.fill("Thank you! Text me on 07700 900123 and I'll share our chart.")
    comments.get_by_role("button", name="Add comment").click()
    warning = page.locator(".privacy-warning")
    expect(warning).to_contain_text("Check before you share")
    expect(warning.locator("mark")).to_have_text("07700 900123")
    expect(page.locator(".comment")).to_have_count(0)  # nothing saved yet
    box = page.locator("#comments").get_by_label("Your comment")
    box.fill("Thank you! We'll try a cold drink first too.")
    page.locator("#comments").get_by_role("button", name="Add comment").click()

    expect(page.get_by_role("status")).to_contain_text("Your comment was added")
    comment = page.locator(".comment").last
    expect(comment).to_contain_text("We'll try a cold drink first too.")
    expect(comment.get_by_role("link", name=parent, exact=True)).to_be_visible()


def test_clinician_shares_a_change_idea_and_finds_it_everywhere(browse, device, javascript):
    title = f"Huddle before clinic cut missed labs ({_token(device, javascript)})"
    page = browse()
    register(page, perspective="clinician")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Share what worked").click()

    page.get_by_label("Title").fill(title)
    page.get_by_label("Change idea").check()
    page.get_by_label("Your post").fill("A **ten-minute huddle** the day before clinic.")
    page.get_by_label("What will improve?").fill("Fewer missed blood tests")
    if javascript:  # the live preview follows the typing
        expect(page.locator(".live-preview-body strong")).to_have_text("ten-minute huddle")
    else:  # the Preview button asks the server instead
        expect(page.locator("#live-preview")).to_be_hidden()
        page.get_by_role("button", name="Preview").click()
        server_preview = page.get_by_role("region", name="Preview", exact=True)
        expect(server_preview.locator("strong")).to_have_text("ten-minute huddle")
    page.get_by_label("Asthma", exact=True).check()
    page.get_by_label("Cystic fibrosis", exact=True).check()
    page.get_by_label("Tags (optional)").fill("clinic, huddle")
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    chips = page.locator(".post-head .chips")
    expect(chips.get_by_role("link")).to_have_text(["Asthma", "Cystic fibrosis"])
    tags = page.locator(".post-head .tags")
    expect(tags.get_by_role("link")).to_have_text(["#clinic", "#huddle"])

    search = page.get_by_role("searchbox", name="Search posts")
    search.fill(title)
    search.press("Enter")
    card = page.locator(".card", has=page.get_by_role("link", name=title))
    expect(card).to_be_visible()
    expect(card.locator(".badge-kind")).to_have_text("Change idea")
    for condition in ("Asthma", "Cystic fibrosis"):
        card.get_by_role("link", name=condition, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(condition)
        expect(page.get_by_role("link", name=title)).to_be_visible()
        page.go_back()


@pytest.fixture
def hide_at_one_flag(server) -> Iterator[None]:
    """One member's flag is enough to hide a post (the default needs several people)."""
    config = server.app.config
    before = config["MODERATION_HIDE_THRESHOLD"]
    config["MODERATION_HIDE_THRESHOLD"] = 1
    yield
    config["MODERATION_HIDE_THRESHOLD"] = before


def test_a_flag_hides_a_post_until_a_moderator_restores_it(
    browse, server, device, javascript, hide_at_one_flag
):
    title = f"Cold water swimming cured our asthma ({_token(device, javascript)})"
    with server.app_context():
        post = make_post(make_user(), title=title, conditions=("asthma",))
        member = make_user(perspective="patient").username
        moderator = make_user(role="moderator", trust_level=4, perspective="other").username
        post_path = f"/posts/{post.id}"

    reader = browse()
    reader.goto("/conditions/asthma")
    expect(reader.get_by_role("link", name=title)).to_be_visible()

    flagger = browse()
    sign_in(flagger, member)
    flagger.goto(post_path)
    flagger.get_by_text("Flag this post").click()
    flagger.get_by_label("Health misinformation").check()
    flagger.get_by_label("Anything reviewers should know? (optional)").fill("Not a cure.")
    flagger.get_by_role("button", name="Send flag").click()
    expect(flagger.get_by_role("status")).to_contain_text("Your flag is with the reviewers")

    # Hidden at once for everyone else, pending review.
    assert reader.goto(post_path).status == 404
    reader.goto("/conditions/asthma")
    expect(reader.get_by_role("link", name=title)).to_have_count(0)

    mod = browse()
    sign_in(mod, moderator)
    mod.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    item = mod.locator(".queue-item", has=mod.get_by_role("link", name=title))
    expect(item).to_contain_text("Not a cure.")
    expect(item.locator(".badge-status")).to_have_text("Hidden")
    item.get_by_label("Dismiss the flags and restore it").check()
    item.get_by_label("Reason").fill("Opinion, not misinformation.")
    item.get_by_role("button", name="Decide").click()
    expect(mod.get_by_role("status")).to_contain_text("The decision is in the log")
    expect(mod.get_by_role("link", name=title)).to_have_count(0)

    assert reader.goto(post_path).status == 200
    reader.goto("/conditions/asthma")
    expect(reader.get_by_role("link", name=title)).to_be_visible()


def test_a_verified_clinician_labels_a_post_for_everyone(browse, server, device, javascript):
    title = f"Stopping steroids early after a good week ({_token(device, javascript)})"
    with server.app_context():
        make_post(make_user(), title=title, conditions=("lupus",))
        clinician = make_user(
            perspective="clinician", trust_level=2, clinician_verified=True
        ).username

    page = browse()
    sign_in(page, clinician)
    search = page.get_by_role("searchbox", name="Search posts")
    search.fill(title)
    search.press("Enter")
    _open_card(page, title)
    page.get_by_text("Review safety", exact=True).click()
    page.get_by_label("Talk to your care team before trying this").check()
    page.get_by_label("Note for readers").fill("Stopping steroids suddenly can be dangerous.")
    page.get_by_role("button", name="Save safety review").click()
    expect(page.get_by_role("status")).to_contain_text("Safety review saved")

    label = page.locator(".post .safety-care_team")
    expect(label).to_contain_text("Talk to your care team before trying this")
    expect(label).to_contain_text(f"reviewed by {clinician}")

    reader = browse()
    reader.goto("/search?q=" + title.replace(" ", "+").replace("(", "").replace(")", ""))
    card = reader.locator(".card", has=reader.get_by_role("link", name=title))
    expect(card.locator(".safety-care_team")).to_contain_text("Talk to your care team")
