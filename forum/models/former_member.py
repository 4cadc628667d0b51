"""What is left of an account once its member has left (forum.deletion).

``FormerMember``: one row per deleted account, keyed by the account's old id,
so the moderation log (append-only: its rows keep the old ids) can show a
stable pseudonym where the name was, and never the name. ``ReservedName``: a
keyed hash of a deleted account's username, so nobody registers the name and
passes as them for ``DELETED_NAME_DAYS`` (then ``flask content purge`` drops it).
Neither holds the name, the email address or anything the member wrote.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow

# How an account was deleted: keeping its posts under "former member" or removing them.
DELETION_MODES = ("keep", "remove")


class FormerMember(db.Model):
    __tablename__ = "former_members"

    # The deleted account's id; no foreign key: the users row is gone.
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pseudonym: Mapped[str] = mapped_column(String(40), unique=True)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mode: Mapped[str] = mapped_column(String(10))  # a DELETION_MODES value
    # Whether staff deleted it (``/moderation/users/<name>/delete``, the CLI) or the member.
    by_staff: Mapped[bool] = mapped_column(default=False)


class ReservedName(db.Model):
    __tablename__ = "reserved_names"

    # HMAC-SHA256 (keyed with SECRET_KEY) of the username_key, in hex.
    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
