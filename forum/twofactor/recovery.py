"""Ten single-use recovery codes, stored hashed.

For when the phone with the authenticator app is lost. Each code is ten
characters from an alphabet without look-alikes (no 0/O, 1/l/I), shown as
two groups of five, shown once, and kept only as HMAC-SHA256 keyed with the
app's secret key: 50 random bits each are far beyond guessing at sign-in's
rate limits, so a slow password hash would only slow sign-in down, and the
key means a copy of the database alone can't check guesses offline. Typed
codes may have spaces, dashes or lower case. A code works once (``used_at``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import delete, select, update

from forum.extensions import db
from forum.models import RecoveryCode, User
from forum.models.timestamps import utcnow

COUNT = 10
LENGTH = 10
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i look-alikes
MAX_TYPED = 64


def _shown(raw: str) -> str:
    return f"{raw[:5]}-{raw[5:]}"


def normalise(code: object) -> str | None:
    """A typed recovery code as stored (lower case, no spaces or dashes), or None."""
    if not isinstance(code, str) or len(code) > MAX_TYPED:
        return None
    raw = "".join(ch for ch in code.lower() if ch not in " -\t")
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def _hash(raw: str) -> str:
    key = current_app.secret_key.encode()
    return "hmac-sha256$" + hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()


def replace(user: User) -> list[str]:
    """Give ``user`` ten new codes, voiding any old ones; the codes as shown, once.

    The caller commits.
    """
    delete_all(user)
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return [_shown(code) for code in codes]


def delete_all(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def remaining(user: User) -> int:
    """How many of ``user``'s codes are still unused."""
    rows = db.session.scalars(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    return len(rows.all())


def use(user: User, code: str) -> bool:
    """Whether ``code`` is one of ``user``'s unused recovery codes; spends it.

    The caller commits.
    """
    raw = normalise(code)
    if raw is None:
        return False
    wanted = _hash(raw)
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    found = None
    for row in unused:  # every row compared, in constant time each
        if hmac.compare_digest(row.code_hash, wanted) and found is None:
            found = row
    if found is None:
        return False
    # Spent only if still unused at write time: two tabs sending the same code
    # can't both get in.
    spent = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.id == found.id, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return spent.rowcount == 1
