"""Rate limits on every write: each view declares its scopes where it is defined, a
full bucket is a friendly 429 with Retry-After, web and API doors share a bucket,
and the counts are kept where every worker sees them."""

from __future__ import annotations

import runpy
import socket
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.exceptions import TooManyRequests
from werkzeug.routing import Rule

from forum import ROOT, ratelimits
from forum.extensions import db, limiter
from forum.models import FollowUp, Post, User
from forum.models.timestamps import utcnow
from forum.ratelimits import SCOPES, Scope, declared_scopes, rate_limited, register
from forum.services import accounts
from forum.services.errors import ValidationFailed
from tests.factories import PASSWORD, make_outcome, make_user
from tests.moderation.helpers import new_comment, new_post, setup_cast, sign_in, token_for
from tests.ratelimits import assert_friendly_429, limited_app

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
POST = {"title": "Bathroom pass at school", "kind": "hack", "body": "It worked.",
        "conditions": ["crohns-disease"]}  # fmt: skip


def _writes(rule: Rule) -> bool:
    return bool(WRITE_METHODS & (rule.methods or set()))


# ---------- every write declares its limits ----------


def test_every_route_that_writes_declares_a_rate_limit(app):
    """No exemptions: a new POST route without @rate_limited fails here."""
    writes = [rule for rule in app.url_map.iter_rules() if _writes(rule)]
    unlimited = [r.endpoint for r in writes if not declared_scopes(app.view_functions[r.endpoint])]
    assert unlimited == []
    moderating = "moderation" in app.extensions["forum"].plugins  # FORUM_TEST_PLUGINS
    assert len(writes) >= (39 if moderating else 19)  # the forum's writes and moderation's
    for rule in writes:
        for name in declared_scopes(app.view_functions[rule.endpoint]):
            assert app.config[SCOPES[name].setting]  # its setting is in this app's config


def test_an_unknown_scope_is_an_error_where_the_view_is_defined():
    with pytest.raises(ValueError, match="unknown rate-limit scope 'comments'"):
        rate_limited("comments")


def test_a_scope_counted_in_code_cannot_be_put_on_a_view():
    with pytest.raises(ValueError, match="counted with hit"):
        rate_limited("sign-in-account")


@pytest.mark.parametrize(
    ("scope", "words"),
    [
        (Scope("comment", "RATELIMIT_COMMENT_AGAIN", "1 per minute", "x"), "registered twice"),
        (Scope("everything", "RATELIMIT_DEFAULT", "1 per minute", "x"), "Flask-Limiter's own"),
        (Scope("typo", "RATELIMIT_TYPO", "lots per minute", "x"), "not a rate limit"),
    ],
)
def test_a_scope_that_would_go_wrong_is_refused_when_registered(scope, words):
    with pytest.raises(ValueError, match=words):
        register(scope)
    assert scope.name not in SCOPES or SCOPES[scope.name] is not scope


def test_a_bad_limit_setting_stops_the_app_starting(make_app):
    with pytest.raises(ValueError, match="RATELIMIT_COMMENT = 'plenty' is not a rate limit"):
        make_app(RATELIMIT_COMMENT="plenty")


# ---------- each kind of write, and the doors that share a bucket ----------


