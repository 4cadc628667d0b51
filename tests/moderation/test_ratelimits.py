"""Rate limits: sign-in (per address and per account), joining, and every kind of
write, web and API sharing one bucket; 429 with Retry-After, as a page or JSON."""

from __future__ import annotations

import socket
import uuid

import pytest

from moderation.ratelimits import ENDPOINT_SCOPES
from tests.moderation.helpers import new_comment, new_post, setup_cast, sign_in, text_of, token_for

POST = {"title": "Bathroom pass at school", "kind": "hack", "body": "It worked.",
        "conditions": ["crohns-disease"]}  # fmt: skip


def limited_app(make_app, **limits):
    config = {f"MODERATION_RATELIMIT_{name.upper()}": value for name, value in limits.items()}
    return make_app(RATELIMIT_ENABLED=True, **config)


def assert_friendly_429(response, words: str) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    if response.is_json:
        error = response.get_json()["error"]
        assert error["code"] == "rate_limited" and words in error["message"]
    else:
        page = text_of(response)
        assert "Too many tries" in page and words in page


def test_every_listed_endpoint_exists_and_is_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    missing = [e for e in ENDPOINT_SCOPES if e not in app.view_functions and e != "api.edit_post"]
    assert missing == []


def test_flags_share_one_bucket_on_the_web_and_the_api(make_app):
    app = limited_app(make_app, flag="2 per minute")
    setup_cast(app, "author", "member")
    posts = [new_post(app) for _ in range(4)]
    client = sign_in(app.test_client(), "member")
    for post_id in posts[:2]:
        assert (
            client.post(f"/moderation/posts/{post_id}/flag", data={"reason": "spam"}).status_code
            == 303
        )
    response = client.post(f"/moderation/posts/{posts[2]}/flag", data={"reason": "spam"})
    assert_friendly_429(response, "You're flagging very quickly")
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    response = app.test_client().post(
        f"/api/v1/posts/{posts[3]}/flags", json={"reason": "spam"}, headers=headers
    )
    assert_friendly_429(response, "You're flagging very quickly")


