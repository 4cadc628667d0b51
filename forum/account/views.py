"""Email settings, the links sent by email, and "Forgot your password?".

- ``/account/email``: the member's address (add, change, remove: the current
  password is asked), resend the confirmation link, and how they hear by email;
- ``/account/email/confirm/<token>``: the link that confirms an address;
- ``/auth/forgot`` and ``/auth/reset/<token>``: password reset by email, the
  same answer whether or not an account matches;
- ``/email/unsubscribe/<token>``: RFC 8058 one-click unsubscribe. A GET only
  shows a button (mail scanners follow links); the POST, from that button or
  straight from a mail client, is authenticated by the signed token and so
  takes no CSRF token.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum import ratelimits
from forum.account.forms import (
    EmailAddressForm,
    EmailModeForm,
    ForgotPasswordForm,
    ResetPasswordForm,
)
from forum.auth import factors, second_step, throttle
from forum.auth.forms import ActionForm
from forum.auth.sessions import start_session
from forum.extensions import csrf
from forum.forms import apply_errors
from forum.mail import tokens
from forum.models import User
from forum.ratelimit_scopes import rate_limited
from forum.services import accounts, email_address
from forum.services.errors import ValidationFailed

bp = Blueprint("account", __name__)

BAD_LINK = "This link doesn't work"


@bp.route("/account/email", methods=["GET", "POST"])
@rate_limited("email-settings")
@login_required
def email() -> ResponseReturnValue:
    user = current_user._get_current_object()
    if request.method == "GET":
        return _settings_page(user)
    form = EmailAddressForm()
    if form.validate_on_submit():
        attempt = throttle.count_password_check(user, door="email settings")
        try:
            waiting = email_address.change_address(
                user, email=form.email.data, current_password=form.current_password.data
            )
        except ValidationFailed as failure:
            if "current_password" in failure.fields:
                throttle.failed(attempt)
            else:
                throttle.succeeded(attempt)
            apply_errors(form, failure)
        else:
            throttle.succeeded(attempt)
            if waiting:
                flash(
                    f"We've sent a link to {waiting}. Follow it within "
                    f"{_hours_words()} to confirm the address.",
                    "success",
                )
            elif user.email is None:
                flash("Your email address is removed. We won't email you.", "success")
            else:
                flash("Your email address is unchanged.", "info")
            return redirect(url_for("account.email"))
    return _settings_page(user, address_form=form, status=400)


@bp.post("/account/email/mode")
@rate_limited("email-settings")
@login_required
def email_mode() -> ResponseReturnValue:
    user = current_user._get_current_object()
    form = EmailModeForm()
    if form.validate_on_submit():
        try:
            email_address.set_mode(user, form.email_mode.data)
        except ValidationFailed as failure:
            apply_errors(form, failure)
        else:
            flash("Your email choice is saved.", "success")
            return redirect(url_for("account.email"))
    return _settings_page(user, mode_form=form, status=400)


@bp.post("/account/email/resend")
@rate_limited("email-confirm")
@login_required
def resend_confirmation() -> ResponseReturnValue:
    user = current_user._get_current_object()
    form = ActionForm()
    if not form.validate_on_submit():
        return _settings_page(user, status=400)
    address = email_address.resend_confirmation(user)
    if address:
        flash(f"We've sent a new link to {address}.", "success")
    else:
        flash("There's no address waiting to be confirmed.", "info")
    return redirect(url_for("account.email"))


@bp.get("/account/email/confirm/<token>")
def confirm_email(token: str) -> ResponseReturnValue:
    user = email_address.confirm(token)
    if user is None:
        return _bad_link(
            "It may have expired, or you may have asked for another address since. "
            "Sign in and ask for a new link from your email settings.",
            again=("account.email", "Go to your email settings"),
        )
    return render_template("account/confirmed.html", user=user)


def _settings_page(
    user: User,
    *,
    address_form: EmailAddressForm | None = None,
    mode_form: EmailModeForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    address_form = address_form or EmailAddressForm(
        formdata=None, data={"email": user.email_pending or user.email}
    )
    mode_form = mode_form or EmailModeForm(formdata=None, data={"email_mode": user.email_mode})
    page = render_template(
        "account/email.html",
        user=user,
        address_form=address_form,
        mode_form=mode_form,
        resend_form=ActionForm(),
        confirmed=email_address.is_confirmed(user),
        awaiting=email_address.awaiting_confirmation(user),
    )
    return page, status


# ---------- password reset ----------


@bp.route("/auth/forgot", methods=["GET", "POST"])
@rate_limited("password-reset", "sign-in")
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if request.method == "GET":
        return render_template("auth/forgot.html", form=form, sent=False)
    if form.validate_on_submit():
        login = form.login.data
        if not isinstance(login, str) or not login.strip():
            form.login.errors = ["Enter your username or email address."]
        elif len(login) > 254:
            form.login.errors = ["That is longer than any username or email address."]
        else:
            ratelimits.hit("password-reset-name", throttle.name_bucket(login))
            email_address.request_password_reset(login)
            # The same page, status and message whether or not an account matched.
            return render_template("auth/forgot.html", form=form, sent=True)
    return render_template("auth/forgot.html", form=form, sent=False), 400


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
@rate_limited("sign-in")
def reset_password(token: str) -> ResponseReturnValue:
    user = tokens.read_reset(token)
    if user is None:
        return _bad_link(
            "Reset links work once, for an hour, and stop working when the password "
            "changes. You can ask for a new one.",
            again=("account.forgot_password", "Ask for a new link"),
        )
    form = ResetPasswordForm()
    if request.method == "POST" and form.validate_on_submit():
        # Judged before the new password withdraws every browser's trust.
        new_browser = not throttle.is_known_browser(user)
        try:
            accounts.reset_password(user, form.new_password.data)
        except ValidationFailed as failure:
            apply_errors(form, failure)
        else:
            throttle.trust(user)
            if factors.has_second_factor(user):
                # An email link proves the mailbox, not the second factor: a
                # stolen mailbox alone must not open the account.
                flash("Your password is changed. Every other device is signed out.", "success")
                return second_step.begin(user, remember=False, target=None, new_browser=new_browser)
            # Every other sign-in ended with the old password; this browser starts afresh.
            start_session(user, remember=False, new_browser=new_browser)
            flash(
                "Your password is changed and you're signed in. Every other device "
                "is signed out, and your API tokens no longer work.",
                "success",
            )
            return redirect(url_for("posts.home"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/reset.html", form=form, user=user, token=token), status


# ---------- one-click unsubscribe ----------


@bp.route("/email/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail client POSTs with no session; the signed token is the proof
@rate_limited("unsubscribe")
def unsubscribe(token: str) -> ResponseReturnValue:
    user = tokens.read_unsubscribe(token)
    if user is None:
        return _bad_link(
            "The unsubscribe link may have been cut short. You can choose which emails "
            "you get from your email settings.",
            again=("account.email", "Go to your email settings"),
        )
    if request.method == "POST":
        email_address.unsubscribe(user)
        return render_template("account/unsubscribe.html", user=user, done=True, token=token)
    return render_template("account/unsubscribe.html", user=user, done=False, token=token)


def _bad_link(detail: str, *, again: tuple[str, str]) -> ResponseReturnValue:
    """A link that names nothing (tampered, expired, spent): 404, saying what to do."""
    endpoint, label = again
    page = render_template(
        "account/bad_link.html",
        title=BAD_LINK,
        detail=detail,
        again_url=url_for(endpoint),
        again_label=label,
    )
    return page, 404


def _hours_words() -> str:
    hours = int(current_app.config["EMAIL_CONFIRM_HOURS"])
    return f"{hours} hours" if hours != 1 else "an hour"
