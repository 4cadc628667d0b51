"""Notifications by email: batches (at most one email per EMAIL_BATCH_MINUTES) and
daily and weekly digests, read from the outbox as the worker would send them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_mailman import EmailMultiAlternatives
from sqlalchemy import select

from forum.extensions import db
from forum.mail import batches, digests
from forum.models import Notification, OutgoingEmail, PeriodicRun, Post, User
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday
TITLE = "Bathroom pass card for school"


def _world(app, *, mode="each", confirmed=True):
    """A member watching a post of someone else's; returns (member id, post id, author id)."""
    with app.app_context():
        reader = make_user(
            "reader",
            email="reader@example.org",
            email_mode=mode,
            email_confirmed_at=NOW - timedelta(days=30) if confirmed else None,
        )
        author = make_user("nurse-kim")
        post = make_post(author, title=TITLE)
        return reader.id, post.id, author.id


def _notify(app, user_id, post_id, actor_id, *, kind="comment", at=NOW, state="pending", n=1):
    with app.app_context():
        post = db.session.get(Post, post_id)
        actor = db.session.get(User, actor_id)
        for _ in range(n):
            comment = (
                make_comment(post, actor, "We used a laminated card.")
                if kind == "comment"
                else None
            )
            db.session.add(
                Notification(
                    user_id=user_id,
                    kind=kind,
                    post_id=post_id,
                    comment_id=comment.id if comment else None,
                    actor_id=actor_id,
                    created_at=at,
                    email_state=state,
                )
            )
        db.session.commit()


def _emails(app):
    with app.app_context():
        rows = db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)).all()
        db.session.expunge_all()
        return rows


def _states(app):
    with app.app_context():
        return sorted(db.session.scalars(select(Notification.email_state)))


def _run(app, job, now):
    with app.app_context():
        return job.run(now)


# ---------- batches ----------


def test_a_batch_lists_every_new_notification_without_a_title_in_the_subject(app):
    reader, post, author = _world(app)
    _notify(app, reader, post, author, n=3)
    assert _run(app, batches, NOW) == 1
    (email,) = _emails(app)
    assert email.subject == "3 new replies on Middle Ground"
    assert TITLE not in email.subject
    assert (email.to_address, email.kind) == ("reader@example.org", "notifications")
    for part in (email.text_body, email.html_body):
        assert "Hello reader" in part
        assert TITLE in part and "nurse-kim commented on" in part
        assert f"http://127.0.0.1:5000/posts/{post}" in part
        assert "/email/unsubscribe/" in part
    assert f"/posts/{post}#comment-" in email.html_body  # each line links to its comment
    assert email.headers["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/email/unsubscribe/")
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _states(app) == ["sent"] * 3
    with app.app_context():
        assert db.session.get(User, reader).email_batch_sent_at == NOW


def test_at_most_one_batch_every_ten_minutes(app):
    reader, post, author = _world(app)
    _notify(app, reader, post, author)
    assert _run(app, batches, NOW) == 1
    _notify(app, reader, post, author, at=NOW + timedelta(minutes=1))
    assert _run(app, batches, NOW + timedelta(minutes=5)) == 0
    assert _run(app, batches, NOW + timedelta(minutes=10, seconds=1)) == 1
    assert [e.subject for e in _emails(app)] == ["1 new reply on Middle Ground"] * 2


def test_read_or_hidden_notifications_are_skipped_and_nothing_left_sends_nothing(app):
    reader, post, author = _world(app)
    _notify(app, reader, post, author, n=2)
    with app.app_context():
        first = db.session.scalars(select(Notification).order_by(Notification.id)).first()
        first.read_at = NOW
        db.session.commit()
    assert _run(app, batches, NOW) == 1
    assert "1 new reply" in _emails(app)[0].subject
    assert _states(app) == ["sent", "skipped"]

    _notify(app, reader, post, author, at=NOW + timedelta(minutes=20))
    with app.app_context():
        db.session.get(Post, post).status = "hidden"
        db.session.commit()
    assert _run(app, batches, NOW + timedelta(minutes=30)) == 0
    assert len(_emails(app)) == 1
    assert _states(app) == ["sent", "skipped", "skipped"]


def test_only_confirmed_addresses_in_mode_each_get_batches(app):
    reader, post, author = _world(app, confirmed=False)
    _notify(app, reader, post, author)
    assert _run(app, batches, NOW) == 0
    assert _states(app) == ["skipped"]
    with app.app_context():
        user = db.session.get(User, reader)
        user.email_confirmed_at, user.email_mode = NOW, "daily"
        db.session.commit()
    _notify(app, reader, post, author)
    assert _run(app, batches, NOW) == 0
    assert _emails(app) == []


