"""``/account/two-factor``: set up the authenticator app, new recovery codes, turn it off.

Setting up is two steps so that a GET never writes: a button makes a new
secret (kept in ``User.totp_secret`` while ``totp_enabled_at`` is None), then
the set-up page shows it as a QR code and as text and asks for the code the
app shows; the right code turns it on and the ten recovery codes are shown,
once, in that answer. Every code typed here is counted like a password try
(``forum.auth.throttle``): a guessed code is a guessed password.
"""

from __future__ import annotations

import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from markupsafe import Markup

from forum.auth import factors, throttle
from forum.auth.forms import ActionForm
from forum.extensions import db
from forum.forms import apply_errors
from forum.models import User
from forum.policy import lacks_staff_factor
from forum.ratelimit_scopes import rate_limited
from forum.services.errors import ValidationFailed
from forum.twofactor import enrolment, recovery, totp
from forum.twofactor.forms import AppCodeForm, CodeForm

bp = Blueprint("twofactor", __name__)
# The error page links staff refused their tools here (templates/errors/error.html).
bp.add_app_template_global(lacks_staff_factor)


@bp.get("/account/two-factor")
@login_required
def settings() -> ResponseReturnValue:
    user = _me()
    return _settings_page(user)


@bp.post("/account/two-factor/start")
@rate_limited("two-factor")
@login_required
def begin() -> ResponseReturnValue:
    """A new secret to set up (again): the old, unconfirmed one stops working."""
    user = _me()
    if not ActionForm().validate_on_submit():
        flash("Your form expired. Please try again.", "error")
        return redirect(url_for("twofactor.settings"), code=303)
    try:
        enrolment.begin(user)
    except ValidationFailed as failure:
        flash(failure.fields["code"], "info")
        return redirect(url_for("twofactor.settings"), code=303)
    db.session.commit()
    return redirect(url_for("twofactor.setup"), code=303)


@bp.route("/account/two-factor/setup", methods=["GET", "POST"], endpoint="setup")
@rate_limited("two-factor")
@login_required
def setup() -> ResponseReturnValue:
    """The QR code and the secret as text; the first right code turns the app on."""
    user = _me()
    secret = enrolment.pending_secret(user)
    if secret is None:  # already on, or never started: the settings page says which
        return redirect(url_for("twofactor.settings"), code=303)
    form = AppCodeForm()
    if form.validate_on_submit():
        try:
            with throttle.counted(user, door="two-factor set-up", refused=ValidationFailed):
                codes = enrolment.turn_on(user, form.code.data)
        except ValidationFailed as failure:
            apply_errors(form, failure)
        else:
            db.session.commit()
            return _codes_page(codes, turned_on=True)
    page = render_template(
        "twofactor/setup.html",
        form=form,
        qr=_qr_svg(totp.provisioning_uri(user, secret)),
        secret=totp.grouped(secret),
    )
    return page, _status()


@bp.post("/account/two-factor/recovery-codes")
@rate_limited("two-factor")
@login_required
def new_codes() -> ResponseReturnValue:
    user = _me()
    form = CodeForm(prefix="renew")
    if not factors.has_totp(user):
        return redirect(url_for("twofactor.settings"), code=303)
    if form.validate_on_submit():
        try:
            with throttle.counted(user, door="new recovery codes", refused=ValidationFailed):
                codes = enrolment.new_recovery_codes(user, form.code.data)
        except ValidationFailed as failure:
            apply_errors(form, failure)
        else:
            db.session.commit()
            return _codes_page(codes, turned_on=False)
    return _settings_page(user, renew_form=form), 400


@bp.post("/account/two-factor/off")
@rate_limited("two-factor")
@login_required
def turn_off() -> ResponseReturnValue:
    user = _me()
    form = CodeForm(prefix="off")
    if not factors.has_totp(user):
        return redirect(url_for("twofactor.settings"), code=303)
    if form.validate_on_submit():
        try:
            with throttle.counted(user, door="turning two-factor off", refused=ValidationFailed):
                enrolment.turn_off(user, form.code.data)
        except ValidationFailed as failure:
            apply_errors(form, failure)
        else:
            db.session.commit()
            flash(
                "Two-factor sign-in is off. Your password alone now opens your account.",
                "success",
            )
            return redirect(url_for("twofactor.settings"), code=303)
    return _settings_page(user, off_form=form), 400


def _me() -> User:
    return current_user._get_current_object()


def _settings_page(user: User, *, renew_form=None, off_form=None) -> str:
    return render_template(
        "twofactor/settings.html",
        user=user,
        on=factors.has_totp(user),
        remaining=recovery.remaining(user) if factors.has_totp(user) else 0,
        must_keep=factors.staff_would_lose_the_last(user, factors.TOTP),
        start_form=ActionForm(),
        renew_form=renew_form or CodeForm(prefix="renew", formdata=None),
        off_form=off_form or CodeForm(prefix="off", formdata=None),
        staff_refused=lacks_staff_factor(user),
    )


def _codes_page(codes: list[str], *, turned_on: bool) -> str:
    """The recovery codes, shown this once (the page is no-store, as every signed-in page)."""
    return render_template(
        "twofactor/recovery_codes.html",
        codes=codes,
        turned_on=turned_on,
        as_text="".join(f"{code}\n" for code in codes),
    )


def _qr_svg(uri: str) -> Markup:
    """The ``otpauth://`` URI as an inline SVG QR code, drawn here (no script, no request)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=4, svgclass="totp-qr-code", lineclass=None, dark="#000", light="#fff"
    )
    # An image with a name for screen readers (the secret as text follows it).
    label = 'role="img" aria-label="QR code for your authenticator app"'
    svg = svg.replace("<svg ", f"<svg {label} ", 1)
    return Markup(svg)  # noqa: S704 — segno's output from our own URI, never user text


def _status() -> int:
    return 400 if request.method == "POST" else 200
