"""A member's email address: adding, confirming, changing, removing it; how they
hear by email; and password reset by email.

The same care as joining (``accounts.register``): nothing said or shown to
whoever types an address tells them whether it belongs to an account. A new
address waits in ``User.email_pending`` until its link is followed, whoever
holds it; only then does it become the member's ``email`` (and an unconfirmed
holder loses it: an address belongs to whoever can read its mail). Only a
confirmed address is ever sent anything but its own confirmation link.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update

from forum.extensions import db
from forum.mail import messages, tokens
from forum.models import EMAIL_MODES, User
from forum.models.timestamps import utcnow
from forum.services import accounts, rules
from forum.text import clean_line

# Nothing is sent for a typed name without an account, but the same work is done.
RESET_SENT = (
    "If an account with a confirmed email address matches what you typed, we have sent "
    "a link to that address. It works for one hour."
)


def is_confirmed(user: User) -> bool:
    return user.email is not None and user.email_confirmed_at is not None


def awaiting_confirmation(user: User) -> str | None:
    """The address this member asked for and has not confirmed, if any."""
    if user.email_pending:
        return user.email_pending
    if user.email and user.email_confirmed_at is None:
        return user.email
    return None


def ask_to_confirm(user: User, address: str) -> None:
    """Queue the link that confirms ``address`` for ``user`` (in this transaction).

    When another account has already confirmed the address, its owner hears
    instead that someone tried to use it, and the link goes nowhere: the
    person who typed it sees the same page either way.
    """
    owner = db.session.scalar(
        select(User).where(
            User.email == address, User.email_confirmed_at.is_not(None), User.id != user.id
        )
    )
    if owner is not None:
        message = messages.build(
            "address_in_use",
            subject=messages.SUBJECTS["address_in_use"],
            user=owner,
            list_mail=False,
        )
        messages.queue(message, to=address, kind="confirm", user=owner)
        return
    link = messages.absolute_url(
        "account.confirm_email", token=tokens.confirmation_token(user, address)
    )
    message = messages.build(
        "confirm",
        subject=messages.SUBJECTS["confirm"],
        user=user,
        list_mail=False,
        link=link,
        hours=int(_config("EMAIL_CONFIRM_HOURS")),
        address=address,
    )
    messages.queue(message, to=address, kind="confirm", user=user)


def after_joining(user: User, typed_address: str | None) -> None:
    """Ask a new member to confirm the address they joined with; commits.

    ``register`` leaves ``email`` empty when the address already had an account;
    the address then waits as pending, like any other, and is confirmed (or its
    owner told) by mail, so the newcomer's page is the same either way.
    """
    if not typed_address:
        return
    if user.email is None:
        user.email_pending = typed_address
    ask_to_confirm(user, typed_address)
    db.session.commit()


def change_address(user: User, *, email: object, current_password: object) -> str | None:
    """Set, change or (empty ``email``) remove the member's address; commits.

    Returns the address now waiting for confirmation, or None when the address
    was removed or is unchanged. ``ValidationFailed`` names what is wrong; the
    current password is always asked, so a borrowed session can't redirect
    someone's password resets to another mailbox.
    """
    errors = rules.Errors()
    typed = email if isinstance(email, str) else ""
    removing = not clean_line(typed)
    address = "" if removing else accounts.check_email(typed, errors)
    if not accounts.password_matches(user, current_password):
        errors["current_password"] = "That isn't your current password."
    errors.raise_if_any()
    if removing:
        user.email = user.email_pending = user.email_confirmed_at = None
        user.email_mode = "none"
        db.session.commit()
        return None
    if address == user.email and is_confirmed(user):
        user.email_pending = None  # back to the address they have: nothing to confirm
        db.session.commit()
        return None
    if user.email is not None and not is_confirmed(user):
        user.email = None  # an unconfirmed address is simply replaced
    user.email_pending = address
    ask_to_confirm(user, address)
    db.session.commit()
    return address


def resend_confirmation(user: User) -> str | None:
    """Queue the confirmation link again; the address it went to, or None; commits."""
    address = awaiting_confirmation(user)
    if address is None:
        return None
    ask_to_confirm(user, address)
    db.session.commit()
    return address


def confirm(token: object) -> User | None:
    """Confirm the address a link names; the member, or None when the link doesn't
    work (tampered, expired, for an address the member has since replaced, or
    one another member has confirmed meanwhile). Commits."""
    found = tokens.read_confirmation(token)
    if found is None:
        return None
    user, address = found
    if address not in (user.email_pending, user.email):
        return None  # an older address: the member asked for another since
    if address == user.email and is_confirmed(user):
        return user  # followed twice: already done
    taken = db.session.scalar(
        select(User.id).where(
            User.email == address, User.email_confirmed_at.is_not(None), User.id != user.id
        )
    )
    if taken is not None:
        return None
    # Whoever held it unconfirmed never showed it was theirs; this member just did.
    db.session.execute(
        update(User)
        .where(User.email == address, User.id != user.id)
        .values(email=None, email_confirmed_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    user.email, user.email_pending, user.email_confirmed_at = address, None, utcnow()
    db.session.commit()
    return user


def set_mode(user: User, mode: object) -> None:
    """How the member hears by email (a key of EMAIL_MODES); commits."""
    if not isinstance(mode, str) or mode not in EMAIL_MODES:
        raise rules.ValidationFailed({"email_mode": "Choose how you'd like to hear from us."})
    user.email_mode = mode
    db.session.commit()


def unsubscribe(user: User) -> None:
    """One-click unsubscribe: no more list mail of any kind; commits."""
    user.email_mode = "none"
    db.session.commit()


def request_password_reset(login: object) -> None:
    """Email a reset link to the confirmed address of the account ``login`` names.

    Whatever ``login`` names, the same work is done (the link and the email are
    built), so the time taken doesn't tell whether it has an account; only the
    queueing differs. Commits.
    """
    user = accounts.find_account(login)
    target = user if user is not None and is_confirmed(user) else None
    stand_in = target or User(id=0, username="member", password_hash="", session_version=1)
    link = messages.absolute_url("account.reset_password", token=tokens.reset_token(stand_in))
    message = messages.build(
        "reset",
        subject=messages.SUBJECTS["reset"],
        user=stand_in,
        list_mail=False,
        link=link,
        minutes=int(_config("PASSWORD_RESET_MINUTES")),
    )
    if target is not None:
        messages.queue(message, to=target.email, kind="reset", user=target)
    db.session.commit()


def _config(name: str):
    return current_app.config[name]
