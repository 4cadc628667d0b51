"""Passkey routes: the account's list (rename, remove) and the JSON of each ceremony.

``bp`` holds the pages and forms; ``ceremony_bp`` the JSON that
static/js/passkeys.js talks to: for each ceremony, ``POST /passkeys/options``
starts it and a second POST hands in the browser's answer. Those answer JSON
even when refused (a missing CSRF token, a full rate-limit bucket), so the
script can say what went wrong. The CSRF token travels in ``X-CSRFToken``.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.auth import factors, second_step, throttle
from forum.auth.sessions import safe_next, start_session, write_refusal
from forum.errors import json_error
from forum.extensions import db
from forum.forms import apply_errors
from forum.models import User
from forum.passkeys import ceremonies, keys
from forum.passkeys.ceremonies import CONFIRM, SECOND_STEP, SIGN_IN, CeremonyFailed
from forum.passkeys.forms import NameForm
from forum.ratelimit_scopes import rate_limited
from forum.services.errors import NotAllowed, ValidationFailed

bp = Blueprint("passkeys", __name__)
ceremony_bp = Blueprint("passkey_ceremonies", __name__)

# For templates/passkeys/_confirm.html: whether to offer "Confirm with your passkey".
bp.add_app_template_global(factors.has_passkey, "has_passkey")

SIGNED_IN_ALREADY = "You're already signed in."
SIGN_IN_AGAIN = "Please sign in again: that sign-in took too long to finish."


def _refused_as_json(message: str, *args, **kwargs) -> ResponseReturnValue:
    """A full rate-limit bucket, told to the script in JSON."""
    return json_error(429, message)


@ceremony_bp.errorhandler(HTTPException)
def _http_error_as_json(exc: HTTPException) -> ResponseReturnValue:
    """The script reads JSON, so a refused request (a stale CSRF token) answers JSON."""
    if isinstance(exc, CSRFError):
        message = "This page has expired. Reload it and try again."
    else:
        message = exc.description or exc.name
    response, status = json_error(exc.code or 500, message)
    response.status_code = status
    for name, value in exc.get_headers():  # Retry-After, Allow, ...
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def _body() -> dict:
    """The request's JSON object, or its form (the route walks send forms)."""
    data = request.get_json(silent=True) if request.is_json else None
    if isinstance(data, dict):
        return data
    return request.form.to_dict()


def _chosen(value: object) -> bool:
    return value is True or value in ("y", "yes", "on", "true", "1")


# ---------- starting a ceremony ----------


@ceremony_bp.post("/passkeys/options")
@rate_limited("passkey-options", refused=_refused_as_json)
def options() -> ResponseReturnValue:
    """What the browser needs to make or prove a passkey; the challenge waits in the session."""
    purpose = _body().get("for")
    if purpose not in ceremonies.PURPOSES:
        return json_error(400, "Say what the passkey is for.")
    if purpose == SIGN_IN:
        if current_user.is_authenticated:
            return json_error(400, SIGNED_IN_ALREADY)
        answer = ceremonies.authentication_options(SIGN_IN, None)
    elif purpose == SECOND_STEP:
        if current_user.is_authenticated:
            return json_error(400, SIGNED_IN_ALREADY)
        user = second_step.pending_user()
        if user is None or not factors.has_passkey(user):
            return json_error(400, SIGN_IN_AGAIN)
        answer = ceremonies.authentication_options(SECOND_STEP, user)
    else:
        if not current_user.is_authenticated:
            return json_error(401, "Please sign in first.")
        user = current_user._get_current_object()
        if purpose == CONFIRM:
            if not factors.has_passkey(user):
                return json_error(400, "You have no passkey to confirm with.")
            answer = ceremonies.authentication_options(CONFIRM, user)
        else:
            answer = ceremonies.registration_options(user)
    return Response(answer, mimetype="application/json")


# ---------- finishing one ----------


@ceremony_bp.post("/account/passkeys")
@rate_limited("passkeys", refused=_refused_as_json)
def add() -> ResponseReturnValue:
    """Save the passkey the browser just made, under the name typed or its browser's."""
    if not current_user.is_authenticated:
        return json_error(401, "Please sign in first.")
    user = current_user._get_current_object()
    body = _body()
    try:
        new = ceremonies.verify_registration(user, body.get("credential"))
        passkey = keys.add(user, new, body.get("name"), user_agent=request.user_agent.string)
    except CeremonyFailed as failure:
        return json_error(400, failure.message)
    except ValidationFailed as failure:
        return json_error(400, next(iter(failure.fields.values())), fields=failure.fields)
    except NotAllowed as refusal:
        return json_error(refusal.status, refusal.message)
    db.session.commit()
    flash(
        f"Your passkey “{passkey.name}” is added. You can sign in with it alone, and after "
        "your password you'll be asked for it (or your app code) as a second step.",
        "success",
    )
    return jsonify(redirect=url_for("account_hub.index", _anchor="passkeys"))


