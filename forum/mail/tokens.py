"""The signed tokens in email links: confirm an address, reset a password, unsubscribe.

All are signed with the app's SECRET_KEY (itsdangerous), each kind with its own
salt, so a token of one kind is never accepted as another. What each is bound to:

- confirmation: the member and the address, for EMAIL_CONFIRM_HOURS; a link
  for an address the member has since replaced names an address that is no
  longer theirs to confirm and is refused by the service;
- password reset: the member and a fingerprint of their password hash and
  session version, for PASSWORD_RESET_MINUTES. Using it changes both, and so
  does a password change or "sign out everywhere": the link works once;
- unsubscribe: the member alone, without expiry, so the link in an old email
  still stops the mail (RFC 8058 one-click).
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer, URLSafeTimedSerializer

from forum.extensions import db
from forum.models import MAX_ID, User

_TOKEN_MAX = 400  # far longer than any token made here; longer input is not even parsed


def confirmation_token(user: User, address: str) -> str:
    return _timed("forum.email-confirm").dumps({"u": user.id, "e": address})


def read_confirmation(token: object) -> tuple[User, str] | None:
    """(member, address) a live confirmation token names, or None."""
    data = _load(_timed("forum.email-confirm"), token, hours=_hours("EMAIL_CONFIRM_HOURS"))
    if data is None or not isinstance(data.get("e"), str):
        return None
    user = _user(data.get("u"))
    return (user, data["e"]) if user is not None else None


def reset_token(user: User) -> str:
    return _timed("forum.password-reset").dumps({"u": user.id, "f": _fingerprint(user)})


def read_reset(token: object) -> User | None:
    """The member a live, unused reset token names, or None."""
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    data = _load(_timed("forum.password-reset"), token, hours=minutes / 60)
    if data is None or not isinstance(data.get("f"), str):
        return None
    user = _user(data.get("u"))
    if user is None or not hmac.compare_digest(data["f"], _fingerprint(user)):
        return None
    return user


def unsubscribe_token(user: User) -> str:
    return URLSafeSerializer(current_app.secret_key, salt="forum.unsubscribe").dumps({"u": user.id})


def read_unsubscribe(token: object) -> User | None:
    serializer = URLSafeSerializer(current_app.secret_key, salt="forum.unsubscribe")
    data = _load(serializer, token, hours=None)
    return _user(data.get("u")) if data is not None else None


def _timed(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)


def _hours(setting: str) -> float:
    return float(current_app.config[setting])


def _load(serializer, token: object, *, hours: float | None) -> dict | None:
    if not isinstance(token, str) or not token or len(token) > _TOKEN_MAX:
        return None
    try:
        if hours is None:
            data = serializer.loads(token)
        else:
            data = serializer.loads(token, max_age=int(hours * 3600))
    except (BadData, ValueError, UnicodeError):
        return None
    return data if isinstance(data, dict) else None


def _user(user_id: object) -> User | None:
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not 0 < user_id <= MAX_ID:
        return None
    return db.session.get(User, user_id)


def _fingerprint(user: User) -> str:
    """Changes whenever the password or the session version does."""
    key = current_app.secret_key.encode()
    material = f"{user.password_hash}|{user.session_version}".encode()
    return hmac.new(key, material, hashlib.sha256).hexdigest()[:32]
