from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.timestamps import UTCDateTime, utcnow

USER_AGENT_MAX = 200  # enough to tell browsers apart; the rest is version noise


class LoginSession(db.Model):
    """One sign-in on one device.

    Sessions are signed cookies the server cannot delete, so the login id in
    the cookie (``User.get_id``) names this row, and signing out revokes the
    row: a copy of the session or remember-me cookie taken before then stops
    working, while the member's other devices stay signed in.

    What the account page lists (forum/devices): the browser's user agent
    (cut to fit), the address it signed in from (erased after
    ADDRESS_RETENTION_DAYS, shown to no one but the member), and roughly when
    it was last used: ``last_seen_at`` is written at most every few minutes,
    when the session's own "last seen" stamp is (forum.auth.sessions), so
    reading pages doesn't write on every request.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Public (it travels in the signed cookie), random so it can't be guessed.
    sid: Mapped[str] = mapped_column(String(43), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "Remember me": lasts REMEMBER_COOKIE_DURATION. Otherwise the sign-in ends
    # after SESSION_IDLE_TIMEOUT without a request, or SESSION_LIFETIME at most.
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    user_agent: Mapped[str] = mapped_column(String(USER_AGENT_MAX), default="", server_default="")
    # The sign-in's address (IPv6 is at most 45 characters); None once erased.
    address: Mapped[str | None] = mapped_column(String(45), default=None)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    def __repr__(self) -> str:
        return f"<LoginSession {self.id} of user {self.user_id}>"
