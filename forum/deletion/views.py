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
from forum.auth import factors
from forum.deletion.confirm import confirm_leaving
from forum.deletion.forms import DeleteAccountForm
from forum.deletion.service import delete_account
from forum.forms import apply_errors
from forum.models import User
from forum.ratelimit_scopes import rate_limited
from forum.services.errors import ValidationFailed

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
    if form.validate_on_submit():
        try:
            mode = confirm_leaving(
                user,
                password=form.password.data,
                code=form.code.data,
                mode=form.mode.data,
                door="account deletion",
            )
        except ValidationFailed as failure:
            apply_errors(form, failure)
        else:
            delete_account(user, mode=mode)
            logout_user()
            return redirect(url_for("deletion.done"), code=303)
    page = render_template(
        "deletion/delete.html",
        form=form,
        needs_code=factors.has_second_factor(user),
        name_days=_name_days(),
    )
    return page, 400 if form.is_submitted() else 200


@bp.get("/account/deleted")
def done() -> ResponseReturnValue:
    return render_template("deletion/done.html", name_days=_name_days())


def _name_days() -> int:
    return current_app.config["DELETED_NAME_DAYS"]
