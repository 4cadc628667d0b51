"""Join, sign in, sign out, change password, sign out everywhere."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.auth import factors, second_step, throttle
from forum.auth.forms import ActionForm, LoginForm, PasswordForm, RegisterForm, SecondFactorForm
from forum.auth.sessions import (
    end_session,
    expire_idle_sign_in,
    here_for_next,
    redirect_after_sign_in,
    safe_next,
    send_to_sign_in,
    start_session,
    write_refusal,
)
from forum.extensions import db, login_manager
from forum.forms import apply_errors
from forum.policy import STAFF_NEED_SECOND_FACTOR, WriteRefused, lacks_staff_factor
from forum.ratelimit_scopes import rate_limited
from forum.ratelimits import done
from forum.services import accounts
from forum.services.errors import ValidationFailed

bp = Blueprint("auth", __name__)

SECOND_FACTOR_FAILED = (
    "That code didn't work. Check the time on your phone is right, type the newest code, "
    "or use one of your recovery codes."
)

# The same words whether the account is unknown or the password is wrong, so
# the page never tells anyone which usernames or addresses have accounts.
SIGN_IN_FAILED = "That username or email address and password don't match. Please try again."


@bp.record_once
def _install_unauthorized_handler(state) -> None:
    login_manager.unauthorized_handler(send_to_sign_in)


bp.before_app_request(expire_idle_sign_in)
# For base.html's "Sign in" and "Join" links, and the ``suspended_notice`` macro.
bp.add_app_template_global(here_for_next)
bp.add_app_template_global(write_refusal)


@bp.record_once
def _send_the_security_log_to_the_error_log(state) -> None:
    # Flask gives the app's logger ("forum") its handler, which writes to the
    # server's error log with the time, when the logger is first used; using it
    # now means forum.security's first line already goes there.
    state.app.logger  # noqa: B018


@bp.route("/register", methods=["GET", "POST"])
@rate_limited("register-attempts", "register", "register-everyone")
def register() -> ResponseReturnValue:
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect_after_sign_in(target)
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(
                username=form.username.data,
                email=form.email.data,
                password=form.password.data,
                perspective=form.perspective.data,
            )
        except ValidationFailed as failure:
            apply_errors(form, failure)
        else:
            done()  # an account was made: it counts against the joining limits
            throttle.trust(user)
            start_session(user, remember=False, new_browser=False)  # it just began here
            flash(f"Welcome to Middle Ground, {user.username}.", "success")
            if form.email.data and form.email.data.strip():  # the same words whoever owns it
                flash("We've sent a link to confirm your email address.", "info")
            # The optional step: conditions to watch, then on to where they were going.
            return redirect(url_for("watching.pick_conditions", next=target))
    return render_template("auth/register.html", form=form, next=target), _form_status()


@bp.route("/login", methods=["GET", "POST"])
@rate_limited("sign-in")
def login() -> ResponseReturnValue:
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect_after_sign_in(target)
    form = LoginForm()
    if form.validate_on_submit():
        user = throttle.sign_in(form.username.data, form.password.data, door="sign-in form")
        if user is None:
            form.form_errors.append(SIGN_IN_FAILED)
        elif factors.has_second_factor(user):
            return second_step.begin(user, remember=bool(form.remember.data), target=target)
        else:
            start_session(user, remember=bool(form.remember.data))
            if refusal := write_refusal(user):  # not "welcome back": say it first
                flash(refusal, "warning")
            else:
                flash(f"Welcome back, {user.username}.", "success")
            if lacks_staff_factor(user):  # staff with a password alone: say how to fix it
                flash(STAFF_NEED_SECOND_FACTOR, "warning")
            return redirect_after_sign_in(target)
    remember_days = current_app.config["REMEMBER_COOKIE_DURATION"].days
    # A failed sign-in is a well-formed request whose answer is "no": 200, not 400.
    return render_template("auth/login.html", form=form, next=target, remember_days=remember_days)


@bp.route("/second-factor", methods=["GET", "POST"])
@rate_limited("sign-in")
def second_factor() -> ResponseReturnValue:
    """After the password: a code from the app or a recovery code (or a passkey, by script)."""
    if current_user.is_authenticated:
        return redirect_after_sign_in(None)
    user = second_step.pending_user()
    if user is None:
        flash("Please sign in again: that sign-in took too long to finish.", "info")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        # Counted as a password try is, in the same buckets: a guessed code is a guessed password.
        attempt = throttle.count_password_check(user, door="second factor")
        if factors.check_code(user, form.code.data):
            throttle.succeeded(attempt)
            db.session.commit()  # the code is spent
            return second_step.finish(user)
        throttle.failed(attempt)
        form.code.errors = [SECOND_FACTOR_FAILED]
    page = render_template(
        "auth/second_factor.html", form=form, user=user, methods=factors.methods(user)
    )
    return page, _form_status()


@bp.post("/logout")
@rate_limited("sign-out")
def logout() -> ResponseReturnValue:
    # CSRFProtect has already checked the token, so a link elsewhere can't sign anyone out.
    if current_user.is_authenticated:
        end_session()
        flash("You're signed out.", "success")
    return redirect(url_for("posts.home"))


@bp.route("/password", methods=["GET", "POST"])
@rate_limited("password")
@login_required
def password() -> ResponseReturnValue:
    user = current_user._get_current_object()
    form = PasswordForm()
    if form.validate_on_submit():
        attempt = throttle.count_password_check(user, door="password form")
        try:
            accounts.change_password(
                user, current=form.current_password.data, new=form.new_password.data
            )
        except ValidationFailed as failure:
            if "current_password" in failure.fields:
                throttle.failed(attempt)
            else:  # the current password was right; the new one wasn't good enough
                throttle.succeeded(attempt)
            apply_errors(form, failure)
        except WriteRefused as refusal:
            form.form_errors.append(refusal.message)
        else:
            throttle.succeeded(attempt)
            # The bump ended every session, this one too; start it again so
            # only the other devices are signed out.
            start_session(user, remember=user.login_remembered, new_browser=False)
            flash(
                "Your password is changed. Any other device you used is now signed out, "
                "and your API tokens no longer work.",
                "success",
            )
            return redirect(url_for("users.profile", username=user.username))
    page = render_template("auth/password.html", form=form, end_form=ActionForm())
    return page, _form_status()


@bp.post("/sessions/end")
@rate_limited("sign-out")
@login_required
def end_sessions() -> ResponseReturnValue:
    user = current_user._get_current_object()
    accounts.end_all_sessions(user)
    # Everything else was just told to forget this account; this browser, where
    # its owner is signed in, stays known, or someone guessing the password
    # right now would keep the owner out too (forum.auth.throttle).
    throttle.trust(user)
    end_session()
    flash(
        "You're signed out on every device, this one included, and your API tokens no longer work.",
        "success",
    )
    return redirect(url_for("auth.login"))


def _form_status() -> int:
    """400 when a sent form comes back with its errors, as on every form here."""
    return 400 if request.method == "POST" else 200
