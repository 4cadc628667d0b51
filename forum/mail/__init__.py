"""Email: queued in the outbox (``forum.models.mail``), sent by the worker.

:func:`queue_email` is the one way anything sends mail: it adds an
:class:`~forum.models.OutgoingEmail` to the current transaction, so a page
never waits on a mail server and an email exists exactly when the change that
asked for it committed.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_mailman import Mail

from forum.extensions import db
from forum.models import MAIL_KINDS, OutgoingEmail, User


class _Mail(Mail):
    """Flask-Mailman's ``Mail``, whose ``outbox`` (the in-memory backend's) is the current app's.

    One ``mail`` serves every app (``init_app``), so its own ``state`` stays
    unset and Flask-Mailman's ``mail.outbox`` would always be None.
    """

    @property
    def outbox(self) -> list:
        state = current_app.extensions["mailman"]
        if not hasattr(state, "outbox"):
            state.outbox = []
        return state.outbox


mail = _Mail()


def init_app(app: Flask) -> None:
    """Flask-Mailman, set by its own MAIL_* settings (``FORUM_MAIL_*`` in the environment)."""
    from forum.mail import backends

    backends.configure(app)
    mail.init_app(app)
    backends.select(app)


def queue_email(
    to: str,
    *,
    kind: str,
    subject: str,
    text: str,
    html: str | None = None,
    user: User | None = None,
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Add an email to this transaction's outbox. ``subject`` must carry no health content."""
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    email = OutgoingEmail(
        to_address=to,
        kind=kind,
        subject=subject,
        text_body=text,
        html_body=html,
        user_id=user.id if user is not None else None,
        headers=dict(headers or {}),
    )
    db.session.add(email)
    return email
