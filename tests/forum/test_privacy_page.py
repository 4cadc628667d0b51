"""The privacy page says what is kept and for how long, and stays true: every
period it states is read from the configuration, and where it is cheap to see
what the code does, the code is held to the same figure."""

from __future__ import annotations

import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from forum.auth.throttle import DEVICE_COOKIE
from forum.devices import retention
from forum.extensions import db
from forum.models import LoginSession
from forum.models.timestamps import utcnow
from forum.services import accounts
from tests.factories import make_user
from tests.pages import page_text as _html

PASSWORD = "correct horse battery staple"


def page_text(response) -> str:
    words = " ".join(re.sub(r"<[^>]+>", " ", _html(response)).split())
    return re.sub(r" ([.,:;)])", r"\1", words)


UNUSUAL = {
    "DELETED_RETENTION_DAYS": 11,
    "MAIL_KEEP_DAYS": 12,
    "ADDRESS_RETENTION_DAYS": 13,
    "SIGN_IN_TRUST_DAYS": 14,
    "EXPORT_LINK_HOURS": 15,
    "DELETED_NAME_DAYS": 16,
    "REMEMBER_COOKIE_DURATION": timedelta(days=17),
    "SESSION_IDLE_TIMEOUT": timedelta(minutes=50),
    "SESSION_LIFETIME": timedelta(hours=5),
    "RATELIMIT_REGISTER": "3 per hour;10 per 2 days",  # the longest window now: 48 hours
}


def test_the_page_states_each_period_from_the_configuration(make_app):
    app = make_app(**UNUSUAL)

    text = page_text(app.test_client().get("/privacy"))

    for words in (
        "moderators can still read it for 11 days",
        "Emails we send you (which may quote posts): deleted 12 days after they are sent",
        "The internet address each sign-in came from: 13 days, then it is erased",
        "security log that only the people who run the site can read: 13 days at most",
        "14 days after you last signed in from them",
        "its download link works for 15 hours, then the file is deleted",
        "nobody else can take it for 16 days",
        "can't be registered by anyone else for 16 days",
        "with it, after 17 days",
        "signed out after about 50 minutes without activity, and after 5 hours at most",
        "for the length of each limit, 48 hours at most",
    ):
        assert words in text, words


def test_the_default_figures(client):
    text = page_text(client.get("/privacy"))

    assert "The internet address each sign-in came from: 30 days" in text
    assert "for the length of each limit, 24 hours at most" in text
    assert "its download link works for 24 hours" in text
    assert "with it, after 30 days" in text


def test_it_links_to_export_delete_and_sessions(client):
    page = client.get("/privacy").text

    for anchor in ("/account#export", "/account#delete", "/account#sessions"):
        assert f'href="{anchor}"' in page


def test_the_footer_and_the_join_form_link_to_it(client):
    assert 'href="/privacy"' in client.get("/").text
    join = client.get("/auth/register").text
    start = join.index('action="/auth/register')
    form = join[start : join.index("</form>", start)]
    assert 'href="/privacy"' in form
    assert "what we keep about you and for how long" in page_text(client.get("/auth/register"))


def _sign_in_aged(app, username: str, days: float, address: str) -> int:
    """A sign-in made ``days`` ago from ``address``; its id."""
    with app.app_context():
        user = make_user(username)
        sid = accounts.open_login_session(user, address=address)
        row = db.session.scalar(select(LoginSession).where(LoginSession.sid == sid))
        row.created_at = utcnow() - timedelta(days=days)
        db.session.commit()
        return row.id


def _address(app, row_id: int) -> str | None:
    with app.app_context():
        return db.session.get(LoginSession, row_id).address


def test_the_purge_erases_addresses_older_than_the_period_stated(make_app):
    app = make_app(ADDRESS_RETENTION_DAYS=13)
    old = _sign_in_aged(app, "priv_old", 13.1, "203.0.113.7")
    recent = _sign_in_aged(app, "priv_recent", 12.9, "198.51.100.8")

    result = app.test_cli_runner().invoke(args=["content", "purge"])

    assert "Erased the address of 1 sign-in(s) made more than 13 days ago" in result.output
    assert _address(app, old) is None
    assert _address(app, recent) == "198.51.100.8"
    with app.app_context():  # the sign-in itself stays: only its address goes
        assert db.session.get(LoginSession, old).revoked_at is None


def test_the_worker_erases_them_each_round_too(make_app):
    app = make_app(ADDRESS_RETENTION_DAYS=2)
    old = _sign_in_aged(app, "priv_worker", 3, "203.0.113.9")

    with app.app_context():
        assert retention.run(utcnow()) == 1
        assert retention.run(utcnow()) == 0

    assert _address(app, old) is None
    assert "2 days, then it is erased" in page_text(app.test_client().get("/privacy"))


def test_the_cookies_last_as_long_as_the_page_says(make_app):
    app = make_app(REMEMBER_COOKIE_DURATION=timedelta(days=17), SIGN_IN_TRUST_DAYS=14)
    with app.app_context():
        make_user("priv_cookies")
    client = app.test_client()

    response = client.post(
        "/auth/login", data={"username": "priv_cookies", "password": PASSWORD, "remember": "y"}
    )

    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert f"Max-Age={14 * 86400}" in cookies[DEVICE_COOKIE]
    expires = re.search(r"Expires=([^;]+)", cookies["remember_token"]).group(1)
    assert round((parsedate_to_datetime(expires) - utcnow()) / timedelta(days=1)) == 17
    text = page_text(client.get("/privacy"))
    assert "a “remember me” cookie for 17 days" in text
    assert "the device cookie above (for 14 days)" in text
