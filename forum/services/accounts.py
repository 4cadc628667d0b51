"""Accounts: registration, passwords, sessions and API tokens."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from forum.database import wants_write_lock
from forum.deletion import names as deleted_names
from forum.extensions import db
from forum.models import (
    AGE_BANDS,
    BIO_MAX,
    MAX_ID,
    PERSPECTIVES,
    ROLES,
    ApiToken,
    LoginSession,
    User,
)
from forum.models.session import USER_AGENT_MAX
from forum.models.timestamps import utcnow
from forum.models.token import hash_token
from forum.policy import get_policy
from forum.services import rules
from forum.text import clean_block, clean_line, email_key, username_key

PASSWORD_MIN, PASSWORD_MAX = 8, 128
_USERNAME = re.compile(r"^[a-z0-9_-]{3,30}$")
_DIGITS = re.compile(r"[0-9]{1,10}")
_SID = re.compile(r"[A-Za-z0-9_-]{22,43}")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
# A real hash, so that checking an unknown username costs what a real check costs.
_DUMMY_HASH = generate_password_hash("timing-equalizer-not-a-password")


def check_username(value: object, errors: rules.Errors) -> str:
    """The username as stored (NFKC + casefold); a message in ``errors`` if it breaks the rules."""
    if not isinstance(value, str):
        errors["username"] = "Choose a username."
        return ""
    key = username_key(clean_line(value))
    if not key:
        errors["username"] = "Choose a username."
    elif not _USERNAME.match(key):
        errors["username"] = "Usernames are 3–30 characters: letters a–z, digits, _ and -."
    return key


def check_email(value: object, errors: rules.Errors) -> str:
    if not isinstance(value, str) or not clean_line(value):
        errors["email"] = "Enter your email address."
        return ""
    if not _EMAIL.match(email_key(clean_line(value))):
        errors["email"] = "Enter an email address like name@example.org."
        return ""
    value = email_key(clean_line(value))
    if len(value) > 254:
        errors["email"] = "That email address is too long."
    return value


def check_password(
    value: object, errors: rules.Errors, *, user_inputs: tuple | list = (), field: str = "password"
) -> str:
    """NIST SP 800-63B: length 8–128, no composition rules, refuse guessable ones."""
    if not isinstance(value, str) or not value:
        errors[field] = "Choose a password."
        return ""
    if len(value) < PASSWORD_MIN:
        errors[field] = f"Use at least {PASSWORD_MIN} characters."
    elif len(value) > PASSWORD_MAX:
        errors[field] = f"Use at most {PASSWORD_MAX} characters."
    else:
        # Imported here: its word lists are 12 MiB, and most workers never
        # check a new password.
        from zxcvbn import zxcvbn

        # zxcvbn refuses input over 72 characters unless told the real limit.
        verdict = zxcvbn(value, user_inputs=[u for u in user_inputs if u], max_length=PASSWORD_MAX)
        if verdict["score"] < 3:
            feedback = verdict["feedback"]
            hint = " ".join(filter(None, [feedback.get("warning"), *feedback["suggestions"]]))
            errors[field] = "This password is too easy to guess." + (f" {hint}" if hint else "")
    return value


EMAIL_TAKEN = "An account with this email already exists."


def register(
    *,
    username: object,
    email: object,
    password: object,
    perspective: object,
    say_if_email_taken: bool = False,
) -> User:
    """Create a member; ValidationFailed names every field that is wrong.

    The email address is optional. One that is given is asked to confirm (a
    link by email, in the same transaction: forum.services.email_address);
    only a confirmed address signs in or receives anything else.

    An email address that already has an account is not "wrong": saying so
    would tell anyone that the address belongs to a member of a health forum.
    The account is made as asked but without the address (it waits as
    ``email_pending``, and the address's owner is told by email if they
    confirmed it), so the person sees exactly what they would have seen (same
    page, same redirect, comparable time). Either way the address is
    unconfirmed, and only a confirmed address signs in (``find_account``), so
    signing in with it afterwards tells nothing either. ``say_if_email_taken``
    is for the command line, where an operator asks.
    """
    from forum.services.email_address import ask_to_confirm  # it builds on this module

    errors = rules.Errors()
    username = check_username(username, errors)
    given = not (email is None or (isinstance(email, str) and not clean_line(email)))
    email = check_email(email, errors) if given else ""
    if not isinstance(perspective, str) or perspective not in PERSPECTIVES:
        errors["perspective"] = "Choose the perspective you write from."
    check_password(password, errors, user_inputs=[username, email.split("@")[0]])
    # A name deleted in the last DELETED_NAME_DAYS is taken too, so nobody
    # passes as the member who left; saying why would tell that they left.
    if "username" not in errors and (
        _exists(User.username_key == username) or deleted_names.is_reserved(username)
    ):
        errors["username"] = "That username is taken."
    email_taken = given and "email" not in errors and _exists(User.email == email)
    if email_taken and say_if_email_taken:
        errors["email"] = EMAIL_TAKEN
    errors.raise_if_any()
    password_hash = generate_password_hash(_stable(password))
    while True:
        user = User(
            username=username,
            username_key=username,
            # The address's owner is the one to hear about this, not whoever typed it.
            email=email if given and not email_taken else None,
            email_pending=email if email_taken else None,
            password_hash=password_hash,
            perspective=perspective,
        )
        db.session.add(user)
        try:
            db.session.flush()
            if given:
                ask_to_confirm(user, email)
            db.session.commit()
        except IntegrityError:  # a registration at the same moment took the name or the address
            db.session.rollback()
            if email_taken or _exists(User.username_key == username):
                raise rules.ValidationFailed({"username": "That username is taken."})
            if say_if_email_taken:
                raise rules.ValidationFailed({"email": EMAIL_TAKEN})
            email_taken = True
        else:
            return user


def _stable(password: str) -> str:
    # NIST SP 800-63B asks for NFKC before hashing, so "é" typed as one code
    # point on one device and as e + accent on another is the same password.
    return unicodedata.normalize("NFKC", password)


def _exists(clause) -> bool:
    return db.session.scalar(select(User.id).where(clause).limit(1)) is not None


def find_account(login: object) -> User | None:
    """The account a username or a *confirmed* email address names, or None.

    Passwords are checked only through ``forum.auth.throttle``, which counts
    every try first.
    """
    if not isinstance(login, str):
        return None
    login = clean_line(login)
    by_email = (User.email == email_key(login)) & User.email_confirmed_at.is_not(None)
    return db.session.scalar(
        select(User).where(or_(User.username_key == username_key(login), by_email))
    )


def find_member(username: object) -> User | None:
    """The member a username in an address names (``/users/John`` and
    ``/users/Ｊｏｈｎ`` are john), or None."""
    key = username_key(clean_line(username) or "") if isinstance(username, str) else ""
    if not key or len(key) > 64:
        return None
    return db.session.scalar(select(User).where(User.username_key == key))


def password_matches(user: User | None, password: object) -> bool:
    """Whether ``password`` is ``user``'s. Without a user it still costs one hash
    check, so the time taken never tells anyone whether an account exists."""
    if not isinstance(password, str):
        return False
    if user is None or len(password) > PASSWORD_MAX:
        check_password_hash(_DUMMY_HASH, _stable(password[:PASSWORD_MAX]))
        return False
    return check_password_hash(user.password_hash, _stable(password))


def change_password(user: User, *, current: object, new: object) -> None:
    """Set a new password; every sign-in and API token of ``user`` stops working."""
    get_policy().check(user, "password")
    errors = rules.Errors()
    if not password_matches(user, current):
        errors["current_password"] = "That isn't your current password."
    check_password(new, errors, user_inputs=[user.username], field="new_password")
    errors.raise_if_any()
    user.password_hash = generate_password_hash(_stable(new))
    _end_every_sign_in(user)  # every session and remember-me cookie ends, this one too
    db.session.commit()


def reset_password(user: User, new: object) -> None:
    """Set a new password from an emailed reset link; every sign-in and API token
    of ``user`` stops working. The link is spent with them: it named the old
    password hash and session version (forum.mail.tokens)."""
    errors = rules.Errors()
    check_password(new, errors, user_inputs=[user.username], field="new_password")
    errors.raise_if_any()
    user.password_hash = generate_password_hash(_stable(new))
    _end_every_sign_in(user)
    db.session.commit()


def end_all_sessions(user: User) -> None:
    """Every session, remember-me cookie and API token of ``user`` stops working."""
    _end_every_sign_in(user)
    db.session.commit()


def _end_every_sign_in(user: User) -> None:
    # The version is in every login id, so bumping it alone ends them all;
    # revoking the rows too keeps the table an honest list of live sign-ins.
    # Incremented in SQL, so two devices ending sessions at once both count.
    # A token is a sign-in too: one minted before a password change must not
    # outlive it (someone who took the old password may have made it).
    now = utcnow()
    user.session_version = User.session_version + 1
    for model in (LoginSession, ApiToken):
        db.session.execute(
            update(model)
            .where(model.user_id == user.id, model.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )


def open_login_session(
    user: User, *, remember: bool = False, user_agent: str = "", address: str | None = None
) -> str:
    """Record a new sign-in of ``user`` and return its id (also set as ``user.login_sid``).

    ``user_agent`` and ``address``: the browser's, for the member's own list of
    where they are signed in (forum/devices). Sign-ins that were revoked or
    have outlived :func:`sign_in_lifetime` are deleted here, so the table
    holds about one row per signed-in device.
    """
    db.session.execute(
        delete(LoginSession)
        .where(
            LoginSession.user_id == user.id,
            or_(
                LoginSession.revoked_at.is_not(None),
                LoginSession.created_at <= _oldest_live(remember=True),
            ),
        )
        .execution_options(synchronize_session=False)
    )
    sid = secrets.token_urlsafe(24)
    db.session.add(
        LoginSession(
            user_id=user.id,
            sid=sid,
            remember=remember,
            user_agent=(clean_line(user_agent) or "")[:USER_AGENT_MAX],
            address=(address or None) and address[:45],
            last_seen_at=utcnow(),
        )
    )
    db.session.commit()
    user.login_sid, user.login_remembered = sid, remember
    return sid


def end_login_session(user: User) -> None:
    """Revoke the sign-in ``user`` was loaded through; copies of its cookies stop working."""
    if user.login_sid is None:
        return
    db.session.execute(
        update(LoginSession)
        .where(
            LoginSession.sid == user.login_sid,
            LoginSession.user_id == user.id,
            LoginSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    user.login_sid = None


def sign_in_lifetime(*, remember: bool) -> timedelta:
    """The longest one sign-in lasts; then the member signs in again.

    Remembered: the remember-me cookie's life (Flask-Login's cookie carries no
    date of its own, so without this bound a copy of it would work for as long
    as the sign-in is not revoked). Otherwise ``SESSION_LIFETIME`` (hours).
    """
    config = current_app.config
    if not remember:
        return config["SESSION_LIFETIME"]
    return config["REMEMBER_COOKIE_DURATION"]


def _oldest_live(*, remember: bool) -> datetime:
    return utcnow() - sign_in_lifetime(remember=remember)


_STARTED = LoginSession.created_at
# Built once: every signed-in request runs it, and a statement SQLAlchemy has
# seen before costs no new construction and keeps its cache key.
_SESSION_USER = (
    select(User, LoginSession.remember)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(
        User.id == bindparam("user_id"),
        User.session_version == bindparam("version"),
        LoginSession.sid == bindparam("sid"),
        LoginSession.revoked_at.is_(None),
        or_(
            bindparam("oldest_plain", type_=_STARTED.type) < _STARTED,
            LoginSession.remember & (bindparam("oldest_kept", type_=_STARTED.type) < _STARTED),
        ),
    )
)


def load_session_user(login_id: str) -> User | None:
    """Flask-Login's loader for ``"user_id:session_version:sid"`` (see User.get_id).

    The user, when the id names one of their sign-ins that is neither revoked
    nor too old and the version is current; otherwise None. One query.
    """
    parts = login_id.split(":") if isinstance(login_id, str) else []
    if len(parts) != 3:
        return None
    user_id, version, sid = parts
    if not (_DIGITS.fullmatch(user_id) and _DIGITS.fullmatch(version) and _SID.fullmatch(sid)):
        return None
    if int(user_id) > MAX_ID or int(version) > MAX_ID:
        return None
    params = {
        "user_id": int(user_id),
        "version": int(version),
        "sid": sid,
        "oldest_plain": _oldest_live(remember=False),
        "oldest_kept": _oldest_live(remember=True),
    }
    row = db.session.execute(_SESSION_USER, params).first()
    if row is None:
        return None
    user, remembered = row
    user.login_sid, user.login_remembered = sid, remembered
    return user


def issue_token(user: User, label: str = "") -> str:
    """Create an API token and return it; only its hash is stored."""
    get_policy().check(user, "token")
    raw = secrets.token_urlsafe(32)
    label = (clean_line(label) or "")[:80]
    db.session.add(
        ApiToken(
            user=user,
            token_hash=hash_token(raw),
            label=label,
            session_version=user.session_version,
        )
    )
    db.session.commit()
    return raw


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s live tokens; False when there is no such token."""
    if not 0 < token_id <= MAX_ID:
        return False
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.commit()
    return True