def test_sign_in_is_limited_per_address(make_app):
    app = limited_app(make_app, login_address="3 per minute", login_account="100 per minute")
    client = app.test_client()
    for n in range(3):
        response = client.post("/auth/login", data={"username": f"guess{n}", "password": "nope"})
        assert response.status_code != 429
    response = client.post("/auth/login", data={"username": "guess9", "password": "nope"})
    assert_friendly_429(response, "Too many sign-in attempts from your connection")
    assert client.get("/auth/login").status_code == 200  # reading the form is never limited
    elsewhere = app.test_client()
    response = elsewhere.post(
        "/auth/login", data={"username": "guess9", "password": "nope"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )  # fmt: skip
    assert response.status_code != 429


def test_sign_in_is_limited_per_account_across_addresses_and_the_token_endpoint(make_app):
    app = limited_app(make_app, login_address="100 per minute", login_account="2 per minute")
    setup_cast(app, "member")
    client = app.test_client()
    for n, login in enumerate(("member", " MEMBER ")):  # the same account, written two ways
        response = client.post(
            "/auth/login", data={"username": login, "password": "wrong"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        )  # fmt: skip
        assert response.status_code != 429
    response = client.post(
        "/api/v1/tokens", json={"username": "member", "password": "wrong"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )  # fmt: skip
    assert_friendly_429(response, "Too many sign-in attempts for this account")
    other = client.post("/auth/login", data={"username": "someone-else", "password": "x"})
    assert other.status_code != 429


def test_joining_is_limited(make_app):
    app = limited_app(make_app, register="1 per hour")
    client = app.test_client()
    client.post("/auth/register", data={"username": "first"})
    response = client.post("/auth/register", data={"username": "second"})
    assert_friendly_429(response, "Too many new accounts")


def test_posting_on_the_web_and_through_the_api_count_together(make_app):
    app = limited_app(make_app, post="1 per minute")
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    assert client.post("/posts/new", data=POST).status_code == 302
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    response = app.test_client().post("/api/v1/posts", json=POST, headers=headers)
    assert_friendly_429(response, "You're posting very quickly")
    other = sign_in(app.test_client(), None)
    setup_cast(app, "regular")
    sign_in(other, "regular")
    assert other.post("/posts/new", data=POST).status_code == 302  # per member, not global


@pytest.mark.parametrize(
    ("scope", "path", "data", "words"),
    [
        ("comment", "/posts/{post}/comments", {"body": "Same here"}, "commenting very quickly"),
        ("outcome", "/posts/{post}/outcomes", {"result": "worked"}, "reporting very quickly"),
        ("edit", "/posts/{own}/edit", {**POST, "title": "Edited title"}, "editing very quickly"),
    ],
)
def test_comments_reports_and_edits_are_limited(make_app, scope, path, data, words):
    app = limited_app(make_app, **{scope: "1 per minute"})
    setup_cast(app, "author", "member")
    post_id, own = new_post(app, "author"), new_post(app, "member")
    client = sign_in(app.test_client(), "member")
    url = path.format(post=post_id, own=own)
    assert client.post(url, data=data).status_code in (302, 303)
    assert client.get(url.replace("/comments", "").replace("/outcomes", "")).status_code == 200
    assert_friendly_429(client.post(url, data=data), words)


def test_api_comments_and_reports_are_limited(make_app):
    app = limited_app(make_app, comment="1 per minute", outcome="1 per minute")
    setup_cast(app, "author", "member")
    post_id = new_post(app)
    new_comment(app, post_id, "author")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    for path, body, words in (
        (f"/api/v1/posts/{post_id}/comments", {"body": "Thanks"}, "commenting very quickly"),
        (f"/api/v1/posts/{post_id}/outcomes", {"result": "worked"}, "reporting very quickly"),
    ):
        assert client.post(path, json=body, headers=headers).status_code in (200, 201)
        assert_friendly_429(client.post(path, json=body, headers=headers), words)


def test_turning_rate_limits_off_turns_every_one_off(make_app):
    app = make_app(RATELIMIT_ENABLED=False, MODERATION_RATELIMIT_LOGIN_ADDRESS="1 per hour")
    client = app.test_client()
    for _ in range(3):
        response = client.post("/auth/login", data={"username": "x", "password": "y"})
        assert response.status_code != 429


def _redis_reachable() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return None
    except OSError as exc:
        return f"Redis at 127.0.0.1:6379 is not reachable ({exc}); skipping the Redis test"


def _sign_in_attempt(app, address: str):
    # The account is named after the address: sign-in is limited per account
    # too, and Redis keeps counts between runs.
    return app.test_client().post(
        "/auth/login", data={"username": f"nobody-{address}", "password": "y"},
        environ_base={"REMOTE_ADDR": address},
    )  # fmt: skip


def _two_workers(make_app, storage: str, address: str):
    """Two hits in one worker, then a third in a freshly started one."""
    config = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage,
        "MODERATION_RATELIMIT_LOGIN_ADDRESS": "2 per minute",
    }
    first = make_app(**config)
    for _ in range(2):
        assert _sign_in_attempt(first, address).status_code != 429
    second = make_app(**config)  # a new process's app: its limiter starts afresh
    return _sign_in_attempt(second, address)


def test_memory_counters_are_per_process(make_app):
    """Why production needs Redis: a second worker knows nothing of the first's counts."""
    assert _two_workers(make_app, "memory://", "192.0.2.1").status_code != 429


def test_limits_hold_in_redis_shared_by_every_worker(make_app):
    reason = _redis_reachable()
    if reason:
        print(reason)
        pytest.skip(reason)
    # A fresh address per run: Redis outlives the test, and other runs share it.
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"
    response = _two_workers(make_app, "redis://127.0.0.1:6379", address)
    assert_friendly_429(response, "Too many sign-in attempts from your connection")


def test_an_unreachable_redis_degrades_to_counting_in_memory(make_app):
    """A Redis outage must not turn every sign-in into an error page."""
    from forum.extensions import limiter

    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1",  # nothing listens on port 1
        MODERATION_RATELIMIT_LOGIN_ADDRESS="2 per minute",
    )
    try:
        statuses = [_sign_in_attempt(app, "192.0.2.77").status_code for _ in range(3)]
    finally:
        limiter._storage_dead = False  # the limiter is process-wide; later tests start healthy
    assert statuses[:2] == [200, 200] and statuses[2] == 429
