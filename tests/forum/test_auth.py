"""Joining, signing in and out, passwords and cookies, through the real pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import User
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_post, make_user
from tests.sql import statements

GOOD = "plum orchard kettle drum"
NEW = "lantern meadow copper fig"


def signed_in(client) -> bool:
    """Whether this browser is signed in: the password page needs an account."""
    return client.get("/auth/password").status_code == 200


def set_cookies(response) -> dict[str, str]:
    """Set-Cookie headers of a response, by cookie name."""
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def copy_cookie(source, target, name: str) -> None:
    target.set_cookie(name, source.get_cookie(name).value)


def register(client, **fields):
    data = {
        "username": "river-mum",
        "email": "river@example.org",
        "password": GOOD,
        "perspective": "caregiver",
    }
    return client.post("/auth/register", data={**data, **fields})


# ---------- joining ----------


def test_register_page_labels_every_field(client):
    html = client.get("/auth/register").text
    for field in ("username", "email", "password"):
        assert f'<label class="label" for="{field}">' in html
    assert "<legend" in html
    for value in ("patient", "caregiver", "clinician", "researcher", "other"):
        assert f'value="{value}"' in html


def test_register_signs_in_and_offers_conditions_to_watch_then_home(app, client):
    response = register(client)
    assert response.status_code == 302
    assert response.location == "/welcome/conditions"  # the optional step, then home
    step = client.get(response.location).text
    assert 'href="/">Skip for now' in step
    assert "Welcome to Middle Ground, river-mum." in step
    assert signed_in(client)
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.username, user.perspective) == ("river-mum", "caregiver")


def test_register_returns_to_the_page_asked_for(client):
    response = client.post(
        "/auth/register?next=/conditions",
        data={
            "username": "river-mum",
            "email": "river@example.org",
            "password": GOOD,
            "perspective": "patient",
        },
    )
    # Through the optional "Pick conditions to watch" step, which goes on there.
    assert response.location == "/welcome/conditions?next=/conditions"
    skipped = client.get(response.location).get_data(as_text=True)
    assert 'href="/conditions"' in skipped


def test_signed_in_members_skip_the_join_and_sign_in_pages(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside")
    assert client.get("/auth/register").location == "/"
    assert client.get("/auth/login?next=/conditions").location == "/conditions"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"username": ""}, "username", "Choose a username."),
        ({"username": "ab"}, "username", "Usernames are 3–30 characters"),
        ({"username": "a b"}, "username", "Usernames are 3–30 characters"),
        ({"email": "river"}, "email", "Enter an email address like name@example.org."),
        ({"password": ""}, "password", "Choose a password."),
        ({"password": "Xq7!pz"}, "password", "Use at least 8 characters."),
        ({"password": "y" * 129}, "password", "Use at most 128 characters."),
        ({"perspective": ""}, "perspective", "Choose the perspective you write from."),
        ({"perspective": "<script>"}, "perspective", "Choose the perspective you write from."),
    ],
)
def test_register_shows_each_error_beside_its_field(app, client, fields, field, message):
    response = register(client, **fields)
    assert response.status_code == 400
    html = response.text
    assert f'id="{field}-error"' in html
    assert message in html
    assert f'href="#{field}"' in html  # the error summary links to the field
    assert not signed_in(client)
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_register_refuses_a_look_alike_username(app, client):
    with app.app_context():
        make_user("john")
    response = register(client, username="Ｊｏｈｎ")
    assert "That username is taken." in response.text
    assert not signed_in(client)


def test_joining_with_a_taken_email_reads_exactly_as_with_a_free_one(app):
    """Nothing tells anyone that an address already belongs to a member."""
    with app.app_context():
        make_user("lakeside", email="lake@example.org")
    answers = {}
    for username, email in (("river-mum", "river@example.org"), ("sea-mum", "Lake@example.org")):
        client = app.test_client()
        with statements(app) as sql:
            response = register(client, username=username, email=email)
        welcome = client.get(response.location)
        answers[email] = (
            response.status_code,
            response.location,
            sorted(set_cookies(response)),
            [re.sub(r"\?.*", "", s) for s in sql],  # the statements, without their values
            re.sub(r'name="csrf_token" value="[^"]+"', "", welcome.text.replace(username, "NAME")),
        )
        assert "Welcome to Middle Ground" in welcome.text
        assert "taken" not in welcome.text and "exists" not in welcome.text
    assert answers["river@example.org"] == answers["Lake@example.org"]
    with app.app_context():
        emails = dict(db.session.execute(select(User.username, User.email)).all())
    assert emails == {"lakeside": "lake@example.org", "river-mum": "river@example.org",
                      "sea-mum": None}  # fmt: skip


def test_register_shows_why_a_password_is_weak(client):
    html = register(client, password="password1").text
    assert "This password is too easy to guess." in html
    assert "This is a very common password." in html  # zxcvbn's own feedback
    assert "Add another word or two." in html
    assert 'value="password1"' not in html  # passwords are never echoed back


# ---------- signing in ----------


@pytest.mark.parametrize("login", ["lakeside", "LakeSide", "lake@example.org"])
def test_sign_in_by_username_or_email(app, client, auth, login):
    with app.app_context():
        make_user("lakeside", email="lake@example.org")
    response = auth.login(login)
    assert response.status_code == 302
    assert signed_in(client)


def test_failed_sign_in_reads_the_same_for_unknown_and_wrong(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    unknown = auth.login("ghost-account", "anything at all")
    wrong = auth.login("lakeside", "anything at all")
    assert unknown.status_code == wrong.status_code == 200
    message = "That username or email address and password don&#39;t match. Please try again."
    assert f"<li>{message}</li>" in unknown.text
    # Word for word the same page, once the typed name is taken out.
    assert unknown.text.replace("ghost-account", "NAME") == wrong.text.replace("lakeside", "NAME")
    assert not signed_in(client)


def test_session_cookie_is_httponly_and_lax(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    cookie = set_cookies(auth.login("lakeside"))["session"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_remember_me_cookie_is_bounded_httponly_and_lax(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    cookie = set_cookies(auth.login("lakeside", remember="y"))["remember_token"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    lifetime = expires - datetime.now(UTC)
    assert timedelta(days=29) < lifetime <= app.config["REMEMBER_COOKIE_DURATION"]


def test_no_remember_me_cookie_unless_asked(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    assert "remember_token" not in set_cookies(auth.login("lakeside"))


def test_remember_me_alone_signs_a_browser_back_in(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside", remember="y")
    later = app.test_client()  # the browser after a restart: session cookie gone
    copy_cookie(client, later, "remember_token")
    assert signed_in(later)


def test_sign_in_returns_to_the_page_asked_for(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    bounce = client.get("/auth/password")
    assert bounce.status_code == 302
    location = urlsplit(bounce.location)
    assert location.path == "/auth/login"
    assert parse_qs(location.query)["next"] == ["/auth/password"]
    response = client.post(bounce.location, data={"username": "lakeside", "password": PASSWORD})
    assert response.location == "/auth/password"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "http:/evil.example",
        "evil.example",
    ],
)
def test_sign_in_never_redirects_off_site(app, client, target):
    with app.app_context():
        make_user("lakeside")
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"username": "lakeside", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.location == "/"


def test_sign_in_form_keeps_a_safe_next_only(client):
    html = client.get("/auth/login?next=/conditions").text
    assert 'action="/auth/login?next=/conditions"' in html
    assert "evil" not in client.get("/auth/login?next=//evil.example").text


# ---------- signing out ----------


def test_sign_out_needs_a_post_and_forgets_remember_me(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside", remember="y")
    assert client.get("/auth/logout").status_code == 405
    assert signed_in(client)
    response = auth.logout()
    assert response.status_code == 302
    assert "remember_token=;" in set_cookies(response)["remember_token"]  # deleted
    assert not signed_in(client)


def test_sign_out_ends_a_copy_of_the_session_cookie(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside")
    thief = app.test_client()
    copy_cookie(client, thief, "session")
    assert signed_in(thief)
    auth.logout()
    assert not signed_in(thief)


def test_sign_out_ends_a_copy_of_the_remember_me_cookie(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside", remember="y")
    thief = app.test_client()  # a copy alone, as if lifted from a shared computer
    copy_cookie(client, thief, "remember_token")
    auth.logout()
    assert not signed_in(thief)


def test_sign_out_leaves_other_devices_signed_in(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    phone = app.test_client()
    AuthActions(phone).login("lakeside", remember="y")
    auth.login("lakeside")
    auth.logout()
    assert not signed_in(client)
    assert signed_in(phone)
    restarted_phone = app.test_client()
    copy_cookie(phone, restarted_phone, "remember_token")
    assert signed_in(restarted_phone)


def test_sign_out_everywhere_ends_copied_sessions(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside")
    thief = app.test_client()
    copy_cookie(client, thief, "session")
    assert signed_in(thief)
    response = client.post("/auth/sessions/end")
    assert response.location == "/auth/login"
    assert not signed_in(thief)
    assert not signed_in(client)


def test_sign_out_everywhere_ends_remember_me_cookies(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside", remember="y")
    remember = client.get_cookie("remember_token").value
    client.post("/auth/sessions/end")
    later = app.test_client()
    later.set_cookie("remember_token", remember)
    assert not signed_in(later)


# ---------- changing the password ----------


def change_password(client, current=PASSWORD, new=NEW):
    return client.post("/auth/password", data={"current_password": current, "new_password": new})


def test_password_change_ends_other_sessions_but_not_this_one(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside")
    other_device = app.test_client()
    copy_cookie(client, other_device, "session")
    response = change_password(client)
    assert response.location == "/users/lakeside"
    assert signed_in(client)
    assert not signed_in(other_device)
    auth.logout()
    assert auth.login("lakeside", PASSWORD).status_code == 200  # refused: old password
    assert auth.login("lakeside", NEW).status_code == 302


def test_password_change_ends_copied_remember_me_cookies(app, client, auth):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside", remember="y")
    old_remember = client.get_cookie("remember_token").value
    change_password(client)
    stolen = app.test_client()
    stolen.set_cookie("remember_token", old_remember)
    assert not signed_in(stolen)
    # This browser was remembered, so it gets a new cookie that works.
    new_remember = client.get_cookie("remember_token").value
    assert new_remember != old_remember
    restarted = app.test_client()
    restarted.set_cookie("remember_token", new_remember)
    assert signed_in(restarted)


@pytest.mark.parametrize(
    ("current", "new", "field", "message"),
    [
        ("not my password", NEW, "current_password", "That isn&#39;t your current password."),
        (PASSWORD, "short", "new_password", "Use at least 8 characters."),
        (PASSWORD, "lakeside1", "new_password", "This password is too easy to guess."),
    ],
)
def test_password_change_errors_change_nothing(app, client, auth, current, new, field, message):
    with app.app_context():
        make_user("lakeside")
    auth.login("lakeside")
    other_device = app.test_client()
    copy_cookie(client, other_device, "session")
    response = change_password(client, current, new)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert signed_in(other_device)
    auth.logout()
    assert auth.login("lakeside", PASSWORD).status_code == 302


# ---------- CSRF (every form refuses a POST without it: test_security.py) ----------


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_csrf_keeps_working_across_sign_in(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_user("lakeside")
    client = app.test_client()
    token = csrf_token(client.get("/auth/login").text)
    response = client.post(
        "/auth/login", data={"username": "lakeside", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    # The session was replaced at sign-in: the old token is spent, new forms get a new one.
    stale = client.post("/auth/sessions/end", data={"csrf_token": token})
    assert stale.status_code == 400
    fresh = csrf_token(client.get("/auth/password").text)
    response = client.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": NEW, "csrf_token": fresh},
    )
    assert response.status_code == 302
    assert signed_in(client)


# ---------- "Join" and "Sign in" bring you back ----------


def _nav_link(html: str, text: str) -> str:
    return re.search(rf'<li><a href="([^"]+)">{text}</a></li>', html).group(1)


def test_join_from_a_post_page_lands_back_on_it(app, client):
    with app.app_context():
        post_id = make_post(title="A bathroom pass that worked").id
    html = client.get(f"/posts/{post_id}?comment=1").text
    join = _nav_link(html, "Join")
    assert parse_qs(urlsplit(join).query)["next"] == [f"/posts/{post_id}?comment=1"]
    sign_in = _nav_link(html, "Sign in")
    assert parse_qs(urlsplit(sign_in).query)["next"] == [f"/posts/{post_id}?comment=1"]
    page = client.get(join).text  # the join form keeps it, and so does its "Sign in" link
    assert f'action="/auth/register?next=/posts/{post_id}?comment%3D1"' in page
    response = client.post(
        join,
        data={
            "username": "river-mum",
            "email": "river@example.org",
            "password": GOOD,
            "perspective": "caregiver",
        },
    )
    assert response.status_code == 302
    # The optional "Pick conditions to watch" step first, which then goes back there.
    step = client.get(response.location).text
    assert f'href="/posts/{post_id}?comment=1">Skip for now' in step


def test_the_sign_in_page_hands_its_next_to_join(client):
    html = client.get("/auth/login?next=/conditions").text
    assert parse_qs(urlsplit(_nav_link(html, "Join")).query)["next"] == ["/conditions"]
    html = client.get("/auth/login?next=//evil.example").text
    assert _nav_link(html, "Join") == "/auth/register"


def test_links_on_the_home_page_carry_no_next(client):
    html = client.get("/").text
    assert _nav_link(html, "Join") == "/auth/register"
    assert _nav_link(html, "Sign in") == "/auth/login"
