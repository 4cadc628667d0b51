"""Worker job: send queued email, one SMTP connection per batch, retrying with backoff.

Each round takes a batch of due emails (``forum.notify.claims.claim``: on
PostgreSQL, rows another worker holds are skipped, so several workers on
several hosts share the queue), marks them ``sending``, opens one connection
to the mail server, and sends them one by one, committing ``sent`` after each
message: a worker killed mid-batch loses at most the message in flight.

A message the server refuses for now (4xx, a dropped connection, a timeout)
goes back to ``queued`` with ``attempts`` counted, ``last_error`` kept and the
next try later (1 minute, then 2, 4, … at most an hour apart); once the email
is older than ``MAIL_GIVE_UP_AFTER_HOURS`` it is ``failed``, reason kept. A
permanent refusal (5xx for that message: no such mailbox) fails it at once.

Sent and failed emails are deleted ``MAIL_KEEP_DAYS`` after they were queued
(once a day, by whichever worker gets there first).

Recovery: the claim is a lease. A ``sending`` row whose lease ran out belongs
to a worker that died; the next round puts it back in the queue and sends it.
The one window left: the server accepted a message and the worker was killed
before it committed ``sent`` (a few milliseconds), so that one message is sent
again, with the same ``Message-ID``, which lets mail clients fold the two.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import secrets
import smtplib
import time
from datetime import datetime, timedelta
from email.utils import formatdate, parseaddr

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from flask_mailman.message import sanitize_address
from sqlalchemy import bindparam, select, update

from forum.extensions import db
from forum.mail import mail
from forum.models import OutgoingEmail, PeriodicRun
from forum.notify.claims import claim, claim_period, finish_period

log = logging.getLogger(__name__)

# Emails per claim and per SMTP connection.
BATCH = 20
# One round sends batch after batch while there is due mail, for at most this
# long, so the other jobs (and a SIGTERM) never wait much longer.
ROUND_SECONDS = 30
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
PRUNE = "mail-prune"


def lease_for(timeout: float) -> timedelta:
    """How long a batch is held: every message taking the full SMTP timeout, and then some."""
    return timedelta(seconds=(BATCH + 2) * timeout + 30)


def backoff(attempts: int) -> timedelta:
    """The wait before try ``attempts + 1``: 1 minute, 2, 4, … at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def message_id(email: OutgoingEmail) -> str:
    """The same for every try of one email, so a resend is recognisable."""
    stamp = int(email.created_at.timestamp()) if email.created_at else 0
    return f"<outgoing.{email.id}.{stamp}@{_domain(current_app.config['MAIL_DEFAULT_SENDER'])}>"


@functools.lru_cache(maxsize=8)
def _domain(sender: str | None) -> str:
    return parseaddr(sender or "")[1].rpartition("@")[2] or "middle-ground.invalid"


