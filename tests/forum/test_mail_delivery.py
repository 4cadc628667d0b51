"""Sending queued email (forum/mail/sending.py) through a real SMTP server, and the file backend.

The ``mail_server`` fixture is aiosmtpd on a free port: what a test reads is
what arrived over SMTP, as a mail client would see it.
"""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest

from forum import create_app
from forum.extensions import db
from forum.mail import mail, queue_email, sending
from forum.models import OutgoingEmail
from tests.factories import make_user

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
UNSUBSCRIBE = {
    "List-Unsubscribe": "<https://forum.example.org/email/unsubscribe/abc>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def _queue(count: int = 1, *, html: bool = True, at: datetime = NOW, **extra) -> list[int]:
    ids = []
    for i in range(count):
        email = queue_email(
            f"parent{i}@example.org",
            kind="notifications",
            subject="3 new replies on Middle Ground",
            text=f"Plain words {i}: a nurse answered.",
            html=f"<p>Rich words {i}: a nurse <b>answered</b>.</p>" if html else None,
            headers=UNSUBSCRIBE,
            **extra,
        )
        email.created_at = email.next_attempt_at = at
        db.session.flush()
        ids.append(email.id)
    db.session.commit()
    return ids


def _states() -> dict[int, OutgoingEmail]:
    db.session.expire_all()
    return {e.id: e for e in db.session.scalars(db.select(OutgoingEmail))}


def _bodies(message) -> dict[str, str]:
    parts = [part for part in message.walk() if not part.is_multipart()]
    return {part.get_content_type(): part.get_content() for part in parts}


@pytest.fixture
def smtp_app(make_app, mail_server):
    return make_app(**mail_server.config)


def test_queued_email_arrives_with_plain_text_html_and_unsubscribe_headers(smtp_app, mail_server):
    with smtp_app.app_context():
        user = make_user("dana", email="dana@example.org")
        (first,) = _queue(1, user=user)
        _queue(1, html=False)
        assert sending.run(NOW) == 2
        emails = _states()

    rich, plain = mail_server.messages
    assert rich["To"] == "parent0@example.org"
    assert rich["Subject"] == "3 new replies on Middle Ground"
    assert "no-reply@middle-ground.invalid" in rich["From"]
    assert rich["List-Unsubscribe"] == UNSUBSCRIBE["List-Unsubscribe"]
    assert rich["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _bodies(rich)["text/plain"].strip() == "Plain words 0: a nurse answered."
    assert "a nurse <b>answered</b>" in _bodies(rich)["text/html"]
    assert list(_bodies(plain)) == ["text/plain"]  # no HTML part when there is no HTML
    assert rich["Message-ID"] == f"<outgoing.{first}.{int(NOW.timestamp())}@middle-ground.invalid>"
    assert rich["Message-ID"] != plain["Message-ID"]
    assert [(e.state, e.attempts) for e in emails.values()] == [("sent", 1)] * 2
    assert all(NOW <= e.sent_at < NOW + timedelta(seconds=5) for e in emails.values())
    assert all(e.claimed_until is None for e in emails.values())


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n")


def _shape(message) -> dict:
    """What a mail client reads: headers (but the Date's second) and each part's type and
    text (its line ends as a client shows them)."""
    # Stripped: the library folds a long header onto a line of its own.
    headers = {name: str(value).strip() for name, value in message.items() if name != "Date"}
    headers.pop("Content-Type", None)  # the boundary is random; the parts say the rest
    parts = [
        (part.get_content_type(), part.get_content_charset(), _lines(part.get_content()))
        for part in message.walk()
        if not part.is_multipart()
    ]
    return {"headers": headers, "type": message.get_content_type(), "parts": parts}


def test_what_arrives_reads_as_the_library_would_have_written_it(smtp_app, mail_server):
    long_link = "<https://forum.example.org/email/unsubscribe/" + "x" * 120 + ">"
    shapes = [
        {"subject": "3 new replies on Middle Ground", "text": "Plain words\nline two\n",
         "html": "<p>Rich</p>\n<p>words</p>", "headers": {**UNSUBSCRIBE,
         "List-Unsubscribe": long_link}},
        {"subject": "Your daily digest from Middle Ground",
         "text": "Crohn’s — a nurse answered.\r\nSecond line. ", "html": "<p>Crohn’s</p>"},
        {"subject": "Réponses sur Middle Ground", "text": "accents in the subject", "html": None},
        {"subject": "A long line", "text": "word " * 300, "html": "<p>" + "mot " * 300 + "</p>"},
        {"subject": "Only text", "text": "no HTML here\n\n.\n.. a dot line", "html": None},
    ]  # fmt: skip
    with smtp_app.app_context():
        for shape in shapes:
            email = queue_email(
                "parent@example.org", kind="notifications", subject=shape["subject"],
                text=shape["text"], html=shape["html"], headers=shape.get("headers", UNSUBSCRIBE),
            )  # fmt: skip
            email.created_at = email.next_attempt_at = NOW
        db.session.commit()
        assert sending.run(NOW) == len(shapes)
        # The library's bytes as smtplib sends them: ending with a line break.
        library = [
            message_from_bytes(
                sending.build(email).message().as_bytes(linesep="\r\n").removesuffix(b"\r\n")
                + b"\r\n",
                policy=policy.default,
            )
            for email in db.session.scalars(db.select(OutgoingEmail).order_by(OutgoingEmail.id))
        ]
        direct = [
            sending.as_bytes(sending.build(email), "utf-8", "s@example.org", [email.to_address])
            for email in db.session.scalars(db.select(OutgoingEmail).order_by(OutgoingEmail.id))
        ]
    # Written directly but for a non-ASCII subject and a line too long (the library's work).
    assert [data is not None for data in direct] == [True, True, False, False, True]
    arrived = mail_server.messages
    assert [_shape(m) for m in arrived] == [_shape(m) for m in library]
    assert arrived[0]["List-Unsubscribe"] == long_link
    plain = arrived[1].get_body(("plain",)).get_content()
    assert _lines(plain) == "Crohn’s — a nurse answered.\nSecond line. "
    assert arrived[2]["Subject"] == "Réponses sur Middle Ground"
    assert all(m["Date"] for m in arrived)


def test_a_header_with_a_line_break_is_refused_over_smtp_too(smtp_app, mail_server):
    with smtp_app.app_context():
        bad, good = _queue(2)
        email = db.session.get(OutgoingEmail, bad)
        email.headers = {**UNSUBSCRIBE, "X-Note": "one\nBcc: someone@example.org"}
        db.session.commit()
        assert sending.run(NOW) == 1
        states = _states()
    assert states[bad].state == "failed" and "could not build" in states[bad].last_error
    assert states[good].state == "sent"
    assert len(mail_server.messages) == 1


def test_nothing_is_sent_twice_and_nothing_early(smtp_app, mail_server):
    with smtp_app.app_context():
        _queue(2)
        later = _queue(1, at=NOW + timedelta(hours=1))
        assert sending.run(NOW) == 2
        assert sending.run(NOW) == 0
        assert _states()[later[0]].state == "queued"
        assert sending.run(NOW + timedelta(hours=1)) == 1
    assert len(mail_server.messages) == 3


def test_a_server_that_refuses_then_accepts_gets_everything_with_backoff_recorded(
    smtp_app, mail_server
):
    with smtp_app.app_context():
        ids = _queue(3)
        mail_server.refuse_next(2)  # greylisting: "451 try again later"
        assert sending.run(NOW) == 1
        emails = _states()
        refused = [emails[i] for i in ids[:2]]
        assert [e.state for e in refused] == ["queued", "queued"]
        assert all(e.attempts == 1 and e.last_error.startswith("451") for e in refused)
        assert all(
            timedelta(seconds=59) < e.next_attempt_at - NOW < timedelta(seconds=61) for e in refused
        )
        assert sending.run(NOW + timedelta(seconds=30)) == 0  # not before the backoff

        mail_server.refuse_next(1)  # refused once more: the wait doubles
        assert sending.run(NOW + timedelta(minutes=1, seconds=1)) == 1
        again = [e for e in _states().values() if e.state == "queued"]
        assert len(again) == 1 and again[0].attempts == 2
        assert (
            timedelta(minutes=2) < again[0].next_attempt_at - NOW < timedelta(minutes=3, seconds=2)
        )

        assert sending.run(NOW + timedelta(minutes=4)) == 1
        emails = _states()
    assert {e.state for e in emails.values()} == {"sent"}
    assert sorted(m["To"] for m in mail_server.messages) == [
        "parent0@example.org",
        "parent1@example.org",
        "parent2@example.org",
    ]
    assert len({m["Message-ID"] for m in mail_server.messages}) == 3


def test_a_server_that_keeps_refusing_fails_the_email_after_the_give_up_time(smtp_app, mail_server):
    with smtp_app.app_context():
        (email_id,) = _queue(1)
        at = NOW
        for _ in range(12):
            mail_server.refuse_next(1)
            assert sending.run(at) == 0
            email = _states()[email_id]
            assert email.state == "queued"
            assert email.next_attempt_at - at <= timedelta(hours=1, seconds=1)  # capped
            at = email.next_attempt_at
        assert email.attempts == 12
        mail_server.refuse_next(1)
        assert sending.run(NOW + timedelta(hours=24, minutes=1)) == 0
        email = _states()[email_id]
    assert email.state == "failed"
    assert email.attempts == 13
    assert "gave up" in email.last_error and "451" in email.last_error
    assert mail_server.messages == []


def test_an_unreachable_server_is_retried_later_not_failed(make_app, tmp_path):
    from tests.mailserver import free_port

    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    with app.app_context():
        _queue(sending.BATCH + 5)
        assert sending.run(NOW) == 0
        emails = _states()
    tried = [e for e in emails.values() if e.attempts]
    assert len(tried) == sending.BATCH  # one batch waits; the next round tries again
    assert all(e.state == "queued" and "Connection" in e.last_error for e in tried)
    assert all(e.next_attempt_at > NOW for e in tried)


def test_a_permanent_refusal_fails_at_once_and_the_rest_still_go(smtp_app, mail_server):
    async def refuse_unknown(server, session, envelope, address, rcpt_options):
        if address.startswith("parent0@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    mail_server.handler.handle_RCPT = refuse_unknown
    with smtp_app.app_context():
        first, second = _queue(2)
        assert sending.run(NOW) == 1
        emails = _states()
    assert emails[first].state == "failed" and "550" in emails[first].last_error
    assert emails[second].state == "sent"
    assert [m["To"] for m in mail_server.messages] == ["parent1@example.org"]


def test_a_header_with_a_line_break_fails_that_email_only(app):
    with app.app_context():
        (bad,) = _queue(1)
        db.session.get(OutgoingEmail, bad).headers = {"X-Bad": "a\r\nBcc: someone@example.org"}
        db.session.commit()
        (good,) = _queue(1)
        assert sending.run(NOW) == 1
        emails = _states()
        outbox = mail.outbox
    assert emails[bad].state == "failed" and "could not build" in emails[bad].last_error
    assert emails[good].state == "sent"
    assert len(outbox) == 1


def test_a_worker_that_died_mid_send_leaves_its_emails_to_the_next_round(app):
    with app.app_context():
        ids = _queue(3)
        db.session.execute(
            db.update(OutgoingEmail)
            .where(OutgoingEmail.id.in_(ids[:2]))
            .values(state="sending", claimed_until=NOW + timedelta(minutes=5))
        )
        db.session.commit()
        assert sending.run(NOW) == 1  # still held: the other worker may be alive
        assert sending.run(NOW + timedelta(minutes=6)) == 2  # its lease ran out
        assert {e.state for e in _states().values()} == {"sent"}
        assert len(mail.outbox) == 3


def test_the_smtp_socket_is_closed_even_when_quit_fails(smtp_app, mail_server, monkeypatch):
    """Flask-Mailman's close() raises without closing the socket when QUIT fails."""

    def failing_quit():
        raise smtplib.SMTPException("QUIT refused")

    with smtp_app.app_context():
        connection = mail.get_connection()
        connection.open()
        smtp = connection.connection
        monkeypatch.setattr(smtp, "quit", failing_quit)
        sending._close(connection)
    assert smtp.sock is None and connection.connection is None


def test_a_refused_message_and_a_refused_quit_still_leave_the_rest_sent(smtp_app, mail_server):
    async def refuse_quit(server, session, envelope, arg):
        await server.push("421 4.3.0 Going away")

    mail_server.handler.handle_QUIT = refuse_quit
    mail_server.refuse_next(1)
    with smtp_app.app_context():
        _queue(3)
        assert sending.run(NOW) == 2
        assert sorted(e.state for e in _states().values()) == ["queued", "sent", "sent"]


def test_the_file_backend_writes_one_eml_per_email(make_app, tmp_path):
    app = make_app(MAIL_BACKEND="file", MAIL_FILE_PATH=str(tmp_path / "outbox"))
    with app.app_context():
        _queue(3)
        assert sending.run(NOW) == 3
    files = sorted((tmp_path / "outbox").iterdir())
    assert [f.suffix for f in files] == [".eml"] * 3
    messages = [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert sorted(m["To"] for m in messages) == [f"parent{i}@example.org" for i in range(3)]
    assert all(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in messages)
    assert all(m.get_body(("plain",)).get_content().startswith("Plain words") for m in messages)


def test_mail_settings_from_the_environment_have_the_types_the_library_needs(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_MAIL_BACKEND", "smtp")
    monkeypatch.setenv("FORUM_MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("FORUM_MAIL_PORT", "587")
    monkeypatch.setenv("FORUM_MAIL_USE_TLS", "True")
    monkeypatch.setenv("FORUM_MAIL_DEFAULT_SENDER", "Middle Ground <hello@example.org>")
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'env.db'}", "SECRET_KEY": "x"}
    app = create_app(config)
    state = app.extensions["mailman"]
    assert (state.backend, state.server, state.port) == ("smtp", "smtp.example.org", 587)
    assert state.use_tls is True and state.use_ssl is False
    assert state.default_sender == "Middle Ground <hello@example.org>"
    with app.app_context():
        connection = mail.get_connection()
    assert isinstance(connection.port, int) and connection.use_tls is True

    monkeypatch.setenv("FORUM_MAIL_USE_TLS", "False")  # a string "False" must not mean yes
    assert create_app(config).extensions["mailman"].use_tls is False
    monkeypatch.setenv("FORUM_MAIL_PORT", "smtp")
    with pytest.raises(RuntimeError, match="FORUM_MAIL_PORT"):
        create_app(config)


def test_the_default_backend_writes_eml_files_in_the_instance_folder(tmp_path):
    from forum.mail.backends import EmlFileBackend

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    assert app.extensions["mailman"].backend is EmlFileBackend
    assert app.config["MAIL_FILE_PATH"].endswith("mail")


def test_notify_work_once_says_what_it_sent_and_takes_now(make_app):
    app = make_app(MAIL_BACKEND="locmem")
    with app.app_context():
        _queue(2, at=NOW + timedelta(days=1))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notify", "work", "--once", "--now", "2027-03-01T09:00"])
    assert result.exit_code == 0, result.output
    assert "sending: 0" in result.output
    result = runner.invoke(args=["notify", "work", "--once", "--now", "2027-03-02T10:00"])
    assert result.exit_code == 0, result.output
    assert "sending: 2" in result.output
    result = runner.invoke(args=["notify", "work", "--once", "--now", "yesterday"])
    assert result.exit_code != 0 and "2027-03-05T09:00" in result.output


def test_backoff_doubles_and_is_capped_at_an_hour():
    assert [sending.backoff(n).total_seconds() / 60 for n in range(1, 9)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


def test_smtp_errors_are_kept_readable():
    error = smtplib.SMTPDataError(451, b"4.3.0 Try again later")
    assert sending._describe(error) == "451 4.3.0 Try again later"


def test_the_worker_loop_reports_each_round_that_did_something(app):
    from forum.notify import worker

    rounds = []
    with app.app_context():
        _queue(2, at=datetime.now(UTC))
        worker.work(0.01, rounds=2, report=rounds.append)
        assert len(mail.outbox) == 2
    assert [done["sending"] for done in rounds] == [2]  # the idle second round says nothing


def test_sent_and_failed_emails_are_deleted_after_the_keep_days_once_a_day(app):
    with app.app_context():
        old_sent, old_failed, old_queued = _queue(3, at=NOW - timedelta(days=31))
        (recent,) = _queue(1, at=NOW - timedelta(days=28))
        db.session.execute(
            db.update(OutgoingEmail)
            .where(OutgoingEmail.id.in_([old_sent, recent]))
            .values(state="sent")
        )
        db.session.execute(
            db.update(OutgoingEmail)
            .where(OutgoingEmail.id == old_failed)
            .values(state="failed", last_error="550 no such mailbox")
        )
        db.session.execute(
            db.update(OutgoingEmail)
            .where(OutgoingEmail.id == old_queued)
            .values(next_attempt_at=NOW + timedelta(hours=1))
        )
        db.session.commit()
        assert sending.run(NOW) == 0
        assert sorted(_states()) == [old_queued, recent]  # never an email still to send
        db.session.execute(db.update(OutgoingEmail).values(state="sent"))
        db.session.commit()
        sending.run(NOW + timedelta(hours=1))  # the same day: pruned already
        assert sorted(_states()) == [old_queued, recent]
        sending.run(NOW + timedelta(days=1))
        assert sorted(_states()) == [recent]
