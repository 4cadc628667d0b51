"""Shared by the rate-limit tests: an app with limits on, and what a 429 must say."""

from __future__ import annotations

from flask import Flask

import forum.ratelimit_scopes  # noqa: F401  (the scopes, known before any app is built)
import moderation.ratelimits  # noqa: F401
from forum.ratelimits import SCOPES
from tests.pages import page_text


def limited_app(make_app, config: dict | None = None, **limits: str) -> Flask:
    """An app with rate limits on (and ``config``); ``sign_in="3 per minute"`` sets the
    "sign-in" scope."""
    settings = {SCOPES[name.replace("_", "-")].setting: value for name, value in limits.items()}
    return make_app(RATELIMIT_ENABLED=True, **(config or {}), **settings)


def assert_friendly_429(response, words: str) -> None:
    """A 429 with Retry-After that says ``words``: a page for people (the error page,
    or a writing form brought back as typed, saying when to try again), the JSON
    error for the API."""
    assert response.status_code == 429, response.status_code
    assert int(response.headers["Retry-After"]) > 0
    if response.is_json:
        error = response.get_json()["error"]
        assert error["code"] == "rate_limited" and words in error["message"], error
    else:
        page = page_text(response)
        refused = "Too many tries" in page or "You can try again in" in page
        assert refused and words in page, page[:2000]
