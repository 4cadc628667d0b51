"""Where you are signed in (/account#sessions): each sign-in and token listed
with its browser, ended on its own; the "new sign-in" notice; what is kept."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.auth import factors, sessions
from forum.devices.agents import describe
from forum.extensions import db
from forum.models import ApiToken, LoginSession, Notification, User
from forum.models.timestamps import utcnow
from forum.services import accounts
from tests.factories import make_user
from tests.pages import page_text as _html

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"
)
PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (FIREFOX_WINDOWS, "Firefox on Windows"),
        (CHROME_ANDROID, "Chrome on Android"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (EDGE_WINDOWS, "Edge on Windows"),
        ("", "Unknown browser"),
        ("Werkzeug/3.1", "Unknown browser"),
        ("<script>alert(1)</script>", "Unknown browser"),
    ],
)
def test_a_browser_is_named_in_words(agent, words):
    assert describe(agent) == words


def page_text(response) -> str:
    """What a person reads: the page without its tags, spaces collapsed."""
    words = " ".join(re.sub(r"<[^>]+>", " ", _html(response)).split())
    return re.sub(r" ([.,:;])", r"\1", words)  # "session</a>." reads "session."


def _browser(app, agent: str):
    """A test client that sends ``agent`` as its user agent on every request."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    return client


def _sign_in(client, username: str):
    return client.post("/auth/login", data={"username": username, "password": PASSWORD})


def _sign_ins(app, username: str) -> list[LoginSession]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return list(
            db.session.scalars(
                select(LoginSession).where(
                    LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None)
                )
            )
        )


def test_the_account_page_lists_each_browser_and_marks_this_one(app):
    with app.app_context():
        make_user("dev_lister")
    laptop, phone = _browser(app, FIREFOX_WINDOWS), _browser(app, CHROME_ANDROID)
    _sign_in(laptop, "dev_lister")
    _sign_in(phone, "dev_lister")

    text = page_text(laptop.get("/account"))

    assert "Where you're signed in" in text
    assert "Firefox on Windows This device" in text
    assert "Chrome on Android" in text
    assert "Chrome on Android This device" not in text
    assert "Last active in the last few minutes" in text
    assert text.count("End the sign-in on") == 2
    assert "Sign out everywhere else" in text


def _sessions_section(response) -> str:
    """The account page's "Where you're signed in" section alone (other sections
    may name a browser as an example)."""
    html = response.get_data(as_text=True)
    start = html.index('id="sessions"')
    return html[start : html.index("</section>", start)]


def test_ending_another_browser_signs_it_out_at_once(app):
    with app.app_context():
        make_user("dev_ender")
    laptop, phone = _browser(app, FIREFOX_WINDOWS), _browser(app, CHROME_ANDROID)
    _sign_in(laptop, "dev_ender")
    _sign_in(phone, "dev_ender")
    assert phone.get("/account").status_code == 200
    phones = [s for s in _sign_ins(app, "dev_ender") if "Android" in s.user_agent]

    ended = laptop.post(f"/account/sessions/{phones[0].id}/end", follow_redirects=True)

    assert "Signed out: Chrome on Android" in page_text(ended)
    assert phone.get("/account").status_code == 302  # to the sign-in page
    assert phone.get("/account").headers["Location"].startswith("/auth/login")
    assert laptop.get("/account").status_code == 200
    assert "Chrome on Android" not in _sessions_section(laptop.get("/account"))


def test_ending_this_browser_signs_it_out_here(app):
    with app.app_context():
        make_user("dev_self")
    laptop = _browser(app, FIREFOX_WINDOWS)
    _sign_in(laptop, "dev_self")
    (mine,) = _sign_ins(app, "dev_self")

    response = laptop.post(f"/account/sessions/{mine.id}/end")

    assert response.headers["Location"] == "/auth/login"
    assert laptop.get("/account").status_code == 302
    assert _sign_ins(app, "dev_self") == []


def test_nobody_can_end_someone_elses_sign_in(app):
    with app.app_context():
        make_user("dev_victim")
        make_user("dev_meddler")
    victim, meddler = _browser(app, FIREFOX_WINDOWS), _browser(app, CHROME_ANDROID)
    _sign_in(victim, "dev_victim")
    _sign_in(meddler, "dev_meddler")
    (theirs,) = _sign_ins(app, "dev_victim")

    assert meddler.post(f"/account/sessions/{theirs.id}/end").status_code == 404
    assert meddler.post("/account/sessions/999999/end").status_code == 404
    assert meddler.post("/account/sessions/99999999999999/end").status_code == 404
    assert victim.get("/account").status_code == 200
    assert len(_sign_ins(app, "dev_victim")) == 1
    assert "Firefox" not in page_text(meddler.get("/account"))


def test_a_visitor_can_end_nothing(app):
    with app.app_context():
        make_user("dev_target")
    owner = _browser(app, FIREFOX_WINDOWS)
    _sign_in(owner, "dev_target")
    (row,) = _sign_ins(app, "dev_target")

    response = app.test_client().post(f"/account/sessions/{row.id}/end")

    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert len(_sign_ins(app, "dev_target")) == 1


