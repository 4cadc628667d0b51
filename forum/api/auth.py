"""Bearer-token authentication for the JSON API (no cookies, so no CSRF).

The API never looks at the browser session: a signed-in cookie must not let a
page on another site write through the API, so every helper here reads only
the ``Authorization`` header, and readers without a token are anonymous.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_login import AnonymousUserMixin
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import NotFound, Unauthorized

from forum.models import Comment, Post, User
from forum.posts import queries as posts_queries
from forum.services.accounts import user_for_token

BAD_TOKEN = "Send a valid API token: Authorization: Bearer <token>."


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def unauthorized(message: str = BAD_TOKEN) -> Unauthorized:
    """A 401 that tells the client which scheme to use (RFC 6750)."""
    return Unauthorized(message, www_authenticate=WWWAuthenticate("bearer"))


def current_api_user() -> User | None:
    """The user of this request's token, looked up once per request."""
    if "api_user" not in g:
        token = _bearer_token()
        g.api_user = user_for_token(token) if token else None
    return g.api_user


def api_viewer() -> User | AnonymousUserMixin:
    """Who is reading: the token's user, or anonymous when no token is sent.

    A token that is sent but unknown or revoked is a 401 rather than a silent
    downgrade to anonymous, so a client notices at once that its token died.
    """
    user = current_api_user()
    if user is not None:
        return user
    if _bearer_token() is not None:
        raise unauthorized()
    return AnonymousUserMixin()


def token_required(view: Callable) -> Callable:
    """401 (JSON error object) unless a valid, unrevoked token is sent."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_api_user() is None:
            raise unauthorized()
        return view(*args, **kwargs)

    return wrapped


def visible_post_or_404(post_id: int) -> Post:
    """The post, if the API caller may see it; otherwise 404 (never 403: that
    would confirm that a hidden post exists)."""
    try:
        return posts_queries.visible_post_or_404(post_id, api_viewer())
    except NotFound:
        raise NotFound("There is no post with that id.") from None


def visible_comment_or_404(comment_id: int) -> Comment:
    """The comment, if the API caller may see it and its post; otherwise 404."""
    try:
        return posts_queries.visible_comment_or_404(comment_id, api_viewer())
    except NotFound:
        raise NotFound("There is no comment with that id.") from None
