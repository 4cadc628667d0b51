from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow
from forum.models.user import User


def hash_token(raw: str) -> str:
    """Tokens are stored as SHA-256: a leaked database does not leak tokens."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The owner's session version when it was made: a new password or "sign out
    # everywhere" bumps the version, which ends every token at once, including
    # one being made at that very moment.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Roughly: written at most every few minutes (forum.devices.activity).
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    user: Mapped[User] = relationship()
