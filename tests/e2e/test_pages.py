"""Every page type, on a desktop and a phone: accessible, locked down, and not broken.

For each page type the browser checks what a person (or their screen reader)
would run into: axe-core finds no serious or critical problem, the
Content-Security-Policy forbids inline script, nothing on the page ran script
it shouldn't or tripped the CSP, there is exactly one h1, and nothing pushes
the page wider than the screen.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import assert_csp_forbids_inline_script, focus_state, sign_in

pytestmark = pytest.mark.e2e


def _go(path: str, status: int = 200, user: str | None = None) -> Callable:
    """A visit: optionally sign in as a world user, then open ``path``."""

    def visit(page: Page, world) -> None:
        if user:
            sign_in(page, getattr(world, user))
        response = page.goto(path.format(w=world))
        assert response is not None and response.status == status, (
            f"{path}: {response.status if response else 'no response'}"
        )
        assert_csp_forbids_inline_script(response)

    return visit


def _login_with_errors(page: Page, world) -> None:
    _go("/auth/login")(page, world)
    page.get_by_label("Username or email address").fill(world.parent)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()


def _register_with_errors(page: Page, world) -> None:
    _go("/auth/register")(page, world)
    page.get_by_label("Username", exact=True).fill("x")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Create my account").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    # Each message in the summary links to its field.
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#username")


def _new_post_with_errors(page: Page, world) -> None:
    _go("/posts/new", user="parent")(page, world)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".field-error").first).to_be_visible()


def _new_post_with_privacy_warning(page: Page, world) -> None:
    _go("/posts/new", user="parent")(page, world)
    page.get_by_label("Title").fill("Our school plan")
    page.get_by_label("What worked for us").check()
    page.get_by_label("Your post").fill("Ring me on 07700 900123 about the school plan.")
    page.get_by_label("Asthma", exact=True).check()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".privacy-warning mark")).to_have_text("07700 900123")


PAGE_TYPES: dict[str, Callable] = {
    "home": _go("/"),
    "condition list": _go("/conditions"),
    "condition page": _go("/conditions/{w.condition_slug}"),
    "condition page (empty)": _go("/conditions/{w.empty_condition_slug}"),
    "post": _go("/posts/{w.hack_id}"),
    "post (care team label)": _go("/posts/{w.change_idea_id}"),
    "post (signed in)": _go("/posts/{w.hack_id}", user="reader"),
    "new post": _go("/posts/new", user="parent"),
    "new post with errors": _new_post_with_errors,
    "new post with privacy warning": _new_post_with_privacy_warning,
    "edit post": _go("/posts/{w.hack_id}/edit", user="parent"),
    "edit comment": _go("/comments/{w.clinician_comment_id}/edit", user="clinician"),
    "password and sign-in": _go("/auth/password", user="reader"),
    "search": _go("/search?q=school"),
    "search (no results)": _go("/search?q=zzzzqqqq"),
    "search (filtered)": _go("/search?q=school&kind=hack&perspective=caregiver"),
    "home (filtered, empty)": _go("/?condition={w.empty_condition_slug}"),
    "profile": _go("/users/{w.parent}"),
    "own profile": _go("/users/{w.parent}", user="parent"),
    "login": _go("/auth/login"),
    "login with errors": _login_with_errors,
    "register": _go("/auth/register"),
    "register with errors": _register_with_errors,
    "moderation queue": _go("/moderation/queue", user="moderator"),
    "moderation log": _go("/moderation/log", user="moderator"),
    "safety reviews": _go("/moderation/reviews", user="moderator"),
    "moderation member": _go("/moderation/users/{w.parent}", user="moderator"),
    "post (moderator)": _go("/posts/{w.question_id}", user="moderator"),
    "forbidden": _go("/moderation/log", status=403, user="reader"),
    "not found": _go("/no-such-page", status=404),
    "post not found": _go("/posts/999999", status=404),
}


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_type_is_accessible_and_safe(page: Page, page_log, device, content, page_type):
    PAGE_TYPES[page_type](page, content)

    assert_accessible(page, page_type, device)
    assert page_log.problems(allowed_fetch=("/posts/preview",)) == []
    expect(page.locator("h1")).to_have_count(1)
    # Landmarks a screen reader jumps between.
    for role in ("banner", "main", "contentinfo"):
        expect(page.get_by_role(role)).to_have_count(1)
    expect(page.locator(".site-header").get_by_role("search")).to_have_count(1)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page_type} is {overflow}px wider than the {device} screen"


def test_skip_link_moves_focus_to_main(page: Page, content):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_focus_is_unmistakably_visible(page: Page, content):
    """A focused link turns yellow with a dark underline, like NHS.UK and GOV.UK."""
    page.goto("/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    focused = page.evaluate(
        """() => {
          const s = getComputedStyle(document.activeElement);
          return {tag: document.activeElement.tagName, bg: s.backgroundColor, shadow: s.boxShadow};
        }"""
    )
    assert focused["tag"] == "A"
    assert focused["bg"] == "rgb(255, 235, 59)"
    assert "rgb(33, 43, 50)" in focused["shadow"]


FOCUS_PAGES = {
    "home": _go("/"),
    "post (signed in)": PAGE_TYPES["post (signed in)"],
    "new post with errors": _new_post_with_errors,
    "edit comment": _go("/comments/{w.clinician_comment_id}/edit", user="clinician"),
    "password and sign-in": _go("/auth/password", user="reader"),
    "search": _go("/search?q=school"),
    "moderation queue": PAGE_TYPES["moderation queue"],
}


@pytest.mark.parametrize("device", ["desktop"])
@pytest.mark.parametrize("page_type", list(FOCUS_PAGES))
def test_every_focus_stop_turns_yellow(page: Page, content, page_type):
    """Tab through the whole page: wherever focus lands, it is plainly visible."""
    FOCUS_PAGES[page_type](page, content)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen: list[str] = []
    for _ in range(250):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state["key"] is None or (seen and state["key"] == seen[0]):
            break  # back to the start of the page
        assert state["yellow"], f"focus is not visible on {state['key']}"
        seen.append(state["key"])
    assert len(seen) >= 5, f"only {len(seen)} focus stops on {page_type}"


def test_static_files_come_from_our_origin_only(page: Page, server, content):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert requested, "the page made no requests at all"
    outside = [url for url in requested if not url.startswith(server.url)]
    assert outside == []
    css = page.request.get("/static/site.css")
    assert css.ok and "text/css" in css.headers["content-type"]
