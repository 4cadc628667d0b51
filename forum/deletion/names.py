"""A deleted account's username, reserved for ``DELETED_NAME_DAYS``.

Kept only as a keyed hash (HMAC-SHA256 with SECRET_KEY, as forum.auth.throttle
keeps the names typed at sign-in), so the table doesn't list who left: it can
only answer "is this name reserved?" for a name someone types.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from forum.extensions import db
from forum.models import ReservedName
from forum.models.timestamps import utcnow


def name_hash(key: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"deleted-name:" + key.encode(), hashlib.sha256).hexdigest()


def _since(now: datetime | None) -> datetime:
    return (now or utcnow()) - timedelta(days=current_app.config["DELETED_NAME_DAYS"])


def reserve(key: str) -> None:
    """Reserve ``key`` (a username_key) from now on, inside the caller's transaction."""
    digest = name_hash(key)
    row = db.session.get(ReservedName, digest)
    if row is None:
        db.session.add(ReservedName(name_hash=digest, deleted_at=utcnow()))
    else:  # deleted again after someone re-registered it: the period starts again
        row.deleted_at = utcnow()


def is_reserved(key: str, now: datetime | None = None) -> bool:
    found = db.session.scalar(
        select(ReservedName.deleted_at).where(ReservedName.name_hash == name_hash(key))
    )
    return found is not None and found > _since(now)


def forget_expired(now: datetime | None = None) -> int:
    """Drop reservations older than ``DELETED_NAME_DAYS``; the caller commits."""
    result = db.session.execute(delete(ReservedName).where(ReservedName.deleted_at <= _since(now)))
    return result.rowcount or 0
