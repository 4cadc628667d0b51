"""``/account/delete``: a member deletes their own account; ``/account/deleted``
says it is done. And the account page's "Delete your account" section.

The password is counted like every other password check (forum.auth.throttle),
then a second factor is asked for when the member has one
(``forum.auth.factors.confirm``: an app or recovery code, or a passkey proved
in the last few minutes). A suspended member may still delete their account:
leaving is a right a suspension doesn't take away.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user

from forum.account.hub import section
from forum.auth import factors, throttle
from forum.deletion.forms import MODES, DeleteAccountForm
from forum.deletion.service import delete_account
from forum.models import User
from forum.ratelimit_scopes import rate_limited
from forum.services import accounts

bp = Blueprint("deletion", __name__)


@section("delete", "Delete your account", "account/_delete_section.html", order=90)
def _delete_section(user: User) -> dict:
    return {}


@bp.route("/account/delete", methods=["GET", "POST"])
@rate_limited("account-delete")
@login_required
def delete() -> ResponseReturnValue:
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    needs_code = factors.has_second_factor(user)
    if form.validate_on_submit() and _checked(user, form, needs_code):
        delete_account(user, mode=form.mode.data)
        logout_user()
        return redirect(url_for("deletion.done"), code=303)
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "deletion/delete.html",
        form=form,
        needs_code=needs_code,
        name_days=_name_days(),
    )
    return page, status


def _checked(user: User, form: DeleteAccountForm, needs_code: bool) -> bool:
    """Password (counted), then the second factor, then the choice; errors on the form."""
    if form.mode.data not in MODES:
        form.mode.errors = ["Choose whether to keep or remove what you wrote."]
        return False
    attempt = throttle.count_password_check(user, door="account deletion")
    if not accounts.password_matches(user, form.password.data):
        throttle.failed(attempt)
        form.password.errors = ["That isn't your password."]
        return False
    throttle.succeeded(attempt)
    if needs_code and not factors.passkey_recently_proved(user):
        # A code is a guess like a password: counted the same way.
        attempt = throttle.count_password_check(user, door="account deletion code")
        if not factors.confirm(user, form.code.data):
            throttle.failed(attempt)
            form.code.errors = ["That code isn't right. Use a current code or an unused one."]
            return False
    return True


@bp.get("/account/deleted")
def done() -> ResponseReturnValue:
    return render_template("deletion/done.html", name_days=_name_days())


def _name_days() -> int:
    return current_app.config["DELETED_NAME_DAYS"]
