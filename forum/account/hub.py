"""``/account``: one page for everything about a member's account.

Each part of an account (email, password, second factors, passkeys, where
you are signed in, export, deletion) is a *section*: a template and a
function that loads what it shows. A part registers its section with
:func:`section` from its own module, so this page doesn't change when one is
added, and each section's forms post to that part's own routes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.models import User

bp = Blueprint("account_hub", __name__)


@dataclass(frozen=True)
class Section:
    key: str  # the page anchor: /account#<key>
    title: str
    template: str  # rendered with ``user`` and what ``load`` returns
    load: Callable[[User], dict]
    order: int


SECTIONS: dict[str, Section] = {}


def section(key: str, title: str, template: str, *, order: int):
    """Register the decorated ``load(user) -> dict`` as the account page's section ``key``."""

    def register(load: Callable[[User], dict]) -> Callable[[User], dict]:
        SECTIONS[key] = Section(key, title, template, load, order)
        return load

    return register


@bp.get("/account")
@login_required
def index() -> ResponseReturnValue:
    user = current_user._get_current_object()
    parts = [(s, s.load(user)) for s in sorted(SECTIONS.values(), key=lambda s: s.order)]
    return render_template("account/index.html", user=user, parts=parts)


@section("email", "Email", "account/_email_section.html", order=10)
def _email(user: User) -> dict:
    from forum.services import email_address

    return {
        "confirmed": email_address.is_confirmed(user),
        "awaiting": email_address.awaiting_confirmation(user),
    }


@section("password", "Password", "account/_password_section.html", order=20)
def _password(user: User) -> dict:
    return {}