@pytest.mark.parametrize(
    ("scope", "path", "data", "words"),
    [
        ("comment", "/posts/{post}/comments", {"body": "Same here"}, "commenting very quickly"),
        ("outcome", "/posts/{post}/outcomes", {"result": "worked"}, "reporting very quickly"),
        ("edit", "/posts/{own}/edit", {**POST, "title": "Edited title"}, "editing very quickly"),
        ("edit", "/comments/{comment}/edit", {"body": "Edited comment"}, "editing very quickly"),
        ("delete", "/comments/{comment}/delete", {}, "deleting very quickly"),
        ("delete", "/posts/{own}/delete", {}, "deleting very quickly"),
        ("tokens", "/users/member/tokens", {"label": "script"}, "API tokens very quickly"),
        ("profile", "/users/member/edit", {"perspective": "patient"}, "profile very quickly"),
        ("post", "/posts/new", POST, "posting very quickly"),
        ("sign-out", "/auth/sessions/end", {}, "sign-outs in a row"),
        ("password", "/auth/password", {"current_password": "x"}, "change your password"),
        ("account-delete", "/account/delete", {"password": "x"}, "delete your account many"),
        ("preview", "/posts/preview", {"body": "hi"}, "preview is updating very often"),
        ("save", "/posts/{post}/save", {"want": "yes"}, "saving and unsaving very quickly"),
        ("save", "/comments/{comment}/save", {"want": "no"}, "saving and unsaving very quickly"),
        ("thanks", "/posts/{post}/thanks", {"want": "yes"}, "thanking very quickly"),
        ("citation", "/posts/{own}/citations", {"identifier": "21228075"}, "citations very"),
        ("thanks", "/comments/{comment}/thanks", {"want": "no"}, "thanking very quickly"),
        ("draft", "/drafts", {"target": "post", "body": "hi"}, "draft is being saved very often"),
        ("watch", "/watching/posts/{post}", {"level": "tracking"}, "what you watch very quickly"),
        ("watch", "/users/author/mute", {"want": "yes"}, "what you watch very quickly"),
        ("export", "/account/export", {}, "asked for your data several times"),
    ],
)
def test_each_kind_of_write_is_limited(make_app, scope, path, data, words):
    app = limited_app(make_app, **{scope.replace("-", "_"): "1 per minute"})
    setup_cast(app, "author", "member")
    post_id, own = new_post(app, "author"), new_post(app, "member")
    comment_id = new_comment(app, own, "member")
    client = sign_in(app.test_client(), "member")
    url = path.format(post=post_id, own=own, comment=comment_id)
    assert client.post(url, data=data).status_code < 429
    if scope not in ("sign-out", "password", "preview", "account-delete"):
        assert client.get(f"/posts/{post_id}").status_code == 200  # reading is never limited
    sign_in(client, "member")  # signing out everywhere signed this browser out too
    assert_friendly_429(client.post(url, data=data), words)


def test_followup_answers_are_limited_and_count_with_the_api(make_app):
    app = limited_app(make_app, followup="1 per minute")
    setup_cast(app, "author", "member")
    post_id = new_post(app, "author")
    with app.app_context():
        member = db.session.scalar(select(User).where(User.username == "member"))
        make_outcome(db.session.get(Post, post_id), member, "worked")
        followup = db.session.scalar(select(FollowUp).where(FollowUp.months == 3))
        followup.asked_at = followup.due_at = utcnow()
        db.session.commit()
        followup_id = followup.id
    client = sign_in(app.test_client(), "member")
    url = f"/followups/{followup_id}"
    assert client.post(url, data={"answer": "still_using"}).status_code == 302
    assert_friendly_429(client.post(url, data={"answer": "stopped"}), "answering follow-ups")
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    response = client.post(f"/api/v1{url}", json={"answer": "stopped"}, headers=headers)
    assert response.status_code == 429


def test_token_revokes_count_with_token_creation(make_app):
    app = limited_app(make_app, tokens="1 per minute")
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    assert client.post("/users/member/tokens", data={"label": "script"}).status_code == 200
    assert_friendly_429(client.post("/users/member/tokens/1/revoke"), "API tokens very quickly")


def test_posting_on_the_web_and_through_the_api_count_together_per_member(make_app):
    app = limited_app(make_app, post="1 per minute")
    setup_cast(app, "member", "regular")
    client = sign_in(app.test_client(), "member")
    assert client.post("/posts/new", data=POST).status_code == 302
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    response = app.test_client().post("/api/v1/posts", json=POST, headers=headers)
    assert_friendly_429(response, "You're posting very quickly")
    other = sign_in(app.test_client(), "regular")
    assert other.post("/posts/new", data=POST).status_code == 302  # per member, not global


def test_api_comments_and_reports_count_with_the_web(make_app):
    app = limited_app(make_app, comment="1 per minute", outcome="1 per minute")
    setup_cast(app, "author", "member")
    post_id = new_post(app)
    web = sign_in(app.test_client(), "member")
    assert web.post(f"/posts/{post_id}/comments", data={"body": "Thanks"}).status_code == 302
    assert web.post(f"/posts/{post_id}/outcomes", data={"result": "worked"}).status_code == 302
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    api = app.test_client()
    for path, body, words in (
        (f"/api/v1/posts/{post_id}/comments", {"body": "Thanks"}, "commenting very quickly"),
        (f"/api/v1/posts/{post_id}/outcomes", {"result": "worked"}, "reporting very quickly"),
    ):
        assert_friendly_429(api.post(path, json=body, headers=headers), words)


