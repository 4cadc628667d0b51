"""A member's passkeys: saving a new one, its name, and removing one.

The ceremonies (forum.passkeys.ceremonies) prove a passkey; this module keeps
the list. Moderators and admins must keep a second factor (issue 15), so the
last one of a staff member can't be removed here (forum.auth.factors decides
what counts).
"""

from __future__ import annotations

from sqlalchemy import func, select

from forum.auth import factors
from forum.extensions import db
from forum.models import MAX_ID, Passkey, User
from forum.passkeys.ceremonies import NewCredential
from forum.services.errors import NotAllowed
from forum.services.rules import Errors
from forum.text import clean_line

NAME_MAX = 80
PASSKEYS_MAX = 20  # more would be a script, not a person with devices
STAFF_KEEP_ONE = (
    "This is your last second factor, and moderators and admins must keep one. "
    "Add another passkey or an authenticator app first, then remove this one."
)


def passkeys_of(user: User) -> list[Passkey]:
    """``user``'s passkeys, oldest first."""
    query = select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
    return list(db.session.scalars(query))


def owned(user: User, passkey_id: int) -> Passkey | None:
    """``user``'s passkey with this id; None when there is none or it is someone else's."""
    if not 0 < passkey_id <= MAX_ID:  # beyond the column's range: names nothing
        return None
    passkey = db.session.get(Passkey, passkey_id)
    return passkey if passkey is not None and passkey.user_id == user.id else None


def clean_name(value: object, errors: Errors, *, field: str = "name") -> str:
    text = clean_line(value) if isinstance(value, str) else ""
    if not text:
        errors[field] = "Give this passkey a name, such as the device it is on."
    elif len(text) > NAME_MAX:
        errors[field] = f"A passkey's name can be at most {NAME_MAX} characters."
    return text


def add(user: User, new: NewCredential, name: object, *, user_agent: str) -> Passkey:
    """Save a verified passkey under ``name``, or a name from the browser when none is given.

    Raises ValidationFailed (a name too long) or NotAllowed (one passkey too
    many, or one already registered). The caller commits.
    """
    errors = Errors()
    typed = clean_line(name) if isinstance(name, str) else ""
    final = clean_name(typed, errors) if typed else default_name(user_agent)
    errors.raise_if_any()
    count = db.session.scalar(select(func.count()).where(Passkey.user_id == user.id))
    if count >= PASSKEYS_MAX:
        raise NotAllowed(f"You can have at most {PASSKEYS_MAX} passkeys. Remove one first.")
    known = select(Passkey.id).where(Passkey.credential_id == new.credential_id)
    if db.session.scalar(known) is not None:
        raise NotAllowed("That passkey is already registered.", status=409)
    passkey = Passkey(
        user_id=user.id,
        credential_id=new.credential_id,
        public_key=new.public_key,
        sign_count=new.sign_count,
        transports=new.transports,
        name=final,
    )
    db.session.add(passkey)
    user.webauthn_handle = new.handle
    return passkey


def rename(passkey: Passkey, name: object) -> None:
    """Raises ValidationFailed for an empty or overlong name. The caller commits."""
    errors = Errors()
    text = clean_name(name, errors)
    errors.raise_if_any()
    passkey.name = text


def remove(user: User, passkey: Passkey) -> None:
    """Raises NotAllowed when it is a staff member's last second factor. The caller commits."""
    if factors.staff_would_lose_the_last(user, factors.PASSKEY):
        raise NotAllowed(STAFF_KEEP_ONE, status=409)
    db.session.delete(passkey)


# The words a person would use for where a passkey lives, from the browser
# that made it: "Chrome on Android". Order matters (Edge's says "Chrome" too).
_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def default_name(user_agent: str) -> str:
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return system or browser or "Passkey"