@ceremony_bp.post("/passkeys/sign-in")
@rate_limited("sign-in", refused=_refused_as_json)
def sign_in() -> ResponseReturnValue:
    """Sign in with a passkey alone: it names its account, and proves a person who unlocked it."""
    if current_user.is_authenticated:
        return json_error(400, SIGNED_IN_ALREADY)
    body = _body()
    credential = body.get("credential")
    claimed = ceremonies.claimed_passkey(credential)
    owner = db.session.get(User, claimed.user_id) if claimed is not None else None
    # Counted as a password try on the account it names, in the same buckets.
    attempt = throttle.count_password_check(owner, door="passkey") if owner else None
    try:
        ceremonies.verify_assertion(SIGN_IN, None, credential)
    except CeremonyFailed as failure:
        db.session.rollback()
        if attempt is not None:
            throttle.failed(attempt)
        return json_error(400, failure.message)
    throttle.succeeded(attempt)
    db.session.commit()  # the sign count moved on
    start_session(owner, remember=_chosen(body.get("remember")))
    if refusal := write_refusal(owner):
        flash(refusal, "warning")
    else:
        flash(f"Welcome back, {owner.username}.", "success")
    return jsonify(redirect=safe_next(body.get("next")) or url_for("posts.home"))


@ceremony_bp.post("/passkeys/second-step", endpoint="second_step")
@rate_limited("sign-in", refused=_refused_as_json)
def second_step_view() -> ResponseReturnValue:
    """After the password: a passkey as the second factor, for whoever is half-way."""
    if current_user.is_authenticated:
        return json_error(400, SIGNED_IN_ALREADY)
    user = second_step.pending_user()
    if user is None:
        return json_error(400, SIGN_IN_AGAIN)
    try:
        with throttle.counted(user, door="second factor (passkey)", refused=CeremonyFailed):
            ceremonies.verify_assertion(SECOND_STEP, user, _body().get("credential"))
    except CeremonyFailed as failure:
        return json_error(400, failure.message)
    db.session.commit()
    return jsonify(redirect=second_step.finish(user).location)


@ceremony_bp.post("/account/passkeys/confirm")
@rate_limited("passkeys", refused=_refused_as_json)
def confirm() -> ResponseReturnValue:
    """Prove a passkey again before something that can't be undone (forum.auth.factors.confirm)."""
    if not current_user.is_authenticated:
        return json_error(401, "Please sign in first.")
    user = current_user._get_current_object()
    try:
        with throttle.counted(user, door="confirming (passkey)", refused=CeremonyFailed):
            ceremonies.verify_assertion(CONFIRM, user, _body().get("credential"))
    except CeremonyFailed as failure:
        return json_error(400, failure.message)
    db.session.commit()
    factors.note_passkey_proved(user)
    minutes = factors.REAUTH_SECONDS // 60
    return jsonify(
        confirmed=True,
        message=f"Confirmed with your passkey. Finish within {minutes} minutes.",
    )


# ---------- the list: rename, remove ----------


@bp.route("/account/passkeys/<int:passkey_id>/rename", methods=["GET", "POST"])
@rate_limited("passkeys")
@login_required
def rename(passkey_id: int) -> ResponseReturnValue:
    user = current_user._get_current_object()
    passkey = keys.owned(user, passkey_id)
    if passkey is None:
        abort(404)
    form = NameForm(data={"name": passkey.name} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            keys.rename(passkey, form.name.data)
        except ValidationFailed as failure:
            apply_errors(form, failure)
        else:
            db.session.commit()
            flash(f"Your passkey is now called “{passkey.name}”.", "success")
            return redirect(url_for("account_hub.index", _anchor="passkeys"))
    status = 400 if request.method == "POST" else 200
    return render_template("passkeys/rename.html", form=form, passkey=passkey), status


@bp.post("/account/passkeys/<int:passkey_id>/remove")
@rate_limited("passkeys")
@login_required
def remove(passkey_id: int) -> ResponseReturnValue:
    # CSRFProtect has checked the token (templates: ActionForm's hidden tag).
    user = current_user._get_current_object()
    passkey = keys.owned(user, passkey_id)
    if passkey is None:
        abort(404)
    name = passkey.name
    try:
        keys.remove(user, passkey)
    except NotAllowed as refusal:
        abort(refusal.status, refusal.message)
    db.session.commit()
    flash(
        f"Your passkey “{name}” is removed. Remove it from the device too, "
        "in its passkey or password settings.",
        "success",
    )
    return redirect(url_for("account_hub.index", _anchor="passkeys"))