def test_api_saves_and_thanks_count_with_the_buttons(make_app):
    app = limited_app(make_app, save="1 per minute", thanks="1 per minute")
    setup_cast(app, "author", "member")
    post_id = new_post(app)
    web = sign_in(app.test_client(), "member")
    assert web.post(f"/posts/{post_id}/save", data={"want": "yes"}).status_code == 302
    assert web.post(f"/posts/{post_id}/thanks", data={"want": "yes"}).status_code == 302
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    api = app.test_client()
    for path, words in (
        (f"/api/v1/posts/{post_id}/save", "saving and unsaving very quickly"),
        (f"/api/v1/posts/{post_id}/thanks", "thanking very quickly"),
    ):
        assert_friendly_429(api.delete(path, headers=headers), words)


def test_api_tokens_count_together_on_the_profile_page_and_the_api(make_app):
    app = limited_app(make_app, tokens="1 per minute")
    setup_cast(app, "member")
    client = sign_in(app.test_client(), "member")
    assert client.post("/users/member/tokens", data={"label": "script"}).status_code == 200
    response = app.test_client().post(
        "/api/v1/tokens", json={"username": "member", "password": PASSWORD}
    )
    assert_friendly_429(response, "API tokens very quickly")


def test_turning_rate_limits_off_turns_every_one_off(make_app):
    app = make_app(
        RATELIMIT_ENABLED=False, RATELIMIT_SIGN_IN="1 per hour", RATELIMIT_REGISTER="1 per hour"
    )
    client = app.test_client()
    for _ in range(3):
        response = client.post("/auth/login", data={"username": "x", "password": "y"})
        assert response.status_code == 200
    assert [_join(app, n).status_code for n in range(3)] == [302] * 3


# ---------- joining ----------


def _join(app, n: int, address: str = "192.0.2.5", **fields):
    data = {
        "username": f"joiner-{n}",
        "email": f"joiner{n}@example.org",
        "password": "plum orchard kettle drum",
        "perspective": "caregiver",
        **fields,
    }
    return app.test_client().post(
        "/auth/register", data=data, environ_base={"REMOTE_ADDR": address}
    )


