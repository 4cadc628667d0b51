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

from sqlalchemy import exists, select

from forum.extensions import db
from forum.models import Passkey, User

TOTP = "totp"
RECOVERY = "recovery"
PASSKEY = "passkey"


def has_totp(user: User) -> bool:
    return user.totp_enabled_at is not None


def has_passkey(user: User) -> bool:
    return bool(db.session.scalar(select(exists().where(Passkey.user_id == user.id))))


def has_second_factor(user: User) -> bool:
    """Whether signing in as ``user`` takes more than the password."""
    return has_totp(user) or has_passkey(user)


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
