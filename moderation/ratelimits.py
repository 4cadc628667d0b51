"""Rate limits on sign-in, registration and every kind of write, web and API alike.

Applied from ``moderation.init_app`` to the forum's endpoints by name, so the
forum's views carry no limiter code. Limits are read from the app's config on
each request (``MODERATION_RATELIMIT_*``), which keeps the decorated limits
identical across apps in one process (the limiter is a module-level object).
Buckets are shared where one action has two doors: posting on the web and
through the API count together, and so do signing in and asking for a token.
``RATELIMIT_ENABLED = False`` turns every one of them off.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum.extensions import limiter
from forum.text import clean_line, username_key

DEFAULTS = {
    "MODERATION_RATELIMIT_LOGIN_ADDRESS": "10 per minute;60 per hour",
    "MODERATION_RATELIMIT_LOGIN_ACCOUNT": "5 per minute;20 per hour",
    "MODERATION_RATELIMIT_REGISTER": "3 per hour;10 per day",
    "MODERATION_RATELIMIT_POST": "5 per 10 minutes;30 per day",
    "MODERATION_RATELIMIT_EDIT": "20 per 10 minutes;100 per day",
    "MODERATION_RATELIMIT_COMMENT": "6 per minute;60 per hour",
    "MODERATION_RATELIMIT_OUTCOME": "10 per minute;60 per hour",
    "MODERATION_RATELIMIT_FLAG": "10 per minute;50 per day",
    "MODERATION_RATELIMIT_RETAG": "10 per minute;100 per day",
}

_MESSAGES = {
    "login-address": "Too many sign-in attempts from your connection. Please wait and try again.",
    "login-account": "Too many sign-in attempts for this account. Please wait and try again.",
    "register": "Too many new accounts from your connection. Please try again later.",
    "post": "You're posting very quickly. Please wait a little before sharing another post.",
    "edit": "You're editing very quickly. Please wait a little and try again.",
    "comment": "You're commenting very quickly. Please wait a little and try again.",
    "outcome": "You're reporting very quickly. Please wait a little and try again.",
    "flag": "You're flagging very quickly. Please wait a little; reviewers have your flags.",
    "retag": "You're changing conditions and tags very quickly. Please wait a little.",
}


def address_key() -> str:
    return f"addr:{get_remote_address()}"


def account_key() -> str:
    """The account being signed in to (form or JSON), so guessing one account's
    password from many addresses is limited too."""
    login = request.form.get("username")
    if login is None and request.is_json:
        body = request.get_json(silent=True)
        login = body.get("username") if isinstance(body, dict) else None
    if not isinstance(login, str) or not clean_line(login):
        return address_key()
    return "account:" + username_key(clean_line(login))[:254]


def actor_key() -> str:
    """Writes are counted per member (session or API token), else per address."""
    user = None
    if request.path.startswith("/api/"):
        from forum.api.auth import current_api_user

        user = current_api_user()
    elif current_user.is_authenticated:
        user = current_user
    return f"user:{user.id}" if user is not None else address_key()


@cache
def _configured(name: str) -> Callable[[], str]:
    # One function per setting for the whole process: the limiter keeps
    # decorated limits in a set, so identical ones from each new app collapse.
    def provider() -> str:
        return current_app.config[name]

    provider.__name__ = f"limit_{name.lower()}"
    return provider


# scope -> (setting, key function); a scope is one shared bucket.
_SCOPES = {
    "login-address": ("MODERATION_RATELIMIT_LOGIN_ADDRESS", address_key),
    "login-account": ("MODERATION_RATELIMIT_LOGIN_ACCOUNT", account_key),
    "register": ("MODERATION_RATELIMIT_REGISTER", address_key),
    "post": ("MODERATION_RATELIMIT_POST", actor_key),
    "edit": ("MODERATION_RATELIMIT_EDIT", actor_key),
    "comment": ("MODERATION_RATELIMIT_COMMENT", actor_key),
    "outcome": ("MODERATION_RATELIMIT_OUTCOME", actor_key),
    "flag": ("MODERATION_RATELIMIT_FLAG", actor_key),
    "retag": ("MODERATION_RATELIMIT_RETAG", actor_key),
}

# endpoint -> scopes. Only POSTs count: reading a form is never limited.
ENDPOINT_SCOPES = {
    "auth.login": ("login-address", "login-account"),
    "api.create_token": ("login-address", "login-account"),
    "auth.register": ("register",),
    "posts.new": ("post",),
    "api.create_post": ("post",),
    "posts.edit": ("edit",),
    "api.edit_post": ("edit",),
    "posts.add_comment": ("comment",),
    "api.add_comment": ("comment",),
    "posts.report_outcome": ("outcome",),
    "api.report_outcome": ("outcome",),
    "moderation.flag_post": ("flag",),
    "moderation.flag_comment": ("flag",),
    "moderation_api.flag_post": ("flag",),
    "moderation_api.flag_comment": ("flag",),
    "moderation.retag_post": ("retag",),
}


def apply(app: Flask) -> list[str]:
    """Wrap every listed endpoint this app has; returns the endpoints limited."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    limited = []
    for endpoint, scopes in ENDPOINT_SCOPES.items():
        view = app.view_functions.get(endpoint)
        if view is None:
            continue  # not built (yet): nothing to limit
        for scope in scopes:
            setting, key_func = _SCOPES[scope]
            view = limiter.shared_limit(
                _configured(setting),
                scope=scope,
                key_func=key_func,
                methods=["POST"],
                error_message=_MESSAGES[scope],
            )(view)
        app.view_functions[endpoint] = view
        limited.append(endpoint)
    return limited