def build(email: OutgoingEmail, connection=None) -> EmailMultiAlternatives:
    """The message as sent: plain text always, HTML as the alternative when there is one."""
    headers = {str(name): str(value) for name, value in (email.headers or {}).items()}
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = message_id(email)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[email.to_address],
        headers=headers,
        connection=connection,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def deliver(connection, message: EmailMultiAlternatives) -> None:
    """Hand ``message`` to the open ``connection``.

    Flask-Mailman's SMTP backend: the bytes go straight to its open
    ``smtplib.SMTP`` the way its ``send_messages`` sends them (the same
    message, addresses and mail options), minus the per-message work that is
    the same for every email (the sender's address is sanitized once). Any
    other backend (file, in-memory): its own ``send_messages``. Raises what
    smtplib raises, and ValueError for an unusable header or address.
    """
    smtp = getattr(connection, "connection", None)
    if not isinstance(smtp, smtplib.SMTP) or not hasattr(connection, "mailman"):
        connection.send_messages([message])
        return
    encoding = message.encoding or connection.mailman.default_charset
    sender = _sender(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    data = as_bytes(message, encoding, sender, recipients)
    if data is None:  # anything this job doesn't usually send: the library writes it
        data = message.message().as_bytes(linesep="\r\n")
    smtp.sendmail(sender, recipients, data, mail_options=connection.mailman.mail_options)


# A line of a message, without its CRLF, is at most this long (RFC 5322 2.1.1).
LINE_LIMIT = 998
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HEADER_NAME = re.compile(r"[!-9;-~]+")  # printable ASCII but the colon


def as_bytes(
    message: EmailMultiAlternatives, encoding: str, sender: str, recipients: list[str]
) -> bytes | None:
    """The message as Flask-Mailman would write it, for what this job sends: a plain
    text body, at most one HTML alternative, ASCII headers; None for anything else.

    The same headers (Subject, From, To, Date, Message-ID and the email's own),
    parts, charset and transfer encodings as the library's, written directly: the
    library's generic MIME objects and header folding were most of the CPU time
    of sending an email. Headers are not folded (a line stays within the 998
    characters SMTP allows, or the library writes the message); a header with
    a line break in it goes to the library, which refuses it (ValueError).
    """
    if encoding != "utf-8" or message.cc or message.bcc or message.reply_to:
        return None
    if message.attachments or message.content_subtype != "plain" or not message.body:
        return None
    alternatives = message.alternatives
    if len(alternatives) > 1 or any(mimetype != "text/html" for _, mimetype in alternatives):
        return None
    names = {name.lower() for name in message.extra_headers}
    if "message-id" not in names:
        return None
    headers = [
        ("Subject", message.subject),
        ("From", sender),  # sanitized, as the library writes an address header
        ("To", ", ".join(recipients)),
    ]
    if "date" not in names:
        headers.append(
            ("Date", formatdate(localtime=current_app.extensions["mailman"].use_localtime))
        )
    headers += [(n, v) for n, v in message.extra_headers.items() if n.lower() not in ("from", "to")]
    lines = []
    for name, value in headers:
        line = f"{name}: {value}"
        if (
            not isinstance(value, str)
            or not _HEADER_NAME.fullmatch(name)
            or not line.isascii()
            or "\r" in line
            or "\n" in line
            or len(line) > LINE_LIMIT
        ):
            return None
        lines.append(line)
    parts = [_part(message.body, "plain")]
    parts += [_part(content, "html") for content, _ in alternatives]
    if None in parts:
        return None
    head = "\r\n".join(lines).encode("ascii")
    if len(parts) == 1:
        return parts[0][0] + b"MIME-Version: 1.0\r\n" + head + b"\r\n\r\n" + parts[0][1]
    boundary = _boundary([message.body, *(content for content, _ in alternatives)])
    delimiter = b"\r\n--" + boundary + b"\r\n"
    return (
        b'Content-Type: multipart/alternative; boundary="' + boundary + b'"\r\n'
        b"MIME-Version: 1.0\r\n" + head + b"\r\n\r\n--" + boundary + b"\r\n"
        + delimiter.join(top + b"MIME-Version: 1.0\r\n\r\n" + body for top, body in parts)
        + b"\r\n--" + boundary + b"--\r\n"
    )  # fmt: skip


def _part(text: str, subtype: str) -> tuple[bytes, bytes] | None:
    """(headers, body) of one text part, lines ending CRLF; None when a line is too long
    (the library then quoted-printable encodes it) or the text can't be UTF-8."""
    try:
        lines = [line.encode("utf-8") for line in _LINE_BREAK.split(text)]
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if any(len(line) > LINE_LIMIT for line in lines):
        return None
    transfer = "7bit" if text.isascii() else "8bit"
    head = (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: {transfer}\r\n"
    ).encode("ascii")
    return head, b"\r\n".join(lines)


def _boundary(texts: list[str]) -> bytes:
    while True:
        boundary = f"==============={secrets.randbelow(10**19):019d}=="
        if not any(boundary in text for text in texts):
            return boundary.encode("ascii")


@functools.lru_cache(maxsize=8)
def _sender(address: str, encoding: str) -> str:
    return sanitize_address(address, encoding)


def run(now: datetime) -> int:
    """Send what is due; how many emails went out."""
    started = time.monotonic()

    def clock() -> datetime:
        # ``now`` moved on by the time this round has taken (``--now`` keeps its offset).
        return now + timedelta(seconds=time.monotonic() - started)

    timeout = float(current_app.config.get("MAIL_TIMEOUT") or 30)
    lease = lease_for(timeout)
    _recover(clock())
    _prune(clock())
    sent = 0
    while time.monotonic() - started < ROUND_SECONDS:
        at = clock()
        ids = claim(
            OutgoingEmail,
            OutgoingEmail.state == "queued",
            OutgoingEmail.next_attempt_at <= at,
            now=at,
            lease=lease,
            limit=BATCH,
        )
        if not ids:
            break
        done, finished = _send_batch(ids, held_until=at + lease, clock=clock, timeout=timeout)
        sent += done
        if not finished:
            break
    return sent


def _recover(at: datetime) -> None:
    """Emails a dead worker was sending (its lease ran out) go back to the queue."""
    result = db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.state == "sending", OutgoingEmail.claimed_until < at)
        .values(state="queued", claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount:
        log.warning("%d email(s) left mid-send by a stopped worker: queued again", result.rowcount)


def _prune(at: datetime) -> None:
    """Once a day, on one host: delete sent and failed emails older than MAIL_KEEP_DAYS.

    Their words can quote posts and comments that have since been deleted and
    erased (``flask content purge``); the outbox must not keep them longer.
    """
    period = f"{at:%Y-%m-%d}"
    if db.session.get(PeriodicRun, (PRUNE, period)) is not None:
        db.session.rollback()
        return
    if not claim_period(PRUNE, period, at):
        return
    keep = timedelta(days=float(current_app.config["MAIL_KEEP_DAYS"]))
    table = OutgoingEmail.__table__
    result = db.session.execute(
        table.delete().where(table.c.state.in_(("sent", "failed")), table.c.created_at < at - keep)
    )
    db.session.commit()
    finish_period(PRUNE, period, at, result.rowcount)


def _send_batch(ids: list[int], *, held_until: datetime, clock, timeout: float) -> tuple[int, bool]:
    """Send the claimed emails; (how many were sent, whether the batch went to the end)."""
    db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id.in_(ids))
        .values(state="sending")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    emails = db.session.scalars(
        select(OutgoingEmail).where(OutgoingEmail.id.in_(ids)).order_by(OutgoingEmail.id)
    ).all()
    # Plain values: after each commit nothing is reloaded from the database.
    for email in emails:
        db.session.expunge(email)
    connection = None
    sent = 0
    try:
        for position, email in enumerate(emails):
            if clock() + timedelta(seconds=timeout) >= held_until:
                # Not enough of the lease left to finish this send: another
                # worker may take these soon, so leave them to it.
                _release([e.id for e in emails[position:]])
                return sent, False
            if connection is None:
                try:
                    connection = mail.get_connection()
                    connection.open()
                except (smtplib.SMTPException, OSError) as exc:
                    # No server, or it won't let us in: the whole batch waits,
                    # rather than each email waiting out its own timeout.
                    _close(connection)
                    connection = None
                    error = _describe(exc)
                    for waiting in emails[position:]:
                        _retry(waiting, error, clock())
                    return sent, False
            try:
                deliver(connection, build(email))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                # The server refused this message; the connection may still be fine,
                # but a fresh one costs little and leaves no doubt.
                _close(connection)
                connection = None
                if _permanent(exc):
                    _failed(email, _describe(exc), clock())
                else:
                    _retry(email, _describe(exc), clock())
            except (smtplib.SMTPException, OSError) as exc:
                # No connection, a dropped one, a timeout, a refused sign-in or
                # sender: the server or its settings, not this message.
                _close(connection)
                connection = None
                _retry(email, _describe(exc), clock())
            except ValueError as exc:  # a header with a line break, an unusable address
                _failed(email, f"could not build the message: {exc}", clock())
            else:
                _sent(email, clock())
                sent += 1
    finally:
        _close(connection)
        db.session.rollback()
    return sent, True


