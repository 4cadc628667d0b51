"""Shared pieces of the moderation tests: the cast of people, signing in, counting."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ApiToken, Comment, Post, User
from forum.models.timestamps import utcnow
from forum.models.token import hash_token
from moderation.models import Flag, ModerationAction
from tests.factories import login_id, make_comment, make_post, make_user
from tests.pages import page_text as text_of  # noqa: F401  (re-exported for the moderation tests)

# Everyone the tests need, by the part they play. Accounts are a month old, so
# only "newbie" is inside the first-day limits.
CAST = {
    "newbie": {"trust_level": 0},
    "member": {"trust_level": 1},
    "regular": {"trust_level": 2},
    "steward": {"trust_level": 3},
    "clinician": {"trust_level": 1, "perspective": "clinician", "clinician_verified": True},
    "moderator": {"trust_level": 1, "role": "moderator"},
    "admin": {"trust_level": 1, "role": "admin"},
    "author": {"trust_level": 1},
    # A moderator under suspension: their sign-in and tokens may only read.
    "suspended": {"trust_level": 3, "role": "moderator"},
}
ROLES = (
    "anonymous", "newbie", "regular", "steward", "clinician", "moderator", "admin", "suspended",
)  # fmt: skip


@contextmanager
def ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def setup_cast(app: Flask, *names: str) -> dict[str, int]:
    """Create the named people (all of CAST by default); returns username -> id."""
    ids = {}
    with ctx(app):
        for name in names or CAST:
            fields = dict(CAST[name])
            user = make_user(name, **fields)
            if name != "newbie":
                user.created_at = utcnow() - timedelta(days=30)
            if name == "suspended":
                user.suspended_until = utcnow() + timedelta(days=7)
                user.suspension_reason = "Cooling off"
            db.session.commit()
            ids[name] = user.id
    return ids


def user(name: str) -> User:
    """Inside an app context: the user called ``name``."""
    return db.session.scalar(select(User).where(User.username == name))


def sign_in(client: FlaskClient, name: str | None) -> FlaskClient:
    """Sign ``client`` in as ``name`` (None: signed out) without paying for scrypt."""
    with client.session_transaction() as session:
        session.clear()
        if name is not None:
            with client.application.app_context():
                session["_user_id"] = login_id(user(name))
            session["_fresh"] = True
    return client


def token_for(app: Flask, name: str) -> str:
    """A live API token for ``name``, as if made before anything happened to the
    account (a suspended member can't make one now, but keeps the old ones)."""
    raw = secrets.token_urlsafe(32)
    with ctx(app):
        db.session.add(ApiToken(user=user(name), token_hash=hash_token(raw), label="test"))
        db.session.commit()
    return raw


def new_post(app: Flask, author: str = "author", **fields) -> int:
    with ctx(app):
        return make_post(user(author), **fields).id


def new_comment(app: Flask, post_id: int, author: str = "member", body: str = "Thank you!") -> int:
    with ctx(app):
        return make_comment(db.session.get(Post, post_id), user(author), body).id


def status_of(app: Flask, model, row_id: int) -> str:
    with ctx(app):
        return db.session.get(model, row_id).status


def post_status(app: Flask, post_id: int) -> str:
    return status_of(app, Post, post_id)


def comment_status(app: Flask, comment_id: int) -> str:
    return status_of(app, Comment, comment_id)


def log_rows(app: Flask) -> list[tuple[str, str, int, int | None]]:
    """Every audit row as (action, target type, target id, actor id), oldest first."""
    with ctx(app):
        rows = db.session.execute(
            select(
                ModerationAction.action,
                ModerationAction.target_type,
                ModerationAction.target_id,
                ModerationAction.actor_id,
            ).order_by(ModerationAction.id)
        )
        return [tuple(r) for r in rows]


def flag_count(app: Flask, **where) -> int:
    with ctx(app):
        query = select(func.count()).select_from(Flag)
        for name, value in where.items():
            query = query.where(getattr(Flag, name) == value)
        return db.session.scalar(query)


def token_in(html: str, name: str = "csrf_token") -> str:
    """The CSRF token of the form field ``name`` on a page."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]+)"', html) or re.search(
        rf'value="([^"]+)"[^>]*name="{name}"', html
    )
    assert match, f"no {name} on the page"
    return match.group(1)


def flag_via_web(client: FlaskClient, post_id: int, reason: str = "spam", note: str = ""):
    return client.post(f"/moderation/posts/{post_id}/flag", data={"reason": reason, "note": note})