def user_for_token(raw: str) -> User | None:
    """The owner of a live token made since their last password change or
    "sign out everywhere" (the session versions match), or None.

    Notes when the token was last used, at most every ``TOKEN_USE_NOTED_EVERY``.
    """
    row = db.session.execute(
        select(User, ApiToken.id, ApiToken.last_used_at)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == hash_token(raw),
            ApiToken.revoked_at.is_(None),
            ApiToken.session_version == User.session_version,
        )
    ).first()
    if row is None:
        return None
    user, token_id, last_used = row
    now = utcnow()
    if last_used is None or now - last_used >= TOKEN_USE_NOTED_EVERY:
        _write_apart(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
    return user


# "Last used" is approximate: a busy script writes at most this often.
TOKEN_USE_NOTED_EVERY = timedelta(minutes=5)


def note_session_seen(user: User, when: datetime) -> None:
    """Note that the sign-in ``user`` was loaded through was used at ``when``
    (called every few minutes, as the session's own stamp is refreshed)."""
    if user.login_sid is not None:
        _write_apart(
            update(LoginSession)
            .where(LoginSession.sid == user.login_sid, LoginSession.user_id == user.id)
            .values(last_seen_at=when)
        )


def _write_apart(statement) -> None:
    """Run one small bookkeeping write without disturbing the request's work.

    A request that reads (GET) runs it on a connection of its own, committed at
    once: on SQLite the request's read transaction can't safely become a write
    under load, and a page that only reads shouldn't have its loaded objects
    expired by a commit. A request that writes, and work outside any request,
    already holds SQLite's write lock (``BEGIN IMMEDIATE``, forum/database.py),
    so another connection would wait on it: there the write joins the session's
    own transaction and is saved with its work (work that saves nothing loses a
    "last used" that was only ever approximate).
    """
    if wants_write_lock():
        db.session.execute(statement, execution_options={"synchronize_session": False})
        return
    with db.engine.begin() as conn:
        conn.execute(statement)


MY_CONDITIONS_MAX = 10


def update_profile(
    user: User, *, bio: object, perspective: object, care_age_band: object, conditions: object
) -> None:
    """What a member tells others about themselves: a short bio (Markdown,
    rendered through the one sanitizer where it is shown), their perspective,
    an optional age band ("" or None: prefer not to say) and "my conditions"
    (catalogue slugs, none or up to MY_CONDITIONS_MAX). The bio is published
    text, so the write policy has its say as for a post (a suspension refuses)."""
    errors = rules.Errors()
    if bio is None or bio == "":
        bio = ""
    elif not isinstance(bio, str):
        errors["bio"] = "Write your bio as text."
    else:
        bio = clean_block(bio)
        if len(bio) > BIO_MAX:
            errors["bio"] = f"Keep your bio to {BIO_MAX} characters (it has {len(bio):,})."
    if not isinstance(perspective, str) or perspective not in PERSPECTIVES:
        errors["perspective"] = "Choose the perspective you write from."
    if care_age_band in (None, ""):
        care_age_band = None
    elif not isinstance(care_age_band, str) or care_age_band not in AGE_BANDS:
        errors["care_age_band"] = "Choose an age band, or “Prefer not to say”."
    chosen = rules.conditions(conditions, errors, at_least=0, at_most=MY_CONDITIONS_MAX)
    errors.raise_if_any()
    get_policy().check(user, "profile", text=bio)
    user.bio = bio
    user.perspective = perspective
    user.care_age_band = care_age_band
    user.conditions = chosen
    db.session.commit()


def set_role(user: User, role: str) -> None:
    if role not in ROLES:
        raise rules.ValidationFailed({"role": f"Role must be one of: {', '.join(ROLES)}."})
    user.role = role
    db.session.commit()
