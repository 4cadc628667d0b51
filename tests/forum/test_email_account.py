"""A member's email: optional at sign-up, confirmed by a signed link, managed on
/account/email; password reset by email; one-click unsubscribe (RFC 8058).

Emails are read from the outbox (OutgoingEmail rows), as the worker would send them.
"""

from __future__ import annotations

import re

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from forum.extensions import db
from forum.mail.tokens import reset_token, unsubscribe_token
from forum.models import OutgoingEmail, User
from tests.factories import PASSWORD, make_user
from tests.forum.walk_helpers import changed_tables, snapshot

NEW_PASSWORD = "lantern meadow copper fig"
SITE = "http://127.0.0.1:5000"
BAD_LINK = "This link doesn&#39;t work"  # as the page escapes it


def outbox(app) -> list[OutgoingEmail]:
    with app.app_context():
        rows = db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)).all()
        db.session.expunge_all()
        return rows


def link_in(email: OutgoingEmail) -> str:
    """The path of the first link to this site in the email's plain-text part."""
    found = re.search(re.escape(SITE) + r"(/\S+)", email.text_body)
    assert found, email.text_body
    return found.group(1)


def member(app, name: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == name))
        db.session.expunge_all()
        return user


def join(client, name: str, email: str = ""):
    return client.post(
        "/auth/register",
        data={"username": name, "email": email, "password": NEW_PASSWORD, "perspective": "patient"},
    )


def later(monkeypatch, hours: float) -> None:
    """Signed links are read as if ``hours`` had passed."""
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda self: real(self) + int(hours * 3600)
    )


# ---------- sign-up and confirmation ----------


def test_joining_without_an_email_address_sends_nothing(app, client):
    response = join(client, "no-mail-parent")
    assert response.status_code == 302
    assert member(app, "no-mail-parent").email is None
    assert outbox(app) == []
    page = client.get("/account/email").text
    assert "You haven't given an email address" in page


def test_joining_with_an_address_sends_a_link_that_confirms_it(app, client):
    response = join(client, "river-mum", "River@Example.org")
    assert response.status_code == 302
    assert member(app, "river-mum").email_confirmed_at is None
    (email,) = outbox(app)
    assert (email.to_address, email.kind) == ("river@example.org", "confirm")
    assert "List-Unsubscribe" not in email.headers  # account mail, not list mail
    assert "river-mum" in email.text_body and "river-mum" in email.html_body
    page = client.get(link_in(email))
    assert page.status_code == 200
    assert "Your email address is confirmed" in page.text
    assert member(app, "river-mum").email_confirmed_at is not None
    assert client.get(link_in(email)).status_code == 200  # followed twice: still fine


def test_joining_with_someone_elses_address_reads_the_same_and_tells_the_owner(app, client):
    with app.app_context():
        make_user("owner", email="shared@example.org")
    first = join(client, "newcomer-one", "fresh@example.org")
    other = app.test_client()
    second = join(other, "newcomer-two", "shared@example.org")
    assert (first.status_code, first.location) == (second.status_code, second.location)
    assert "confirm your email address" in client.get("/").text
    assert "confirm your email address" in other.get("/").text
    assert member(app, "newcomer-two").email is None
    to_owner = outbox(app)[-1]
    assert to_owner.to_address == "shared@example.org"
    assert "Someone just tried to use this email address" in to_owner.text_body
    assert "/account/email/confirm/" not in to_owner.text_body  # no way in for the newcomer
    # The newcomer's settings page looks like anyone's waiting for a link.
    assert (
        "We sent a link to <strong>shared@example.org</strong>" in other.get("/account/email").text
    )


def test_a_confirmation_link_that_is_tampered_expired_or_for_an_old_address_fails(
    app, client, auth, monkeypatch
):
    with app.app_context():
        make_user("lake", email="lake@example.org")
    auth.login("lake")
    for address in ("first@example.org", "second@example.org"):
        response = client.post(
            "/account/email", data={"email": address, "current_password": PASSWORD}
        )
        assert response.status_code == 302
    old, new = (link_in(e) for e in outbox(app))
    assert member(app, "lake").email == "lake@example.org"  # kept until the new one is confirmed

    for bad in (old, new[:-3] + "abc", "/account/email/confirm/" + "x" * 500):
        page = client.get(bad)
        assert page.status_code == 404
        assert BAD_LINK in page.text
    with monkeypatch.context() as m:
        later(m, hours=49)
        assert client.get(new).status_code == 404
    assert member(app, "lake").email == "lake@example.org"

    assert client.get(new).status_code == 200
    assert (member(app, "lake").email, member(app, "lake").email_pending) == (
        "second@example.org",
        None,
    )


