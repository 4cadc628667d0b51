"""Turning the authenticator app on and off, and new recovery codes.

The use cases behind ``/account/two-factor`` and ``flask users totp``. Each
raises ``ValidationFailed`` (field ``code``) and changes nothing when the
code is wrong; the caller counts the try (``forum.auth.throttle``) and commits.
"""

from __future__ import annotations

from forum.auth import factors
from forum.extensions import db
from forum.models import User
from forum.models.timestamps import utcnow
from forum.services.errors import ValidationFailed
from forum.twofactor import recovery, totp

WRONG_APP_CODE = (
    "That code didn't match. Type the 6-digit code your app shows now (check the time "
    "on your phone is set automatically)."
)
WRONG_CODE = "That code didn't work. Type the code your app shows now, or an unused recovery code."
STAFF_KEEP_A_FACTOR = (
    "Moderators and admins must keep a second factor. Add a passkey first, or ask an admin "
    "to change your role, then you can turn the app off."
)


def pending_secret(user: User) -> str | None:
    """The secret being set up (shown as a QR code), before a code turned it on."""
    return user.totp_secret if user.totp_enabled_at is None else None


def begin(user: User) -> str:
    """Start (or restart) setting up the app: a new secret, not yet in force."""
    if factors.has_totp(user):
        raise ValidationFailed({"code": "Two-factor sign-in is already on."})
    user.totp_secret = totp.new_secret()
    user.totp_last_step = None
    return user.totp_secret


def turn_on(user: User, code: object) -> list[str]:
    """The app showed a right code for the new secret: turn it on; the new recovery codes."""
    secret = pending_secret(user)
    if secret is None or not totp.accept(user, secret, code):
        raise ValidationFailed({"code": WRONG_APP_CODE})
    user.totp_enabled_at = utcnow()
    return recovery.replace(user)


def new_recovery_codes(user: User, code: object) -> list[str]:
    """Ten new codes for ten old ones, after a right app or recovery code."""
    if factors.check_code(user, code) is None:
        raise ValidationFailed({"code": WRONG_CODE})
    return recovery.replace(user)


def turn_off(user: User, code: object) -> None:
    """Turn the app off after a right app code or recovery code (someone who lost
    their phone signs in with a recovery code and can then set up a new one).

    Staff may not leave themselves without any second factor.
    """
    if factors.staff_would_lose_the_last(user, factors.TOTP):
        raise ValidationFailed({"code": STAFF_KEEP_A_FACTOR})
    if factors.check_code(user, code) is None:
        raise ValidationFailed({"code": WRONG_CODE})
    remove(user)


def enrol_now(user: User) -> tuple[str, list[str]]:
    """Give ``user`` a new secret in force at once, replacing any (the command line)."""
    user.totp_secret = totp.new_secret()
    user.totp_enabled_at = utcnow()
    user.totp_last_step = None
    return user.totp_secret, recovery.replace(user)


def remove(user: User) -> None:
    """Turn the app off and void its recovery codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    recovery.delete_all(user)
    db.session.flush()