def _permanent(exc: smtplib.SMTPException) -> bool:
    """A 5xx answer to this message's recipient or content: trying again won't help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and min(codes) >= 500
    return getattr(exc, "smtp_code", 0) >= 500


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        return f"{exc.smtp_code} {text}"[:1000]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = []
        for address, (code, text) in exc.recipients.items():
            if isinstance(text, bytes):
                text = text.decode("utf-8", "replace")
            parts.append(f"{address}: {code} {text}")
        return "; ".join(parts)[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def _finish(email: OutgoingEmail, **values) -> None:
    """Write the outcome of one email and commit it before the next is sent."""
    db.session.execute(_outcome(tuple(sorted(values))), {"email_id": email.id, **values})
    db.session.commit()


@functools.lru_cache(maxsize=8)
def _outcome(columns: tuple[str, ...]):
    """The UPDATE for an outcome setting ``columns``, built once: a plain statement
    with parameters, none of the ORM's bookkeeping, per email."""
    table = OutgoingEmail.__table__
    return (
        table.update()
        .where(table.c.id == bindparam("email_id"), table.c.state == "sending")
        .values(claimed_until=None, **{name: bindparam(name) for name in columns})
    )


def _sent(email: OutgoingEmail, at: datetime) -> None:
    _finish(email, state="sent", sent_at=at, attempts=email.attempts + 1, last_error=None)


def _failed(email: OutgoingEmail, error: str, at: datetime) -> None:
    log.warning("email %d to user %s failed for good: %s", email.id, email.user_id, error)
    _finish(email, state="failed", attempts=email.attempts + 1, last_error=error)


def _retry(email: OutgoingEmail, error: str, at: datetime) -> None:
    attempts = email.attempts + 1
    give_up = timedelta(hours=float(current_app.config["MAIL_GIVE_UP_AFTER_HOURS"]))
    if email.created_at is not None and at - email.created_at >= give_up:
        error = f"gave up after {attempts} attempts over {give_up}; last: {error}"
        _failed(email, error, at)
        return
    wait = backoff(attempts)
    log.info("email %d refused (%s); try %d in %s", email.id, error, attempts + 1, wait)
    _finish(
        email,
        state="queued",
        attempts=attempts,
        last_error=error,
        next_attempt_at=at + wait,
    )


def _release(ids: list[int]) -> None:
    db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id.in_(ids), OutgoingEmail.state == "sending")
        .values(state="queued", claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _close(connection) -> None:
    """Close the backend and, whatever it raises, its socket.

    Flask-Mailman's SMTP backend sends QUIT and, if the server answers that
    with an error, raises before closing the socket; the socket would then be
    left to the garbage collector.
    """
    if connection is None:
        return
    smtp = getattr(connection, "connection", None)
    try:
        connection.close()
    except Exception as exc:  # noqa: BLE001 (closing must not lose the outcome already kept)
        log.info("closing the mail connection: %s", exc)
    finally:
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()