def test_confirming_takes_an_address_from_an_account_that_never_confirmed_it(app, client):
    join(client, "squatter", "mine@example.org")
    owner = app.test_client()
    join(owner, "real-owner")
    owner.post(
        "/account/email", data={"email": "mine@example.org", "current_password": NEW_PASSWORD}
    )
    assert owner.get(link_in(outbox(app)[-1])).status_code == 200
    assert member(app, "real-owner").email == "mine@example.org"
    assert member(app, "squatter").email is None


# ---------- the settings page ----------


def test_changing_the_address_asks_for_the_current_password(app, client, auth):
    with app.app_context():
        make_user("pond", email="pond@example.org")
    auth.login("pond")
    before = snapshot(app)
    response = client.post(
        "/account/email", data={"email": "new@example.org", "current_password": "wrong"}
    )
    assert response.status_code == 400
    assert "That isn&#39;t your current password." in response.text
    assert not changed_tables(app, before) - {"rate_limits"}
    response = client.post("/account/email", data={"email": "nope", "current_password": PASSWORD})
    assert response.status_code == 400
    assert "Enter an email address like name@example.org." in response.text


def test_removing_the_address_stops_all_mail(app, client, auth):
    with app.app_context():
        make_user("brook", email="brook@example.org", email_mode="daily")
    auth.login("brook")
    response = client.post("/account/email", data={"email": "", "current_password": PASSWORD})
    assert response.status_code == 302
    user = member(app, "brook")
    assert (user.email, user.email_confirmed_at, user.email_mode) == (None, None, "none")


def test_choosing_how_to_hear_and_resending_the_link(app, client, auth):
    with app.app_context():
        make_user("fen", email="fen@example.org")
    auth.login("fen")
    page = client.get("/account/email").text
    assert "We email <strong>fen@example.org</strong>" in page
    assert client.post("/account/email/mode", data={"email_mode": "weekly"}).status_code == 302
    assert member(app, "fen").email_mode == "weekly"
    response = client.post("/account/email/mode", data={"email_mode": "hourly"})
    assert response.status_code == 400
    assert member(app, "fen").email_mode == "weekly"

    assert client.post("/account/email/resend").status_code == 302
    assert outbox(app) == []  # nothing waits for confirmation
    client.post("/account/email", data={"email": "fen2@example.org", "current_password": PASSWORD})
    client.post("/account/email/resend")
    assert [e.to_address for e in outbox(app)] == ["fen2@example.org"] * 2


def test_the_settings_are_linked_from_the_account_and_password_pages(app, client, auth):
    with app.app_context():
        make_user("marsh")
    auth.login("marsh")
    assert 'href="/account"' in client.get("/users/marsh").text  # the profile leads to the account
    assert 'href="/account/email"' in client.get("/account").text
    assert 'href="/account/email"' in client.get("/auth/password").text
    assert client.get("/account/email").status_code == 200
    assert app.test_client().get("/account/email").status_code == 302  # sign in first


# ---------- password reset ----------


def _forgot(client, login: str):
    return client.post("/auth/forgot", data={"login": login})


def test_forgot_password_answers_the_same_whether_or_not_an_account_matches(app, client):
    with app.app_context():
        make_user("heron", email="heron@example.org")
        make_user("unconfirmed", email="u@example.org", email_confirmed_at=None)
    assert 'href="/auth/forgot"' in client.get("/auth/login").text
    answers = [
        _forgot(client, who) for who in ("heron", "nobody", "u@example.org", "HERON@example.org")
    ]
    assert {a.status_code for a in answers} == {200}
    texts = {re.sub(r'value="[^"]*"', "", a.text) for a in answers}
    assert len(texts) == 1
    assert "If an account with a confirmed email address matches" in answers[0].text
    emails = outbox(app)
    assert [(e.to_address, e.kind) for e in emails] == [("heron@example.org", "reset")] * 2
    assert emails[0].subject == "Reset your Middle Ground password"
    assert _forgot(client, "").status_code == 400


