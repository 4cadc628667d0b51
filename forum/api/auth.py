"""Bearer-token authentication for the JSON API (no cookies, so no CSRF)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from werkzeug.exceptions import Unauthorized

from forum.models import User
from forum.services.accounts import user_for_token


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_api_user() -> User | None:
    """The user of this request's token, looked up once per request."""
    if "api_user" not in g:
        token = _bearer_token()
        g.api_user = user_for_token(token) if token else None
    return g.api_user


def token_required(view: Callable) -> Callable:
    """401 (JSON error object) unless a valid, unrevoked token is sent."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_api_user() is None:
            raise Unauthorized("Send a valid API token: Authorization: Bearer <token>.")
        return view(*args, **kwargs)

    return wrapped
