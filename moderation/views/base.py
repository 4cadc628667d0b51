"""The /moderation blueprint and its one guard.

Every route declares who may use it with ``@allow(rule)``; the blueprint's
single ``before_request`` looks the rule up and refuses anything without one,
so a route that forgets to declare is closed, not open (Lobsters' pattern of
one base controller, turned into deny-by-default).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, request
from flask_login import current_user

from forum.extensions import db, login_manager
from forum.models import User
from forum.policy import STAFF_NEED_SECOND_FACTOR, WriteRefused, lacks_staff_factor
from forum.services.errors import NotAllowed, ValidationFailed
from moderation.policy import suspension_message
from moderation.queue import scope_for
from moderation.retag import can_retag
from moderation.reviews import can_safety_review

bp = Blueprint("moderation", __name__)

RULES: dict[str, Callable[[User], bool]] = {
    # A suspended member's sign-in reads and signs out; nothing here is for them.
    "member": lambda user: not user.is_suspended(),
    "reviewer": lambda user: bool(scope_for(user)),
    "safety": can_safety_review,
    "retag": can_retag,
    "moderator": lambda user: user.is_moderator and not user.is_suspended(),
    "admin": lambda user: user.is_admin and not user.is_suspended(),
}
ACCESS_ATTRIBUTE = "moderation_access"


def allow(rule: str) -> Callable:
    """Declare who may use a route (one of RULES); the guard enforces it."""
    if rule not in RULES:
        raise ValueError(f"unknown access rule {rule!r}")

    def mark(view: Callable) -> Callable:
        setattr(view, ACCESS_ATTRIBUTE, rule)
        return view

    return mark


def access_rule(endpoint: str | None) -> str | None:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, ACCESS_ATTRIBUTE, None)


@bp.before_request
def guard():
    rule = access_rule(request.endpoint)
    if rule is None:
        abort(403)  # no declared rule: closed
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not RULES[rule](current_user):
        if current_user.is_suspended():  # say why, and until when
            abort(403, suspension_message(current_user))
        if lacks_staff_factor(current_user):  # say how to get their staff tools back
            abort(403, STAFF_NEED_SECOND_FACTOR)
        abort(403)
    return None


def safe_next(default: str) -> str:
    """The form's ``next`` if it is a path on this site, else ``default``."""
    target = request.form.get("next") or request.args.get("next") or ""
    # Browsers drop tabs and newlines and read a backslash as "/", so
    # "/<tab>/evil.example" would leave the site: only plain local paths pass.
    if any(ch < " " or ch == "\\" for ch in target):
        return default
    if target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return default


def run_action(action: Callable[[], object], *, success: str, back: str):
    """Run a service call; flash the outcome and go back.

    Refusals a person can fix or should read (bad input, a conflict, a
    suspension) come back as a message on the page they came from; acting
    outside one's rights is a 403 page.
    """
    try:
        action()
    except (ValidationFailed, NotAllowed, WriteRefused) as exc:
        db.session.rollback()  # a refused use case changes nothing
        if isinstance(exc, ValidationFailed):
            for message in exc.fields.values():  # every field's problem, not just the first
                flash(message, "error")
        elif isinstance(exc, NotAllowed) and exc.status == 403:
            abort(403, description=exc.message)
        else:
            flash(exc.message, "error")
    else:
        flash(success, "success")
    return redirect(safe_next(back), code=303)


def form_errors_message(form) -> str:
    for messages in form.errors.values():
        if messages:
            return messages[0]
    return "Please check the form and try again."


def refuse_invalid_form(form, back: str):
    flash(form_errors_message(form), "error")
    return redirect(safe_next(back), code=303)
