"""The account page's "Where you're signed in" section and the buttons that end a sign-in.

Ending a sign-in revokes its row (``LoginSession.revoked_at``): the session
loader refuses a revoked row, so the browser holding it is signed out on its
very next request, remember-me cookie and all. Ending this browser's own
sign-in signs it out here and now. Only the member's own sign-ins can be
ended; anyone else's id is a 404, as if it didn't exist. Tokens are revoked
through the profile's route (``users.revoke_token``), listed here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import and_, or_, select, update

from forum.account.hub import section
from forum.auth.forms import ActionForm
from forum.auth.sessions import SEEN_EVERY, end_session
from forum.devices.agents import describe
from forum.extensions import db
from forum.models import MAX_ID, ApiToken, LoginSession, User
from forum.models.timestamps import utcnow
from forum.ratelimit_scopes import rate_limited
from forum.services import accounts
from forum.templating import human_date

bp = Blueprint("devices", __name__)


@dataclass(frozen=True)
class SignIn:
    """One live sign-in as the list shows it."""

    id: int
    device: str  # "Firefox on Windows"
    started_at: datetime
    last_active: str  # "2 hours ago": approximate, noted every few minutes
    address: str | None  # shown to the member alone, until erased
    this_device: bool


@dataclass(frozen=True)
class Token:
    id: int
    label: str
    created_at: datetime
    last_used: str  # "never", "3 days ago"


@section("sessions", "Where you're signed in", "account/_sessions_section.html", order=50)
def _sessions(user: User) -> dict:
    now = utcnow()
    rows = db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user.id, *live_sign_ins(now))
        .order_by(LoginSession.created_at.desc(), LoginSession.id.desc())
    ).all()
    sign_ins = [
        SignIn(
            id=row.id,
            device=describe(row.user_agent),
            started_at=row.created_at,
            last_active=ago(row.last_seen_at or row.created_at, now),
            address=row.address,
            this_device=row.sid == user.login_sid,
        )
        for row in rows
    ]
    sign_ins.sort(key=lambda s: not s.this_device)  # this device first
    tokens = [
        Token(t.id, t.label, t.created_at, ago(t.last_used_at, now) if t.last_used_at else "never")
        for t in db.session.scalars(
            select(ApiToken)
            .where(
                ApiToken.user_id == user.id,
                ApiToken.revoked_at.is_(None),
                ApiToken.session_version == user.session_version,
            )
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    ]
    return {"sign_ins": sign_ins, "tokens": tokens, "end_form": ActionForm()}


def live_sign_ins(now: datetime) -> list:
    """Clauses for the sign-ins that still work: not revoked, not past their
    lifetime, and (without "remember me") not idle for longer than the idle
    timeout, give or take how often activity is noted."""
    config = current_app.config
    idle_cutoff = now - config["SESSION_IDLE_TIMEOUT"] - timedelta(seconds=SEEN_EVERY)
    started = LoginSession.created_at
    seen = LoginSession.last_seen_at
    plain = and_(
        ~LoginSession.remember,
        started > now - accounts.sign_in_lifetime(remember=False),
        or_(seen.is_(None), seen > idle_cutoff),
    )
    kept = and_(LoginSession.remember, started > now - accounts.sign_in_lifetime(remember=True))
    return [LoginSession.revoked_at.is_(None), or_(plain, kept)]


def ago(when: datetime, now: datetime) -> str:
    """Roughly how long ago: "in the last few minutes", "2 hours ago", "3 days ago"."""
    seconds = max(0, (now - when).total_seconds())
    if seconds < SEEN_EVERY:
        return "in the last few minutes"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} minutes ago"
    hours = minutes // 60
    if hours < 24:
        return "an hour ago" if hours == 1 else f"{hours} hours ago"
    days = hours // 24
    if days < 31:
        return "yesterday" if days == 1 else f"{days} days ago"
    return f"on {human_date(when)}"


@bp.post("/account/sessions/<int:session_id>/end")
@rate_limited("sign-out")
@login_required
def end_one(session_id: int) -> ResponseReturnValue:
    user = current_user._get_current_object()
    if not ActionForm().validate_on_submit():
        abort(400)  # only the CSRF token can fail here
    row = db.session.get(LoginSession, session_id) if 0 < session_id <= MAX_ID else None
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        abort(404)
    if row.sid == user.login_sid:
        end_session()  # this browser: signed out here and now
        flash("You're signed out on this device.", "success")
        return redirect(url_for("auth.login"))
    row.revoked_at = utcnow()
    db.session.commit()
    flash(f"Signed out: {describe(row.user_agent)}. That browser must sign in again.", "success")
    return redirect(url_for("account_hub.index", _anchor="sessions"))


@bp.post("/account/sessions/end-others")
@rate_limited("sign-out")
@login_required
def end_others() -> ResponseReturnValue:
    user = current_user._get_current_object()
    if not ActionForm().validate_on_submit():
        abort(400)
    ended = db.session.execute(
        update(LoginSession)
        .where(
            LoginSession.user_id == user.id,
            LoginSession.revoked_at.is_(None),
            LoginSession.sid != user.login_sid,
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if ended:
        flash("You're signed out everywhere else. This device stays signed in.", "success")
    else:
        flash("You weren't signed in anywhere else.", "info")
    return redirect(url_for("account_hub.index", _anchor="sessions"))