def test_signing_out_everywhere_else_keeps_this_browser(app):
    with app.app_context():
        make_user("dev_others")
    laptop, phone, tablet = (_browser(app, ua) for ua in (FIREFOX_WINDOWS, CHROME_ANDROID, ""))
    for client in (laptop, phone, tablet):
        _sign_in(client, "dev_others")

    done = laptop.post("/account/sessions/end-others", follow_redirects=True)

    assert "You're signed out everywhere else" in page_text(done)
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    assert tablet.get("/account").status_code == 302
    assert [s.user_agent for s in _sign_ins(app, "dev_others")] == [FIREFOX_WINDOWS]


def test_a_remembered_browser_is_signed_out_too(app):
    with app.app_context():
        make_user("dev_remembered")
    laptop, phone = _browser(app, FIREFOX_WINDOWS), _browser(app, CHROME_ANDROID)
    _sign_in(laptop, "dev_remembered")
    phone.post(
        "/auth/login", data={"username": "dev_remembered", "password": PASSWORD, "remember": "y"}
    )
    phone.delete_cookie("session")  # the browser closed: only "remember me" is left
    assert phone.get("/account").status_code == 200

    laptop.post("/account/sessions/end-others")

    phone.delete_cookie("session")
    assert phone.get("/account").status_code == 302


def test_last_active_is_noted_every_few_minutes_not_on_every_page(app, monkeypatch):
    with app.app_context():
        make_user("dev_seen")
    laptop = _browser(app, FIREFOX_WINDOWS)
    _sign_in(laptop, "dev_seen")
    (row,) = _sign_ins(app, "dev_seen")
    first_seen = row.last_seen_at

    laptop.get("/account")
    assert _sign_ins(app, "dev_seen")[0].last_seen_at == first_seen  # within the cadence

    later = sessions._now() + sessions.SEEN_EVERY + 1
    monkeypatch.setattr(sessions, "_now", lambda: later)
    laptop.get("/")

    assert _sign_ins(app, "dev_seen")[0].last_seen_at > first_seen


def test_last_active_reads_as_an_approximate_time(app):
    with app.app_context():
        make_user("dev_idle")
    laptop = _browser(app, FIREFOX_WINDOWS)
    laptop.post("/auth/login", data={"username": "dev_idle", "password": PASSWORD, "remember": "y"})
    phone = _browser(app, CHROME_ANDROID)
    phone.post("/auth/login", data={"username": "dev_idle", "password": PASSWORD, "remember": "y"})
    with app.app_context():
        row = db.session.scalar(
            select(LoginSession).where(LoginSession.user_agent == CHROME_ANDROID)
        )
        row.last_seen_at = utcnow() - timedelta(hours=2, minutes=5)
        db.session.commit()

    assert "Last active 2 hours ago" in page_text(laptop.get("/account"))


def test_tokens_are_listed_with_when_they_were_last_used_and_can_be_revoked(app):
    with app.app_context():
        user = make_user("dev_tokens")
        raw = accounts.issue_token(user, "reminder script")
        accounts.issue_token(user, "never used")
    laptop = _browser(app, FIREFOX_WINDOWS)
    _sign_in(laptop, "dev_tokens")
    assert "Last used never" in page_text(laptop.get("/account"))

    api = app.test_client()
    assert api.get("/api/v1/posts", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    page = page_text(laptop.get("/account"))
    assert "reminder script" in page
    assert "Last used in the last few minutes" in page
    assert page.count("Last used never") == 1

    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.label == "reminder script"))
    revoked = laptop.post(
        f"/users/dev_tokens/tokens/{token_id}/revoke", data={"next": "/account#sessions"}
    )
    assert revoked.headers["Location"] == "/account#sessions"  # back to the list it was on
    assert api.get("/api/v1/posts", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    # A "next" elsewhere is not followed.
    with app.app_context():
        other_id = db.session.scalar(select(ApiToken.id).where(ApiToken.label == "never used"))
    away = laptop.post(
        f"/users/dev_tokens/tokens/{other_id}/revoke", data={"next": "//evil.example/"}
    )
    assert away.headers["Location"] == "/users/dev_tokens#tokens"
    assert "reminder script" not in page_text(laptop.get("/account"))


def test_a_token_in_use_is_noted_every_few_minutes_not_on_every_call(app):
    with app.app_context():
        user = make_user("dev_busy")
        raw = accounts.issue_token(user, "busy")
    api = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}
    api.get("/api/v1/posts", headers=headers)
    with app.app_context():
        first = db.session.scalar(select(ApiToken.last_used_at))
        assert first is not None

    api.get("/api/v1/posts", headers=headers)
    with app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) == first
        db.session.execute(
            ApiToken.__table__.update().values(last_used_at=first - timedelta(minutes=6))
        )
        db.session.commit()

    api.get("/api/v1/posts", headers=headers)
    with app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) > first - timedelta(minutes=1)