def _storage(kind: str) -> dict[str, str]:
    """Config to count in the database (the default), this process's memory, or Redis."""
    if kind == "memory":
        return {"RATELIMIT_STORAGE_URI": "memory://"}
    if kind == "redis":
        reason = _redis_reachable()
        if reason:
            print(reason)
            pytest.skip(reason)
        # Redis outlives the test, and other runs share it: keys of this run's own.
        return {
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
            "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    return {}


STORAGES = ["database", "memory", "redis"]


@pytest.mark.parametrize("storage", STORAGES)
def test_joining_counts_accounts_made_not_tries_that_failed(make_app, storage):
    """A join that fails (here, a password too short) holds a slot only while it runs."""
    app = limited_app(
        make_app, _storage(storage), register="2 per hour", register_everyone="3 per hour"
    )
    assert [_join(app, n, password="short").status_code for n in range(3)] == [400] * 3
    assert [_join(app, n).status_code for n in range(2)] == [302, 302]
    assert_friendly_429(_join(app, 2), "Too many new accounts from your connection")
    assert _join(app, 3, address="192.0.2.6").status_code == 302  # per address
    assert_friendly_429(_join(app, 4, address="192.0.2.7"), "A lot of people are joining")


@pytest.mark.parametrize("storage", STORAGES)
def test_a_window_that_ends_while_a_failed_join_runs_gives_nothing_extra(
    make_app, monkeypatch, storage
):
    """Giving back a slot whose window is over must not leave the next window a spare."""
    app = limited_app(
        make_app, _storage(storage), register="1 per hour", register_everyone="1 per hour"
    )

    def window_ends_then_fails(**fields):
        ratelimits.clear("register", "addr:192.0.2.5")  # as when the hour is up
        ratelimits.clear("register-everyone", "everyone")
        raise ValidationFailed({"username": "That username is taken."})

    monkeypatch.setattr(accounts, "register", window_ends_then_fails)
    assert _join(app, 0).status_code == 400
    monkeypatch.undo()
    assert _join(app, 1).status_code == 302
    assert_friendly_429(_join(app, 2), "Too many new accounts from your connection")


@pytest.mark.parametrize(
    ("limits", "roomier", "words"),
    [
        ({"register": "2 per hour", "register_everyone": "1 per hour"},
         {"register": "2 per hour", "register_everyone": "10 per hour"},
         "A lot of people are joining just now"),
        ({"register": "2 per hour;1 per day"}, {"register": "2 per hour;10 per day"},
         "Too many new accounts from your connection"),
    ],
)  # fmt: skip
def test_a_join_refused_by_one_limit_takes_nothing_from_the_others(
    make_app, limits, roomier, words
):
    """Refused by the site's limit or the day's, a join gives back the slots it took first.
    (The roomier limit counts afresh; the address's hour, unchanged, counts on.)"""
    app = limited_app(make_app, **limits)
    assert _join(app, 0).status_code == 302
    assert_friendly_429(_join(app, 1), words)
    app = limited_app(make_app, **roomier)
    assert _join(app, 1).status_code == 302  # the hour's second slot was still free
    assert_friendly_429(_join(app, 2), "Too many new accounts from your connection")


def test_joining_with_an_email_that_has_an_account_counts_like_any_join(make_app):
    """The account is made without the address, and counts: the limit tells nobody either."""
    app = limited_app(make_app, register="1 per hour")
    with app.app_context():
        make_user("lakeside", email="joiner0@example.org")
    assert _join(app, 0).status_code == 302
    assert_friendly_429(_join(app, 1), "Too many new accounts from your connection")


def test_joining_carries_on_in_memory_while_the_storage_is_down(make_app, tmp_path, caplog):
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"db+sqlite:///{tmp_path}/no/such/dir/counters.db",
        RATELIMIT_REGISTER="1 per hour",
    )
    address = f"2001:db8:{uuid.uuid4().hex[:4]}::1"  # this process's memory outlives the test
    try:
        assert _join(app, 0, address=address).status_code == 302
        assert_friendly_429(_join(app, 1, address=address), "Too many new accounts")
    finally:
        limiter._storage_dead = False  # the limiter is process-wide; later tests start healthy
    assert "rate-limit storage unreachable, counting in this process" in caplog.text


def test_joining_is_limited_for_everyone_together(make_app):
    """Spreading new accounts over many addresses doesn't help."""
    app = limited_app(make_app, register_everyone="2 per hour")
    assert [_join(app, n, address=f"203.0.113.{n}").status_code for n in range(2)] == [302] * 2
    response = _join(app, 2, address="203.0.113.2")
    assert_friendly_429(response, "A lot of people are joining just now")


def test_the_joining_form_cannot_be_hammered(make_app):
    app = limited_app(make_app, register_attempts="3 per hour")
    assert [_join(app, n, password="short").status_code for n in range(3)] == [400] * 3
    assert_friendly_429(_join(app, 3), "Too many tries at joining")


# ---------- inputs that used to crash the limits ----------


