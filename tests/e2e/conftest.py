"""Fixtures for the real-browser tests: one live server and one Chromium per run.

Every test gets a fresh browser context (its own cookies) on the desktop or
the phone viewport; ``device`` is parametrized, so a test that asks for
``page`` runs on both. Without Chromium the whole directory is skipped with a
reason pytest prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

from tests.e2e import summary
from tests.e2e.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEVICES,
    SKIP_REASON,
    LiveServer,
    PageLog,
    chromium_available,
    watch,
)


def pytest_collection_modifyitems(config, items) -> None:
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if not str(item.path).startswith(here):
            continue
        item.add_marker(pytest.mark.e2e)
        if not chromium_available():
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))
            summary.SKIPPED.append(item.nodeid)  # said at the end (tests/conftest.py)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("e2e-server")).start()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def content(server: LiveServer) -> SimpleNamespace:
    """A small shared world for pages that need something on them.

    A caregiver's hack on Crohn's disease with comments, "I tried this"
    reports and a low-risk safety review, and a clinician who reviewed it.
    Tests only read it; a test that changes things builds its own.
    """
    from tests.e2e.world import build_world

    with server.app_context():
        return build_world()


@pytest.fixture(autouse=True)
def _no_server_errors(server: LiveServer) -> Iterator[None]:
    """Nothing a browser sends may end in a 500: fail the test that caused one."""
    before = len(server.errors)
    yield
    new = server.errors[before:]
    assert not new, f"the server raised during this test: {new!r}"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=list(DEVICES))
def device(request) -> str:
    """'desktop' (1280x800) or 'phone' (390x844): tests using it run on both."""
    return request.param


@pytest.fixture
def new_context(browser, server: LiveServer, device: str):
    """Open more browser contexts (another user, JavaScript off) on the same device."""
    opened = []

    def _open(javascript: bool = True):
        context = browser.new_context(
            base_url=server.url, java_script_enabled=javascript, **DEVICES[device]
        )
        context.set_default_timeout(10_000)
        log = watch(context)
        opened.append(context)
        return context, log

    yield _open
    for context in opened:
        context.close()


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request) -> bool:
    """Journeys run twice: with JavaScript, and as a browser without it."""
    return request.param


@pytest.fixture
def browse(request, new_context, javascript):
    """Open a page for one person (each has their own cookies); afterwards check
    that no script ran that shouldn't. A test module lets script fetch the
    addresses in its ``ALLOWED_FETCH`` (the live preview's, say)."""
    allowed = getattr(request.module, "ALLOWED_FETCH", ())
    logs = []

    def _open() -> Page:
        context, log = new_context(javascript=javascript)
        logs.append(log)
        return context.new_page()

    yield _open
    for log in logs:
        assert log.problems(allowed_fetch=allowed) == []


@pytest.fixture
def _page_and_log(new_context):
    context, log = new_context()
    return context.new_page(), log


@pytest.fixture
def page(_page_and_log):
    """A page on a fresh context, watched for executed script and CSP violations."""
    return _page_and_log[0]


@pytest.fixture
def page_log(_page_and_log) -> PageLog:
    return _page_and_log[1]
