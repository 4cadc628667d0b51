"""The watchers themselves must catch what they claim to, or every XSS test is hollow.

A page served from the app's own origin (through Playwright routing, so the
real CSP header comes along) runs a same-origin script that calls everything
the trap watches, and tries inline script that the CSP must stop.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

pytestmark = pytest.mark.e2e

EVIL_JS = """
alert('a'); confirm('c'); prompt('p'); print();
fetch('/elsewhere').catch(() => {});
try { eval('1 + 1'); } catch (e) { /* the CSP refuses eval; the attempt is what counts */ }
"""


def _serve(page: Page, server, html: str) -> None:
    def fulfil_page(route: Route) -> None:
        response = route.fetch(url=server.url + "/")  # the app's real headers (CSP)
        route.fulfill(response=response, body=html, content_type="text/html")

    page.route(server.url + "/harness-check", fulfil_page)
    page.route(
        server.url + "/harness-check.js",
        lambda route: route.fulfill(body=EVIL_JS, content_type="text/javascript"),
    )
    page.goto("/harness-check")


def test_trap_records_every_watched_call(page: Page, page_log, server):
    _serve(page, server, '<!doctype html><title>t</title><script src="/harness-check.js"></script>')
    page.wait_for_function("window.__xss.length >= 6")

    entries = page.evaluate("window.__xss")
    called = sorted(entry["fn"] for entry in entries if entry["kind"] == "call")
    assert called == ["alert", "confirm", "eval", "fetch", "print", "prompt"]
    assert len(page_log.executed()) == 6
    # Our own preview endpoint may be fetched; other fetches still count.
    assert len(page_log.executed(allowed_fetch=("/elsewhere",))) == 5
    assert page_log.csp, "eval under a CSP without 'unsafe-eval' must be reported"


def test_inline_script_is_blocked_and_reported(page: Page, page_log, server):
    _serve(
        page,
        server,
        '<!doctype html><title>t</title><script>alert("inline")</script>'
        '<img src="x" onerror="alert(\'handler\')">',
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss.filter(e => e.kind === 'call').length") == 0
    assert page_log.executed() == []
    assert page_log.csp, "the CSP violation went unnoticed"


def test_dialogs_that_bypass_the_trap_are_recorded(page: Page, page_log, server):
    page.goto("/")
    # Call the browser's own alert from a fresh realm, as a vector in an iframe might.
    page.evaluate(
        """() => { const f = document.createElement('iframe');
                   document.body.append(f); f.contentWindow.alert('x'); }"""
    )
    assert page_log.dialogs or page_log.calls, "a dialog from an iframe went unnoticed"
