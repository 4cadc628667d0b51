"""The second step of signing in, for members with a second factor.

The password was right, but the browser is not signed in yet: the session
holds only who is half-way (``PENDING``), for ``PENDING_SECONDS``, with the
account's session version (a new password or "sign out everywhere" meanwhile
voids it). Any one factor finishes it: an app code or a recovery code on the
form here, or a passkey (``forum.passkeys``), each calling :func:`finish`.
"""

from __future__ import annotations

import time

from flask import flash, redirect, session, url_for
from werkzeug.wrappers import Response

from forum.auth import throttle
from forum.auth.sessions import redirect_after_sign_in, start_session, write_refusal
from forum.extensions import db
from forum.models import MAX_ID, User

PENDING = "_second_step"
PENDING_SECONDS = 300


def begin(
    user: User, *, remember: bool, target: str | None, new_browser: bool | None = None
) -> Response:
    """The password was right: remember who is half-way and ask for the second factor.

    ``new_browser``: whether this browser is new to the account, when the caller
    judged it before changing what makes a browser known (a password reset).
    """
    if new_browser is None:
        new_browser = not throttle.is_known_browser(user)
    session.pop("_user_id", None)
    session[PENDING] = {
        "user": user.id,
        "version": user.session_version,
        "remember": bool(remember),
        "next": target,
        "at": int(time.time()),
        # Before the password step's success renews this browser's device cookie.
        "new_browser": new_browser,
    }
    return redirect(url_for("auth.second_factor"))


def pending_user() -> User | None:
    """Who this browser is half-way through signing in as, or None (expired, voided, none)."""
    state = session.get(PENDING)
    if not isinstance(state, dict):
        return None
    user_id, at = state.get("user"), state.get("at")
    if not isinstance(user_id, int) or not isinstance(at, int) or not 0 < user_id <= MAX_ID:
        return None
    if time.time() - at > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != state.get("version"):
        session.pop(PENDING, None)
        return None
    return user


def finish(user: User) -> Response:
    """The second factor was right: sign ``user`` in as the first step asked."""
    state = session.get(PENDING) or {}
    start_session(  # a fresh session: PENDING goes
        user,
        remember=bool(state.get("remember")),
        new_browser=state.get("new_browser") is not False,
    )
    if refusal := write_refusal(user):
        flash(refusal, "warning")
    else:
        flash(f"Welcome back, {user.username}.", "success")
    target = state.get("next")
    return redirect_after_sign_in(target if isinstance(target, str) else None)
