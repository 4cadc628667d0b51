from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.condition import Condition
from forum.models.timestamps import UTCDateTime, utcnow

PERSPECTIVES = {
    "patient": "Patient",
    "caregiver": "Parent or carer",
    "clinician": "Clinician",
    "researcher": "Researcher",
    "other": "Other",
}
ROLES = ("member", "moderator", "admin")
STAFF_ROLES = ("moderator", "admin")
# What a trust level is called wherever people read it (moderation earns and
# grants the levels; numbers are staff words).
TRUST_LEVELS = {
    0: "New member",
    1: "Member",
    2: "Regular",
    3: "Steward",
    4: "Leader",
}
# The age of the person cared for (or the patient's own), in bands wide enough
# that nobody is identified by one. Also asked on an "I tried this" report, so
# "people like me" can match reports to a member's own band.
AGE_BANDS = {
    "under-2": "Under 2",
    "2-5": "2 to 5",
    "6-11": "6 to 11",
    "12-17": "12 to 17",
    "18-25": "18 to 25",
    "adult": "Adult (over 25)",
}
BIO_MAX = 600
# How a member with a confirmed address hears by email.
EMAIL_MODES = {
    "each": "Each notification (at most one email every 10 minutes)",
    "daily": "A daily digest of what is new in what I watch",
    "weekly": "A weekly digest",
    "none": "No email",
}

# "My conditions": shown on the profile and used to suggest posts.
user_conditions = Table(
    "user_conditions",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("condition_id", ForeignKey("conditions.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_user_conditions_condition_id", "condition_id"),
)


class PersonWords:
    """A member's perspective in words; shared with the authors on listing cards."""

    @property
    def age_band_label(self) -> str | None:
        return AGE_BANDS.get(self.care_age_band) if self.care_age_band else None

    @property
    def perspective_label(self) -> str:
        return PERSPECTIVES.get(self.perspective, "Other")

    @property
    def trust_label(self) -> str:
        return TRUST_LEVELS.get(self.trust_level, f"Trust level {self.trust_level}")


class User(PersonWords, UserMixin, db.Model):
    __tablename__ = "users"
    # AUTOINCREMENT on SQLite: a deleted account's id is never given to a new
    # one, since the moderation log and former_members keep it (forum.deletion).
    # PostgreSQL's sequences never reuse ids anyway.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    # NFKC + casefold of the username: look-alikes collide here.
    username_key: Mapped[str] = mapped_column(String(64), unique=True)
    # Stored casefolded. None when someone joined with an address that already
    # had an account (forum.services.accounts.register).
    email: Mapped[str | None] = mapped_column(String(254), unique=True, default=None)
    # When the member showed the address is theirs. Only a confirmed address
    # signs in: otherwise joining with someone's address, then signing in with
    # it, would tell whether it already had an account.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # An address the member asked for and hasn't confirmed yet: mail keeps going
    # to the confirmed one until then. Not unique (nobody owns an address until
    # they confirm it), and never signs in (forum.services.email_address).
    email_pending: Mapped[str | None] = mapped_column(String(254), default=None)
    password_hash: Mapped[str] = mapped_column(String(255))
    perspective: Mapped[str] = mapped_column(String(20), default="other")
    bio: Mapped[str] = mapped_column(Text, default="")
    # A key of AGE_BANDS, or None when the member chose not to say.
    care_age_band: Mapped[str | None] = mapped_column(String(20), default=None)
    clinician_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    trust_level: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(20), default="member")
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    suspension_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    # What a member with a confirmed address gets by email (EMAIL_MODES).
    email_mode: Mapped[str] = mapped_column(String(10), default="none")
    # The last batch of notifications emailed ("each", at most one per
    # EMAIL_BATCH_MINUTES) and the last digest ("daily", "weekly").
    email_batch_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Posts in muted conditions and tags are left out of this member's "latest".
    hide_muted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The authenticator app (RFC 6238): the base32 secret, set while enrolling;
    # the second factor counts only once ``totp_enabled_at`` is set (the member
    # proved the app works). ``totp_last_step``: the last 30-second step a code
    # was accepted for, so a code can't be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, default=None)
    # WebAuthn's user handle: random, so a passkey never carries the user id.
    webauthn_handle: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    # Part of the login id: bumping it ends every session and remember-me cookie.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    conditions: Mapped[list[Condition]] = relationship(
        secondary=user_conditions, order_by="Condition.name"
    )

    # Not a column: the sign-in (LoginSession.sid) this instance was loaded or
    # signed in through, set by forum.services.accounts for the current request.
    login_sid = None  # str | None; unannotated, or the ORM would try to map it
    login_remembered = False  # that sign-in asked for "remember me"

    def get_id(self) -> str:
        """The login id kept in the session and remember-me cookies.

        Without a ``login_sid`` the id names no sign-in and the loader refuses it.
        """
        return f"{self.id}:{self.session_version}:{self.login_sid or ''}"

    @property
    def holds_staff_role(self) -> bool:
        """Whether this account was made a moderator or admin (what profiles show)."""
        return self.role in STAFF_ROLES

    @property
    def is_moderator(self) -> bool:
        """May use a moderator's powers now: the role *and* a second factor.

        Every staff check in the forum and its plugins asks this (or
        :attr:`is_admin`), so this is the one place the staff rule lives: staff
        whose password alone opens their account get a member's powers only
        (``forum.policy.STAFF_NEED_SECOND_FACTOR`` says how to change that).
        """
        return self.role in STAFF_ROLES and self.staff_has_second_factor

    @property
    def is_admin(self) -> bool:
        return self.role == "admin" and self.staff_has_second_factor

    @property
    def staff_has_second_factor(self) -> bool:
        """Whether a second factor protects this account (forum.auth.factors decides)."""
        if self.totp_enabled_at is not None:
            return True  # the common case, with no query
        if "_has_passkey" not in self.__dict__:  # asked once per loaded row (a request)
            from forum.auth.factors import has_passkey  # it builds on the models

            self.__dict__["_has_passkey"] = has_passkey(self)
        return self.__dict__["_has_passkey"]

    def is_suspended(self, now: datetime | None = None) -> bool:
        if self.suspended_until is None:
            return False
        return self.suspended_until > (now or utcnow())

    def __repr__(self) -> str:
        return f"<User {self.username}>"