def test_a_reset_link_sets_a_new_password_once_and_signs_out_everywhere(app, client):
    with app.app_context():
        make_user("egret", email="egret@example.org")
    elsewhere = app.test_client()
    elsewhere.post("/auth/login", data={"username": "egret", "password": PASSWORD})
    assert elsewhere.get("/auth/password").status_code == 200
    _forgot(client, "egret")
    link = link_in(outbox(app)[0])

    page = client.get(link)
    assert page.status_code == 200 and "Choose a new password" in page.text
    weak = client.post(link, data={"new_password": "password1"})
    assert weak.status_code == 400 and "too easy to guess" in weak.text
    short = client.post(link, data={"new_password": "short"})
    assert short.status_code == 400 and "Use at least 8 characters." in short.text

    done = client.post(link, data={"new_password": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get("/auth/password").status_code == 200  # signed in fresh here
    assert elsewhere.get("/auth/password").status_code == 302  # signed out there
    again = client.post(link, data={"new_password": "another long phrase here"})
    assert again.status_code == 404 and BAD_LINK in again.text
    fresh = app.test_client()
    signed_in = fresh.post("/auth/login", data={"username": "egret", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_a_reset_link_expires_and_dies_with_a_password_change(app, client, auth, monkeypatch):
    with app.app_context():
        make_user("ibis", email="ibis@example.org")
    _forgot(client, "ibis")
    link = link_in(outbox(app)[0])
    with monkeypatch.context() as m:
        later(m, hours=1.1)
        assert client.get(link).status_code == 404
    assert client.get(link).status_code == 200
    auth.login("ibis")
    client.post("/auth/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert client.get(link).status_code == 404


# ---------- one-click unsubscribe ----------


def _unsubscribe_path(app, name: str) -> str:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == name))
        return f"/email/unsubscribe/{unsubscribe_token(user)}"


def test_unsubscribe_get_changes_nothing_and_one_click_post_works_without_a_session(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_user("plover", email="plover@example.org", email_mode="each")
    path = _unsubscribe_path(app, "plover")
    client = app.test_client()
    before = snapshot(app)
    page = client.get(path)
    assert page.status_code == 200 and "Unsubscribe" in page.text
    assert not changed_tables(app, before)
    # What a mail client sends (RFC 8058): no cookie, no CSRF token.
    response = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You're unsubscribed" in response.text
    assert 'href="/account/email"' in response.text
    assert member(app, "plover").email_mode == "none"
    # Other forms still need their token.
    assert app.test_client().post("/auth/forgot", data={"login": "plover"}).status_code == 400


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ.bad-signature", "x" * 600])
def test_a_bad_unsubscribe_link_is_a_clear_404_and_changes_nothing(app, client, token):
    with app.app_context():
        make_user("stilt", email="stilt@example.org", email_mode="daily")
    before = snapshot(app)
    for method in ("GET", "POST"):
        response = client.open(f"/email/unsubscribe/{token}", method=method)
        assert response.status_code == 404
        assert BAD_LINK in response.text
    assert not changed_tables(app, before)


def test_the_forgot_form_is_rate_limited_per_name_typed(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_RESET_NAME="2 per hour")
    client = app.test_client()
    assert [_forgot(client, "nobody-at-all").status_code for _ in range(3)] == [200, 200, 429]
    assert _forgot(client, "someone-else").status_code == 200


def test_hostile_values_in_the_reset_form_never_break_it(app, client):
    from tests.forum.test_hostile_forms import HOSTILE, _encode

    with app.app_context():
        user_id = make_user("crane", email="crane@example.org").id
    for name, value in HOSTILE.items():
        with app.app_context():
            link = f"/auth/reset/{reset_token(db.session.get(User, user_id))}"
        before = snapshot(app)
        response = client.post(
            link,
            data=_encode({"new_password": value}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code < 500, name
        if changed_tables(app, before):
            assert response.status_code == 302, name
        else:
            assert response.status_code == 400, name