# ---------- the "new sign-in" notice ----------


def _notices(app, username: str) -> list[Notification]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return list(
            db.session.scalars(
                select(Notification).where(
                    Notification.user_id == user.id, Notification.kind == "sign_in"
                )
            )
        )


def test_a_new_browser_brings_a_notice_in_the_bell(app):
    with app.app_context():
        make_user("dev_notice")
    laptop = _browser(app, FIREFOX_WINDOWS)

    _sign_in(laptop, "dev_notice")

    (notice,) = _notices(app, "dev_notice")
    assert notice.data["device"] == "Firefox on Windows"
    page = laptop.get("/notifications")
    text = page_text(page)
    assert "New sign-in: Firefox on Windows" in text
    assert "If this wasn't you, change your password and end that session." in text
    assert 'href="/account#sessions"' in page.text
    opened = laptop.get(f"/notifications/{notice.id}")
    assert opened.headers["Location"] == "/account#sessions"


def test_the_same_browser_signing_in_again_brings_no_notice(app):
    with app.app_context():
        make_user("dev_again")
    laptop = _browser(app, FIREFOX_WINDOWS)
    _sign_in(laptop, "dev_again")
    laptop.post("/auth/logout")

    _sign_in(laptop, "dev_again")

    assert len(_notices(app, "dev_again")) == 1
    _sign_in(_browser(app, CHROME_ANDROID), "dev_again")  # but another one does
    assert [n.data["device"] for n in _notices(app, "dev_again")] == [
        "Firefox on Windows",
        "Chrome on Android",
    ]


def test_joining_and_changing_the_password_bring_no_notice(app):
    client = _browser(app, FIREFOX_WINDOWS)
    client.post(
        "/auth/register",
        data={
            "username": "dev_joiner",
            "email": "joiner@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "perspective": "caregiver",
        },
    )
    assert client.get("/account").status_code == 200
    new_password = "another long passphrase here"
    changed = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": new_password,
            "confirm": new_password,
        },
    )
    assert changed.status_code == 302

    assert _notices(app, "dev_joiner") == []


def test_a_wrong_password_brings_no_notice(app):
    with app.app_context():
        make_user("dev_wrong")
    client = _browser(app, FIREFOX_WINDOWS)

    client.post("/auth/login", data={"username": "dev_wrong", "password": "not the password"})

    assert _notices(app, "dev_wrong") == []


def test_the_second_step_tells_of_a_new_browser_once_it_is_finished(app, monkeypatch):
    with app.app_context():
        make_user("dev_twostep", totp_secret="JBSWY3DPEHPK3PXP", totp_enabled_at=utcnow())
    monkeypatch.setattr(
        factors, "check_code", lambda user, code: "totp" if code == "123456" else None
    )
    client = _browser(app, SAFARI_IPHONE)

    halfway = _sign_in(client, "dev_twostep")
    assert halfway.headers["Location"] == "/auth/second-factor"
    assert _notices(app, "dev_twostep") == []  # not signed in yet
    client.post("/auth/second-factor", data={"code": "123456"})

    assert client.get("/account").status_code == 200
    assert [n.data["device"] for n in _notices(app, "dev_twostep")] == ["Safari on iPhone"]
    client.post("/auth/logout")  # the same browser again, both steps: no second notice
    _sign_in(client, "dev_twostep")
    client.post("/auth/second-factor", data={"code": "123456"})
    assert len(_notices(app, "dev_twostep")) == 1


def test_the_address_is_shown_to_the_member_alone(app):
    with app.app_context():
        make_user("dev_private", role="member")
        make_user("dev_moderator", role="moderator")
    owner = _browser(app, FIREFOX_WINDOWS)
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    _sign_in(owner, "dev_private")
    assert "From 198.51.100.23" in page_text(owner.get("/account"))

    staff = _browser(app, CHROME_ANDROID)
    _sign_in(staff, "dev_moderator")
    for url in ("/users/dev_private", "/account", "/api/v1/users/dev_private"):
        assert "198.51.100.23" not in staff.get(url).get_data(as_text=True)


def test_a_form_sent_after_a_few_minutes_notes_the_activity_and_works(app, monkeypatch):
    # The request that sends a form holds the write lock already: the note joins it.
    with app.app_context():
        make_user("dev_poster")
    laptop, phone = _browser(app, FIREFOX_WINDOWS), _browser(app, CHROME_ANDROID)
    _sign_in(laptop, "dev_poster")
    _sign_in(phone, "dev_poster")
    first_seen = next(s for s in _sign_ins(app, "dev_poster") if "Firefox" in s.user_agent)
    later = sessions._now() + sessions.SEEN_EVERY + 1
    monkeypatch.setattr(sessions, "_now", lambda: later)

    response = laptop.post("/account/sessions/end-others")

    assert response.status_code == 302
    (kept,) = _sign_ins(app, "dev_poster")
    assert kept.user_agent == FIREFOX_WINDOWS
    assert kept.last_seen_at > first_seen.last_seen_at
