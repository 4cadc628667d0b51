"""Sign-ins and tokens that end when they should, and answers no cache or forged
host can misuse: tokens die with the password, a suspended member only reads,
idle and absolute time limits, no-store for personal answers, HSTS, trusted hosts."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import create_app
from forum.extensions import db
from forum.models import LoginSession, User
from forum.models.timestamps import utcnow
from forum.services.accounts import issue_token
from tests.conftest import _app_config
from tests.factories import PASSWORD, make_post, make_user
from tests.pages import page_text

NEW_PASSWORD = "lantern meadow copper fig"


@pytest.fixture
def member(app):
    """A member with a hidden post only they (and reviewers) may read, and a token."""
    with app.app_context():
        user = make_user("harbour")
        post = make_post(user, title="Our hidden plan", status="hidden")
        token = issue_token(user, "script")
        return {"id": user.id, "post": post.id, "token": token}


def _reads_own_hidden_post(client, member) -> int:
    headers = {"Authorization": f"Bearer {member['token']}"}
    return client.get(f"/api/v1/posts/{member['post']}", headers=headers).status_code


def test_a_password_change_ends_every_api_token(client, auth, member):
    assert _reads_own_hidden_post(client, member) == 200
    auth.login("harbour")
    response = client.post(
        "/auth/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert "your API tokens no longer work" in page_text(client.get(response.location))
    assert _reads_own_hidden_post(client, member) == 401


def test_signing_out_everywhere_ends_every_api_token(client, auth, member):
    auth.login("harbour")
    assert client.post("/auth/sessions/end").status_code == 302
    assert _reads_own_hidden_post(client, member) == 401


@pytest.mark.needs_plugin("moderation")  # "suspended until …" is moderation's policy speaking
def test_a_suspended_members_session_and_token_only_read_public_content(app, client, auth, member):
    auth.login("harbour")
    with app.app_context():
        public = make_post(make_user("other"), title="A public post").id
        own = make_post(db.session.get(User, member["id"]), title="Our public post").id
        db.session.get(User, member["id"]).suspended_until = utcnow() + timedelta(days=3)
        db.session.commit()
    headers = {"Authorization": f"Bearer {member['token']}"}
    # Reading public content still works; their own hidden post is no longer theirs to read.
    assert client.get(f"/posts/{public}").status_code == 200
    assert client.get(f"/api/v1/posts/{public}", headers=headers).status_code == 200
    assert client.get(f"/posts/{member['post']}").status_code == 404
    assert _reads_own_hidden_post(client, member) == 404
    # Deleting and minting tokens are refused, saying why.
    response = client.post(f"/posts/{own}/delete")
    assert response.status_code == 403 and "suspended until" in page_text(response)
    response = client.post("/users/harbour/tokens", data={"label": "another"})
    assert response.status_code == 403 and "suspended until" in page_text(response)
    response = client.post("/api/v1/tokens", json={"username": "harbour", "password": PASSWORD})
    assert (
        response.status_code == 403 and "suspended until" in response.get_json()["error"]["message"]
    )
    # Signing out still works.
    assert client.post("/auth/logout").status_code == 302


def _sign_in(client, remember: bool = False) -> None:
    data = {"username": "harbour", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data=data).status_code == 302


def _signed_in(client) -> bool:
    return client.get("/auth/password").status_code == 200


def test_an_idle_sign_in_without_remember_me_ends(app, client, member):
    _sign_in(client)
    with client.session_transaction() as session:
        session["_seen"] = int(time.time()) - 2 * 3600 - 60  # idle for just over 2 hours
    response = client.get("/posts/new")
    assert response.status_code == 302 and "/auth/login" in response.location
    page = page_text(client.get(response.location))
    assert "You were signed out after 2 hours without activity" in page
    with app.app_context():
        assert db.session.scalar(select(LoginSession.revoked_at)) is not None


def test_activity_keeps_a_sign_in_alive_and_remember_me_is_not_idled_out(app, client, member):
    _sign_in(client)
    with client.session_transaction() as session:
        session["_seen"] = int(time.time()) - 3600  # an hour ago: still within 2
    assert _signed_in(client)
    with client.session_transaction() as session:
        assert session["_seen"] >= int(time.time()) - 5  # the clock restarted
    remembered = app.test_client()
    _sign_in(remembered, remember=True)
    with remembered.session_transaction() as session:
        session["_seen"] = int(time.time()) - 30 * 3600
    assert _signed_in(remembered)


@pytest.mark.parametrize(("remember", "hours", "alive"), [(False, 13, False), (True, 13, True)])
def test_a_sign_in_without_remember_me_lasts_hours_not_days(
    app, client, member, remember, hours, alive
):
    _sign_in(client, remember)
    with app.app_context():
        row = db.session.scalar(select(LoginSession))
        row.created_at = utcnow() - timedelta(hours=hours)
        db.session.commit()
    with client.session_transaction() as session:
        session["_seen"] = int(time.time())
    assert _signed_in(client) is alive


def test_the_idle_timeout_can_be_set_but_not_beyond_12_hours(tmp_path):
    config = _app_config(tmp_path)
    app = create_app({**config, "SESSION_IDLE_TIMEOUT": 1800})
    assert app.config["SESSION_IDLE_TIMEOUT"] == timedelta(minutes=30)
    with pytest.raises(RuntimeError, match="12 hours"):
        create_app({**config, "SESSION_IDLE_TIMEOUT": 13 * 3600})


def test_personal_answers_are_never_stored_by_a_cache(client, auth, member):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    headers = {"Authorization": f"Bearer {member['token']}"}
    api = client.get(f"/api/v1/posts/{member['post']}", headers=headers)
    assert api.headers["Cache-Control"] == "private, no-store"
    token = client.post("/api/v1/tokens", json={"username": "harbour", "password": PASSWORD})
    assert token.status_code == 201 and token.headers["Cache-Control"] == "private, no-store"
    auth.login("harbour")
    for path in ("/", f"/posts/{member['post']}", "/users/harbour", "/auth/password"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path


def test_hsts_in_production_only(make_app):
    assert "Strict-Transport-Security" not in make_app().test_client().get("/").headers
    production = make_app(PRODUCTION=True, TRUSTED_HOSTS=["localhost"])
    response = production.test_client().get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_needs_its_trusted_hosts(tmp_path):
    with pytest.raises(RuntimeError, match="FORUM_TRUSTED_HOSTS"):
        create_app({**_app_config(tmp_path), "PRODUCTION": True})


def test_urls_never_echo_a_forged_host(make_app, member):
    app = make_app(TRUSTED_HOSTS=["forum.example.org"])
    client = app.test_client()
    forged = client.get("/", headers={"Host": "evil.example"})
    assert forged.status_code == 400
    for host in ("forum.example.org:6666", "forum.example.org:443"):  # Flask ignores ports
        assert client.get("/api/v1/posts", headers={"Host": host}).status_code == 400
    listed = make_app(TRUSTED_HOSTS=["forum.example.org", "forum.example.org:8443"])
    assert (
        listed.test_client().get("/", headers={"Host": "forum.example.org:8443"}).status_code == 200
    )
    api = client.get("/api/v1/posts", headers={"Host": "evil.example"})
    assert api.status_code == 400 and api.is_json
    body = {"title": "Through the API", "body": "Hello", "kind": "question",
            "conditions": ["asthma"]}  # fmt: skip
    headers = {"Authorization": f"Bearer {member['token']}", "Host": "forum.example.org"}
    created = client.post("/api/v1/posts", json=body, headers=headers)
    assert created.status_code == 201
    assert created.headers["Location"].startswith("http://forum.example.org/api/v1/posts/")


@pytest.mark.parametrize("path", ["/", "/health", "/search?q=x", "/api/v1/posts", "/auth/login"])
def test_an_overlong_host_header_is_a_400_not_a_500(client, path):
    response = client.get(path, headers={"Host": "a" * 5000})
    assert response.status_code == 400


def test_a_short_idle_timeout_counts_from_the_last_request(make_app):
    """The stamp is refreshed often enough for any timeout: a request every 90 s
    keeps a 2-minute sign-in alive, and the privacy page says the real numbers."""
    app = make_app(SESSION_IDLE_TIMEOUT=120, SESSION_LIFETIME=5400)
    with app.app_context():
        make_user("harbour")
    client = app.test_client()
    _sign_in(client)
    for _ in range(3):
        with client.session_transaction() as session:
            session["_seen"] -= 90  # as if the last request was 90 s ago
        assert _signed_in(client)
    page = page_text(client.get("/privacy"))
    assert "after about 2 minutes without activity, and after 90 minutes at most" in page


def test_a_token_made_as_the_password_changes_dies_with_it(app, client, member):
    """Revoking rows misses one inserted at that moment; the session version doesn't."""
    with app.app_context():
        user = db.session.get(User, member["id"])
        raced = issue_token(user, "made by a stolen session")  # under the old version
        user.session_version = User.session_version + 1  # the change commits; no row revoked
        db.session.commit()
    for token in (raced, member["token"]):
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get(f"/api/v1/posts/{member['post']}", headers=headers).status_code == 401
