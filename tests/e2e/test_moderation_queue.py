"""The review queue and members' requests in a real browser.

A moderator works the queue most harmful first and approves without writing a
reason; a clinician asks to be verified and a moderator approves; a member
proposes a missing condition and it appears under Conditions once approved.
Each runs on a desktop and a phone, with JavaScript on and off, and the new
pages pass axe. What a journey needs that isn't the journey itself (flags,
other people's posts) is made through the services; every step a person takes
goes through the pages.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from forum.extensions import db
from forum.models import Post
from moderation.flags import flag
from tests.e2e import a11y
from tests.e2e.actions import sign_in
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


def _token(device: str, javascript: bool) -> str:
    return f"{device} {'scripted' if javascript else 'plain'} run{next(_run)}"


def _open_queue(page: Page) -> None:
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    if not nav.get_by_role("link", name="Review queue").is_visible():
        page.goto("/moderation/queue")  # the phone's collapsed menu: same page
    else:
        nav.get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")


def _axe(page: Page, page_type: str, device: str, javascript: bool) -> None:
    """axe runs as a script, so only where the context allows scripts; the page's
    HTML is the same without them."""
    if javascript:
        a11y.assert_accessible(page, page_type, device)


def _item(page: Page, title: str):
    return page.locator(".queue-item", has=page.get_by_role("heading", name=title))


def test_the_queue_puts_harm_first_and_approves_without_a_reason(
    browse, server, device, javascript
):
    run = _token(device, javascript)
    titles = {
        "off_topic": f"Our favourite holiday cottages ({run})",
        "unsafe": f"Stop the steroids as soon as you feel better ({run})",
        "privacy": f"The nurse at her school knows ({run})",
        "pending": f"Our clinic's leaflet on pump straps ({run})",
    }
    with server.app_context():
        author = make_user()
        posts = {k: make_post(author, title=t) for k, t in titles.items() if k != "pending"}
        flaggers = [make_user(trust_level=3) for _ in range(2)]
        for flagger in flaggers:  # the heaviest flags, but only off topic
            flag(flagger, posts["off_topic"], reason="off_topic")
        flag(make_user(trust_level=1), posts["unsafe"], reason="unsafe_advice")
        flag(make_user(trust_level=0), posts["privacy"], reason="privacy")
        pending = make_post(make_user(trust_level=0), title=titles["pending"], status="pending")
        pending_id = pending.id
        pending_path = f"/posts/{pending_id}"
        moderator = make_user(role="moderator", trust_level=4, perspective="other").username

    page = browse()
    sign_in(page, moderator)
    _open_queue(page)
    _axe(page, "moderation queue", device, javascript)
    order = page.locator(".queue-item h2").all_inner_texts()
    position = {k: next(i for i, text in enumerate(order) if t in text) for k, t in titles.items()}
    assert position["unsafe"] < position["off_topic"]
    assert position["privacy"] < position["off_topic"]
    expect(_item(page, titles["unsafe"])).to_contain_text("Could cause harm")
    expect(_item(page, titles["off_topic"])).not_to_contain_text("Could cause harm")

    item = _item(page, titles["pending"])
    item.get_by_label("Approve and publish").check()
    item.get_by_role("button", name="Decide").click()  # no reason written
    expect(page.get_by_role("status")).to_contain_text("The decision is in the log")
    expect(_item(page, titles["pending"])).to_have_count(0)
    with server.app_context():
        assert db.session.get(Post, pending_id).status == "published"

    reader = browse()
    assert reader.goto(pending_path).status == 200


def test_a_clinician_asks_to_be_verified_and_a_moderator_approves(
    browse, server, device, javascript
):
    with server.app_context():
        clinician = make_user(perspective="clinician", trust_level=1).username
        moderator = make_user(role="moderator", trust_level=4, perspective="other").username
    number = f"NMC{next(_run):05d}X"

    page = browse()
    sign_in(page, clinician)
    page.goto(f"/users/{clinician}")
    page.get_by_role("link", name="Request clinician verification").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request clinician verification")
    _axe(page, "verification request form", device, javascript)
    page.get_by_role("button", name="Send request").click()  # empty: says what's missing
    expect(page.locator(".error-summary")).to_contain_text("Enter your role or profession")
    page.get_by_label("Your role or profession").fill("Paediatric diabetes nurse")
    page.get_by_label("Registration body").fill("Nursing and Midwifery Council")
    page.get_by_label("Registration number").fill(number)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("status")).to_contain_text("A moderator will check the register")
    expect(page.locator(".request-pending")).to_contain_text("Waiting for a moderator")
    _axe(page, "your requests", device, javascript)

    mod = browse()
    sign_in(mod, moderator)
    _open_queue(mod)
    item = _item(mod, f"{clinician} asks to be verified as a clinician")
    expect(item).to_contain_text(number)
    item.get_by_label("Approve").check()
    item.get_by_role("button", name="Decide").click()
    expect(mod.get_by_role("status")).to_contain_text("The decision is in the log")

    reader = browse()
    reader.goto(f"/users/{clinician}")
    expect(reader.locator(".badge-verified")).to_have_text("Verified clinician")
    expect(reader.locator("body")).not_to_contain_text(number)  # never shown publicly
    page.goto("/moderation/requests")
    expect(page.locator(".request-approved")).to_contain_text("Approved")


def test_a_member_proposes_a_condition_that_appears_after_approval(
    browse, server, device, javascript
):
    name = f"Proposed syndrome {next(_run)} {device} {'js' if javascript else 'plain'}"
    with server.app_context():
        member = make_user(perspective="caregiver").username
        moderator = make_user(role="moderator", trust_level=4, perspective="other").username

    page = browse()
    sign_in(page, member)
    page.goto("/conditions")
    page.get_by_role("link", name="Propose a condition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a condition")
    _axe(page, "condition proposal form", device, javascript)
    page.get_by_label("The condition's name").fill(name)
    page.get_by_label("Where it belongs").select_option(value="asthma")
    page.get_by_label("Other names for it (optional)").fill("PS, proposal syndrome")
    page.get_by_label("Why it belongs in the catalogue").fill("Families here ask about it.")
    page.get_by_role("button", name="Send proposal").click()
    expect(page.get_by_role("status")).to_contain_text("once approved it appears")

    reader = browse()
    reader.goto("/conditions")
    expect(reader.get_by_role("link", name=name)).to_have_count(0)

    mod = browse()
    sign_in(mod, moderator)
    _open_queue(mod)
    item = _item(mod, name)
    expect(item).to_contain_text("Families here ask about it.")
    item.get_by_label("Approve").check()
    item.get_by_role("button", name="Decide").click()
    expect(mod.get_by_role("status")).to_contain_text("The decision is in the log")

    reader.goto("/conditions")
    link = reader.get_by_role("link", name=name)
    expect(link).to_be_visible()
    link.click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text(name)