def test_two_workers_send_one_batch(make_app):
    app, other = make_app(), make_app()
    reader, post, author = _world(app)
    _notify(app, reader, post, author, n=2)
    assert _run(app, batches, NOW) + _run(other, batches, NOW) == 1
    assert len(_emails(app)) == 1


def test_a_batch_arrives_whole_through_a_real_smtp_server(make_app, mail_server):
    app = make_app(**mail_server.config)
    reader, post, author = _world(app)
    _notify(app, reader, post, author, n=2)
    _run(app, batches, NOW)
    (row,) = _emails(app)
    with app.app_context():  # as the sending job does, until it is merged
        message = EmailMultiAlternatives(
            row.subject, row.text_body, to=[row.to_address], headers=row.headers
        )
        message.attach_alternative(row.html_body, "text/html")
        message.send()
    (received,) = mail_server.messages
    assert received["Subject"] == "2 new replies on Middle Ground"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        received["List-Unsubscribe"].strip().startswith("<http://127.0.0.1:5000/email/unsubscribe/")
    )
    assert "Middle Ground" in received["From"]
    types = [part.get_content_type() for part in received.walk()]
    assert "text/plain" in types and "text/html" in types


# ---------- digests ----------


def test_a_daily_digest_goes_once_per_day_even_from_two_workers(make_app):
    app, other = make_app(), make_app()
    reader, post, author = _world(app, mode="daily")
    _notify(app, reader, post, author, at=NOW - timedelta(hours=3), state=None, n=2)
    _notify(app, reader, post, author, kind="post", at=NOW - timedelta(hours=2), state=None)
    assert _run(app, digests, NOW) == 1
    assert _run(other, digests, NOW + timedelta(minutes=1)) == 0
    assert _run(app, digests, NOW + timedelta(hours=5)) == 0
    (email,) = _emails(app)
    assert email.subject == "Your daily digest from Middle Ground"
    assert (email.kind, email.to_address) == ("digest", "reader@example.org")
    assert email.text_body.count(TITLE) == 1  # grouped by post
    assert "3 new things" in email.text_body
    assert "List-Unsubscribe" in email.headers
    # The next day: nothing new, no email; something new, a digest of only that.
    assert _run(app, digests, NOW + timedelta(days=1)) == 0
    _notify(app, reader, post, author, at=NOW + timedelta(days=1, hours=1), state=None)
    assert _run(app, digests, NOW + timedelta(days=2)) == 1
    assert "1 new thing " in _emails(app)[-1].text_body


def test_weekly_digests_go_once_per_iso_week_and_skip_what_was_read(app):
    reader, post, author = _world(app, mode="weekly")
    _notify(app, reader, post, author, at=NOW - timedelta(days=2), state=None)
    assert _run(app, digests, NOW) == 1
    assert _emails(app)[0].subject == "Your weekly digest from Middle Ground"
    _notify(app, reader, post, author, at=NOW + timedelta(days=1), state=None)
    assert _run(app, digests, NOW + timedelta(days=3)) == 0  # the same week
    with app.app_context():
        db.session.execute(Notification.__table__.update().values(read_at=NOW))
        db.session.commit()
    assert _run(app, digests, NOW + timedelta(days=7)) == 0  # read in the app meanwhile
    assert len(_emails(app)) == 1


def test_a_digest_leaves_out_hidden_content_and_unconfirmed_members(app):
    reader, post, author = _world(app, mode="daily", confirmed=False)
    _notify(app, reader, post, author, at=NOW - timedelta(hours=1), state=None)
    assert _run(app, digests, NOW) == 0
    with app.app_context():
        db.session.get(User, reader).email_confirmed_at = NOW
        db.session.get(Post, post).status = "removed"
        db.session.commit()
    assert _run(app, digests, NOW + timedelta(days=1)) == 0
    assert _emails(app) == []


def test_a_period_whose_runner_died_is_taken_over_without_sending_twice(app):
    reader, post, author = _world(app, mode="daily")
    _notify(app, reader, post, author, at=NOW - timedelta(hours=3), state=None)
    assert _run(app, digests, NOW) == 1
    with app.app_context():  # as if the runner had been killed before it finished
        run = db.session.get(PeriodicRun, ("digest-daily", NOW.strftime("%Y-%m-%d")))
        run.finished_at = None
        db.session.commit()
    assert _run(app, digests, NOW + timedelta(minutes=5)) == 0  # it may still be running
    assert _run(app, digests, NOW + timedelta(hours=1)) == 0  # taken over: already sent
    with app.app_context():
        run = db.session.get(PeriodicRun, ("digest-daily", NOW.strftime("%Y-%m-%d")))
        assert run.finished_at == NOW + timedelta(hours=1)
    assert len(_emails(app)) == 1
