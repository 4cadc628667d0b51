"""Which second factors a member has, and checking one.

The one place that answers "does this account need more than a password?":
the sign-in step (``forum.auth.second_step``), re-authentication before
deleting an account, turning a factor off, and the staff rule (moderators and
admins must have one) all ask here.

- the authenticator app (RFC 6238): ``forum.twofactor.totp``;
- recovery codes, ten single-use codes given with the app: ``forum.twofactor.recovery``;
- passkeys (WebAuthn): ``forum.passkeys``, proved in the browser, so not a code.
"""

from __future__ import annotations

import time

from flask import session
from sqlalchemy import exists, func, select

from forum.extensions import db
from forum.models import Passkey, User

TOTP = "totp"
RECOVERY = "recovery"
PASSKEY = "passkey"
# Session key: {"user": id, "at": epoch seconds} when a signed-in member last
# proved a passkey in this browser (forum.passkeys sets it), for re-asking
# before something irreversible (deleting the account).
PASSKEY_PROVED = "_passkey_proved"
REAUTH_SECONDS = 300


def has_totp(user: User) -> bool:
    return user.totp_enabled_at is not None


def has_passkey(user: User) -> bool:
    return bool(db.session.scalar(select(exists().where(Passkey.user_id == user.id))))


def has_second_factor(user: User) -> bool:
    """Whether signing in as ``user`` takes more than the password."""
    return has_totp(user) or has_passkey(user)


def staff_would_lose_the_last(user: User, removing: str) -> bool:
    """Whether taking away ``removing`` (the app, or one passkey) would leave a
    moderator or admin with no second factor, which staff may not do."""
    if not user.holds_staff_role:
        return False
    if removing == TOTP:
        return not has_passkey(user)
    passkeys = db.session.scalar(select(func.count()).where(Passkey.user_id == user.id))
    return not has_totp(user) and passkeys <= 1


def methods(user: User) -> list[str]:
    """The ways ``user`` can prove the second step, in the order the page offers them."""
    found = []
    if has_passkey(user):
        found.append(PASSKEY)
    if has_totp(user):
        found += [TOTP, RECOVERY]
    return found


def check_code(user: User, code: object) -> str | None:
    """Which kind of code ``code`` is for ``user`` ("totp" or "recovery"), or None.

    A right code is spent by this call (an app code can't be used again in its
    window, a recovery code never again); the caller commits. Tries are counted
    by the caller, as passwords are (``forum.auth.throttle``).
    """
    from forum.twofactor import recovery, totp  # they build on the models, not on this

    if not has_totp(user) or not isinstance(code, str):
        return None
    if totp.verify(user, code):
        return TOTP
    if recovery.use(user, code):
        return RECOVERY
    return None


def note_passkey_proved(user: User) -> None:
    """Remember, for :data:`REAUTH_SECONDS`, that ``user`` just proved a passkey here."""
    session[PASSKEY_PROVED] = {"user": user.id, "at": int(time.time())}


def passkey_recently_proved(user: User) -> bool:
    state = session.get(PASSKEY_PROVED)
    if not isinstance(state, dict) or state.get("user") != user.id:
        return False
    at = state.get("at")
    return isinstance(at, int) and 0 <= time.time() - at <= REAUTH_SECONDS


def confirm(user: User, code: object) -> bool:
    """Re-authentication's second part, before something that can't be undone.

    True when ``user`` has no second factor, when ``code`` is a right app or
    recovery code (spent; the caller commits), or when they proved a passkey
    in this browser in the last :data:`REAUTH_SECONDS`. The password is asked
    for separately, through ``forum.auth.throttle``.
    """
    if not has_second_factor(user):
        return True
    if passkey_recently_proved(user):
        return True
    return check_code(user, code) is not None
