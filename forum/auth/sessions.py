"""Starting and ending a browser's session, and where to send people afterwards.

Sessions are signed cookies, so the server can't delete one; what ends them
is the login id inside (``User.get_id``): it names this sign-in (a
``LoginSession`` row, revoked on sign-out) and the member's session version
(bumped by ``accounts.end_all_sessions`` and ``accounts.change_password``).
So a copy of the session or remember-me cookie dies with the sign-out. Here
we look after this one browser: a fresh session on sign-in (so a session
planted before sign-in is worthless), the remember-me cookie, and safe
redirects.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from forum.auth import throttle
from forum.devices import notice
from forum.errors import json_error, wants_json
from forum.extensions import login_manager
from forum.models import User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.security import remember_cookie_name
from forum.services import accounts
from forum.templating import duration_words

_NEXT_MAX = 2000
SEEN = "_seen"  # session key: when this browser last made a request (epoch seconds)
# Refresh it at most this often (so most pages set no cookie), and at most a
# 24th of the idle timeout: the stamp lags the last request by less than that,
# so a sign-in ends after between 23/24 of the timeout and the timeout itself.
SEEN_EVERY = 300


def has_remember_cookie() -> bool:
    return remember_cookie_name() in request.cookies


def start_session(user: User, *, remember: bool, new_browser: bool | None = None) -> None:
    """Sign ``user`` in to this browser with a brand-new session (and a new sign-in).

    ``new_browser``: whether to tell the member "new sign-in" (forum.devices.notice).
    None, for every door that signs in: when this browser has no device cookie
    vouching for them (read before this sign-in renews it). The second step
    passes what the password step saw; a re-start after a password change and
    a brand-new account pass False.
    """
    if new_browser is None:
        new_browser = not throttle.is_known_browser(user)
    if current_user.is_authenticated:  # whatever this browser was signed in as ends
        accounts.end_login_session(current_user._get_current_object())
    _fresh_session()
    # Before login_user: it stores user.get_id(), which names this sign-in.
    accounts.open_login_session(
        user,
        remember=remember,
        user_agent=request.user_agent.string,
        address=request.remote_addr,
    )
    login_user(user, remember=remember)
    session[SEEN] = _now()
    if new_browser:
        notice.announce(user)
    if not remember and has_remember_cookie():
        # A remember-me cookie from an earlier sign-in belongs to that one, and
        # this person asked not to be remembered: have Flask-Login delete it.
        session["_remember"] = "clear"


def expire_idle_sign_in() -> None:
    """Sign out a browser whose sign-in (without "remember me") saw no request for
    ``SESSION_IDLE_TIMEOUT``. The time of the last request travels in the signed
    session cookie, refreshed every few minutes rather than on every request;
    each refresh also notes it on the sign-in's row, for the account page's
    "last active" (so reading pages writes to the database only that often)."""
    if "_user_id" not in session or request.endpoint == "static":
        return
    if not current_user.is_authenticated:
        return
    user = current_user._get_current_object()
    now, seen = _now(), session.get(SEEN)
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    if not isinstance(seen, int):  # a session from before this rule, or one remembered
        session[SEEN] = now  # its row is noted at the next refresh, a few minutes on
    elif user.login_remembered:  # no idle limit: only "last active" to keep
        if now - seen >= SEEN_EVERY:
            session[SEEN] = now
            accounts.note_session_seen(user, utcnow())
    elif now - seen > idle.total_seconds():
        end_session()
        flash(
            f"You were signed out after {duration_words(idle.total_seconds())} without activity, "
            "to keep your account safe. Please sign in again.",
            "info",
        )
    elif now - seen >= min(SEEN_EVERY, idle.total_seconds() / 24):
        session[SEEN] = now
        accounts.note_session_seen(user, utcnow())


def _now() -> int:
    return int(time.time())


def end_session() -> None:
    """Sign this browser out, revoking its sign-in, and forget everything in its session."""
    if current_user.is_authenticated:
        accounts.end_login_session(current_user._get_current_object())
    _fresh_session()
    logout_user()  # after the clear: it marks the remember-me cookie for deletion


def _fresh_session() -> None:
    session.clear()
    # The CSRF token cached for this request was signed from the old session's
    # secret; drop it so any form rendered from here on gets a matching one.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def safe_next(target: object) -> str | None:
    """``target`` if it is a path on this site, else None.

    Only relative paths pass: no scheme, no host, no ``//`` or ``/\\`` that a
    browser would read as another host, no control characters.
    """
    if not isinstance(target, str) or not target or len(target) > _NEXT_MAX:
        return None
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def here_for_next() -> str | None:
    """Where the site's "Sign in" and "Join" links should bring a visitor back to.

    This page, validated like any ``next``; on the sign-in and join pages
    themselves, the ``next`` they were given (so going from one to the other
    keeps it). Only a page can be come back to: after a POST, nothing.
    """
    if request.blueprint == "auth":
        return safe_next(request.args.get("next"))
    if request.method not in ("GET", "HEAD"):
        return None
    here = safe_next(request.script_root + request.full_path.rstrip("?"))
    return None if here == url_for("posts.home") else here  # where sign-in lands anyway


def write_refusal(user: object) -> str | None:
    """Why ``user`` may write nothing now (a suspension), in the write policy's
    own words; None for visitors and for members who may write."""
    if not getattr(user, "is_authenticated", False):
        return None
    return get_policy().standing_refusal(user)


def refused_status() -> int:
    """403 when the signed-in member may write nothing now: a write form's page
    then shows the reason in place of the form (the ``suspended_notice`` macro).
    Otherwise 200."""
    return 403 if write_refusal(current_user._get_current_object()) else 200


def redirect_after_sign_in(target: str | None) -> Response:
    return redirect(target or url_for("posts.home"))


def send_to_sign_in() -> ResponseReturnValue:
    """Flask-Login's unauthorized handler: sign in, then come back here."""
    if wants_json():
        return json_error(401, "Send a valid API token: Authorization: Bearer <token>.")
    flash(login_manager.login_message, login_manager.login_message_category)
    # Only a page can be come back to; after a POST the form would be lost anyway.
    here = None
    if request.method in ("GET", "HEAD"):
        here = safe_next(request.script_root + request.full_path.rstrip("?"))
    return redirect(url_for("auth.login", next=here))