def test_the_live_preview_answers_a_visitor_who_is_not_signed_in(make_app):
    """Its key used to read current_user.id: a 500 for anyone signed out."""
    app = limited_app(make_app)
    response = app.test_client().post("/posts/preview", data={"body": "hi"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_deeply_nested_json_asking_for_a_token_is_a_400(make_app):
    """The account key used to parse the body itself, and hit Python's recursion limit."""
    app = limited_app(make_app)
    body = '{"username": ' + "[" * 100_000 + "]" * 100_000 + ', "password": "x"}'
    response = app.test_client().post("/api/v1/tokens", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


# ---------- addresses ----------


def test_an_ipv6_household_counts_as_one_address(make_app):
    """One /64 is one home or server: every address in it shares the address's bucket."""
    app = limited_app(make_app, sign_in="2 per minute")
    client = app.test_client()

    def attempt(address: str) -> int:
        return client.post(
            "/auth/login", data={"username": f"nobody-{uuid.uuid4().hex[:6]}", "password": "y"},
            environ_base={"REMOTE_ADDR": address},
        ).status_code  # fmt: skip

    assert attempt("2001:db8:1:2::1") == 200
    assert attempt("2001:db8:1:2::ffff") == 200
    assert attempt("2001:db8:1:2:abcd::9") == 429
    assert attempt("2001:db8:1:3::1") == 200  # the next /64 is someone else


# ---------- where the counts are kept ----------


def _sign_in_attempt(app, address: str):
    # A different account each time: only the address's bucket fills.
    return app.test_client().post(
        "/auth/login", data={"username": f"nobody-{uuid.uuid4().hex[:8]}", "password": "y"},
        environ_base={"REMOTE_ADDR": address},
    )  # fmt: skip


def _two_workers(make_app, address: str, **config):
    """Two tries through one worker's app, then a third through a freshly started one."""
    config = {"RATELIMIT_ENABLED": True, "RATELIMIT_SIGN_IN": "2 per minute", **config}
    first = make_app(**config)
    for _ in range(2):
        assert _sign_in_attempt(first, address).status_code == 200
    second = make_app(**config)  # a new process's app: its limiter starts afresh
    return _sign_in_attempt(second, address)


def test_by_default_counts_are_kept_in_the_database_for_every_worker(make_app):
    response = _two_workers(make_app, "192.0.2.10")
    assert_friendly_429(response, "Too many sign-in attempts from your connection")
    assert limiter.storage.__class__.__name__ == "DatabaseStorage"


def test_memory_counters_are_per_process(make_app):
    """Why memory:// is only for one process: a second worker knows nothing of the first."""
    assert _two_workers(make_app, "192.0.2.1", RATELIMIT_STORAGE_URI="memory://").status_code == 200


def _redis_reachable() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return None
    except OSError as exc:
        return f"Redis at 127.0.0.1:6379 is not reachable ({exc}); skipping the Redis test"


def test_limits_hold_in_redis_shared_by_every_worker(make_app):
    reason = _redis_reachable()
    if reason:
        print(reason)
        pytest.skip(reason)
    # A fresh /64 per run: Redis outlives the test, and other runs share it.
    hex4 = uuid.uuid4().hex[:4]
    response = _two_workers(
        make_app, f"2001:db8:{hex4}::1", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379"
    )
    assert_friendly_429(response, "Too many sign-in attempts from your connection")


def test_an_unreachable_storage_degrades_to_counting_in_memory(make_app):
    """A Redis outage must not turn every sign-in into an error page."""
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1",  # nothing listens on port 1
        RATELIMIT_SIGN_IN="2 per minute",
    )
    try:
        statuses = [_sign_in_attempt(app, "192.0.2.77").status_code for _ in range(3)]
    finally:
        limiter._storage_dead = False  # the limiter is process-wide; later tests start healthy
    assert statuses == [200, 200, 429]


def test_limits_counted_in_code_carry_on_in_memory_while_the_storage_is_down(
    make_app, tmp_path, caplog
):
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"db+sqlite:///{tmp_path}/no/such/dir/counters.db",
        RATELIMIT_SIGN_IN_ACCOUNT="2 per hour",
    )
    key = f"user:{uuid.uuid4().hex}"
    with app.test_request_context():
        for _ in range(2):
            ratelimits.hit("sign-in-account", key)
        with pytest.raises(TooManyRequests):
            ratelimits.hit("sign-in-account", key)
    assert "rate-limit storage unreachable, counting in this process" in caplog.text


@pytest.mark.parametrize(
    ("storage", "workers", "loud"),
    [("memory://", 5, True), ("memory://", 1, False), (None, 5, False)],
)
def test_make_serve_says_loudly_when_workers_would_count_alone(make_app, storage, workers, loud):
    app = make_app(
        RATELIMIT_ENABLED=True, **({"RATELIMIT_STORAGE_URI": storage} if storage else {})
    )
    logged: list[str] = []
    server = SimpleNamespace(
        app=SimpleNamespace(callable=app),
        cfg=SimpleNamespace(preload_app=True),
        num_workers=workers,
        log=SimpleNamespace(error=lambda message, *args: logged.append(message % args)),
    )
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))["when_ready"](server)
    assert bool(logged) is loud
    if loud:
        assert "each of the 5 workers counts on its own" in logged[0]
        assert "Unset it to count in the database, or point it at Redis" in logged[0]
