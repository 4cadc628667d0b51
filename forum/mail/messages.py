"""Every email the forum sends, made the same way.

Each email is a plain-text part (always) and an HTML part, both rendered from
``templates/mail/<name>.txt`` and ``.html``, addressed to the member by name,
from MAIL_DEFAULT_SENDER (the sender fills it in). Subjects are fixed words of
ours: an inbox is often shared, so a subject never carries a post's title, a
condition or anything else about anyone's health.

List mail (notifications, digests, follow-ups) carries a one-click unsubscribe
link in its body and the RFC 8058 headers ``List-Unsubscribe`` and
``List-Unsubscribe-Post``; account mail (confirmation, password reset) does not.

Links are absolute, built on SITE_URL: emails are made by the worker, away
from any request, so there is no Host to build them from (and a request's
Host header is not to be trusted with them either).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app

from forum.mail import queue_email
from forum.mail.tokens import unsubscribe_token
from forum.models import OutgoingEmail, User

SUBJECTS = {
    "confirm": "Confirm your email address for Middle Ground",
    "address_in_use": "Someone tried to use your email address on Middle Ground",
    "reset": "Reset your Middle Ground password",
    "daily": "Your daily digest from Middle Ground",
    "weekly": "Your weekly digest from Middle Ground",
}
LIST_KINDS = ("notifications", "digest", "followup")


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def absolute_url(endpoint: str, **values) -> str:
    """``endpoint``'s address under SITE_URL, built without a request."""
    site = urlsplit(current_app.config["SITE_URL"].rstrip("/"))
    adapter = current_app.url_map.bind(
        site.netloc, script_name=site.path or "/", url_scheme=site.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def build(template: str, *, subject: str, user: User | None, list_mail: bool, **context) -> Message:
    """Render ``templates/mail/<template>.txt`` and ``.html`` into one email.

    ``list_mail``: a notification, digest or follow-up, which carries the
    unsubscribe link and headers. ``user`` is the member it is for (None for
    a message that must cost the same work when nobody will receive it).
    """
    headers: dict[str, str] = {}
    unsubscribe = None
    if list_mail and user is not None:
        unsubscribe = absolute_url("account.unsubscribe", token=unsubscribe_token(user))
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    context = {
        "user": user,
        "name": user.username if user is not None else "there",
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute_url("account.email"),
        "site_url": absolute_url("posts.home"),
        **context,
    }
    env = current_app.jinja_env  # no context processors: there may be no request
    text = env.get_template(f"mail/{template}.txt").render(context)
    html = env.get_template(f"mail/{template}.html").render(context)
    return Message(subject=subject, text=text, html=html, headers=headers)


def queue(message: Message, *, to: str, kind: str, user: User | None) -> OutgoingEmail:
    """Add ``message`` to this transaction's outbox (``forum.mail.queue_email``)."""
    return queue_email(
        to,
        kind=kind,
        subject=message.subject,
        text=message.text,
        html=message.html,
        user=user,
        headers=message.headers,
    )
