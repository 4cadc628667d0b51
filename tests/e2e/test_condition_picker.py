"""The post form's condition picker in a real browser: grouped checkboxes, a
filter box with JavaScript, plain checkboxes without, by keyboard, on a phone.

Tests that take ``page`` run on the desktop and the phone viewport.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import a11y
from tests.e2e.actions import register, tab_to

pytestmark = pytest.mark.e2e

TITLE = "A bathroom pass the school accepted"
BODY = "The nurse wrote a note and the teachers stopped asking questions."


def _picker(page: Page):
    return page.locator("[data-condition-picker]")


def _group(page: Page, name: str):
    return _picker(page).get_by_role("group", name=name, exact=True)


def _fill_the_rest(page: Page, title: str = TITLE) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("What worked for us").check()
    page.get_by_label("Your post").fill(BODY)


def _expect_published_with(page: Page, title: str, conditions: list[str]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".post-head .chips").get_by_role("link")).to_have_text(conditions)


def test_the_filter_finds_conditions_by_name_and_synonym(page: Page, page_log, device):
    register(page)
    page.goto("/posts/new")
    picker = _picker(page)
    box = picker.get_by_label("Filter conditions")
    expect(box).to_be_visible()
    expect(_group(page, "Joint and immune conditions")).to_contain_text(
        "Juvenile idiopathic arthritis"
    )

    box.fill("crohns")  # a synonym, without the apostrophe
    expect(picker.get_by_label("Crohn's disease")).to_be_visible()
    expect(picker.get_by_label("Asthma", exact=True)).to_be_hidden()
    expect(_group(page, "Digestive conditions")).to_be_visible()
    expect(_group(page, "Heart conditions")).to_be_hidden()
    expect(picker.get_by_role("status")).to_have_text("1 condition matches.")
    picker.get_by_label("Crohn's disease").check()

    box.press("Enter")  # must not send the form
    expect(page.locator(".error-summary")).to_have_count(0)
    box.fill("ibd")  # a parent's synonym finds its kinds too
    expect(picker.get_by_role("status")).to_have_text("4 conditions match.")
    expect(picker.get_by_label("Ulcerative colitis")).to_be_visible()

    box.fill("zzz")
    expect(picker.get_by_text("No condition matches that.")).to_be_visible()
    box.press("Escape")  # clears the filter: everything is back
    expect(box).to_have_value("")
    expect(picker.get_by_label("Asthma", exact=True)).to_be_visible()

    box.fill("t1d")
    picker.get_by_label("Type 1 diabetes").check()
    expect(picker.locator(".picker-chosen")).to_have_text(
        "Chosen: Crohn's disease, Type 1 diabetes."
    )
    box.fill("")
    a11y.assert_accessible(page, "new post: condition picker", device)

    _fill_the_rest(page)
    page.get_by_role("button", name="Publish").click()
    _expect_published_with(page, TITLE, ["Crohn's disease", "Type 1 diabetes"])
    assert page_log.problems(allowed_fetch=("/posts/preview", "/drafts")) == []


def test_a_filtered_page_and_an_error_page_are_accessible(page: Page, device):
    register(page)
    page.goto("/posts/new")
    _picker(page).get_by_label("Filter conditions").fill("heart")
    expect(_group(page, "Heart conditions")).to_be_visible()
    a11y.assert_accessible(page, "new post: picker filtered", device)

    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.locator(".error-summary").get_by_role("link", name="Choose between 1 and 5").click()
    expect(page.locator("#conditions")).to_be_focused()
    a11y.assert_accessible(page, "new post: picker with an error", device)


def test_without_javascript_the_picker_is_plain_grouped_checkboxes(new_context, device):
    context, log = new_context(javascript=False)
    page = context.new_page()
    register(page)
    page.goto("/posts/new")
    picker = _picker(page)
    expect(picker.get_by_label("Filter conditions")).to_be_hidden()
    expect(_group(page, "Heart conditions")).to_contain_text("Heart failure")
    expect(_group(page, "Hormone conditions")).to_contain_text("Type 1 diabetes")
    expect(_group(page, "Kidney conditions")).not_to_contain_text("Heart failure")

    picker.get_by_label("Heart failure").check()
    picker.get_by_label("Juvenile idiopathic arthritis").check()
    page.get_by_role("button", name="Publish").click()  # no title: the form comes back
    expect(page.locator(".error-summary")).to_be_visible()
    expect(picker.get_by_label("Heart failure")).to_be_checked()
    expect(picker.get_by_label("Juvenile idiopathic arthritis")).to_be_checked()

    _fill_the_rest(page, "Pacing the school day")
    page.get_by_role("button", name="Publish").click()
    _expect_published_with(
        page, "Pacing the school day", ["Heart failure", "Juvenile idiopathic arthritis"]
    )
    assert log.problems() == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_conditions_are_picked_by_keyboard_only(new_context, javascript):
    context, log = new_context(javascript=javascript)
    page = context.new_page()
    register(page)
    page.goto("/posts/new")

    tab_to(page, "#title")
    page.keyboard.type("Keyboard only: a seizure diary")
    tab_to(page, "input[name='kind']")
    page.keyboard.press("Space")
    tab_to(page, "#body")
    page.keyboard.type(BODY)
    if javascript:  # the filter, then Tab to the first condition it leaves
        tab_to(page, "#conditions-filter")
        page.keyboard.type("dravet")
        page.keyboard.press("Enter")  # harmless: the form stays
        page.keyboard.press("Tab")
        expect(page.locator("#conditions-dravet-syndrome")).to_be_focused()
    else:
        tab_to(page, "#conditions-dravet-syndrome")
    page.keyboard.press("Space")
    expect(page.locator("#conditions-dravet-syndrome")).to_be_checked()
    tab_to(page, "[type=submit][name=submit]")
    page.keyboard.press("Enter")

    _expect_published_with(page, "Keyboard only: a seizure diary", ["Dravet syndrome"])
    assert log.problems(allowed_fetch=("/posts/preview", "/drafts")) == []


@pytest.mark.parametrize("device", ["phone"])
def test_on_a_phone_every_condition_is_a_big_tap_target(page: Page, device):
    register(page)
    page.goto("/posts/new")
    rows = _picker(page).locator(".picker-choice")
    sizes = rows.evaluate_all(
        """rows => rows.map(row => {
             const r = row.getBoundingClientRect();
             const box = row.querySelector('input').getBoundingClientRect();
             return {name: row.textContent.trim(), width: r.width, height: r.height,
                     box: Math.min(box.width, box.height), right: r.right};
           })"""
    )
    assert len(sizes) >= 27
    small = [s for s in sizes if s["height"] < 24 or s["width"] < 24 or s["box"] < 24]
    assert small == []
    assert max(s["right"] for s in sizes) <= 390  # nothing runs off the screen

    _picker(page).get_by_label("Filter conditions").fill("asthma")
    _picker(page).get_by_text("Asthma", exact=True).tap()  # the row's words tick its box
    expect(_picker(page).get_by_label("Asthma", exact=True)).to_be_checked()
    a11y.assert_accessible(page, "new post: condition picker", device)


@pytest.mark.parametrize("device", ["desktop"])
def test_the_picker_says_when_more_are_ticked_than_a_post_takes(page: Page, device):
    register(page)
    page.goto("/posts/new")
    picker = _picker(page)
    for name in ("Asthma", "Lupus", "Epilepsy", "Heart failure", "Type 1 diabetes"):
        picker.get_by_label(name, exact=True).check()
    expect(picker.locator(".picker-chosen")).not_to_contain_text("at most")
    picker.get_by_label("Other conditions").check()
    expect(picker.locator(".picker-chosen")).to_contain_text("That is 6: please choose at most 5.")
    _fill_the_rest(page)
    page.get_by_role("button", name="Publish").click()  # the server refuses it too, ticks kept
    expect(page.locator(".error-summary")).to_contain_text("Choose between 1 and 5 conditions.")
    expect(picker.locator("input:checked")).to_have_count(6)
