"""Two-factor sign-in with an authenticator app: setting it up, signing in with
a code or a recovery code, new codes, turning it off, the doors that must not
skip the second step (API tokens, password reset), the staff rule, and
``flask users totp``."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from forum.auth import second_step
from forum.extensions import db
from forum.mail.tokens import reset_token
from forum.models import RecoveryCode, User
from forum.policy import STAFF_NEED_SECOND_FACTOR
from forum.twofactor import totp
from tests.factories import PASSWORD, TOTP_SECRET, make_post, make_user
from tests.pages import page_text
from tests.ratelimits import assert_friendly_429, limited_app

SECRET_TEXT = re.compile(r'id="totp-secret">([A-Z2-7 ]+)</code>')
CODES = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def _user(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        return user


def _code(secret: str, *, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def _password_step(client, username: str):
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/auth/second-factor")
    return response


def _signed_in(client) -> bool:
    return client.get("/auth/password").status_code == 200


def enrol(client) -> tuple[str, list[str]]:
    """Set the app up through the pages, as a member would: (secret, recovery codes)."""
    started = client.post("/account/two-factor/start")
    assert started.status_code == 303 and started.location.endswith("/account/two-factor/setup")
    page = client.get("/account/two-factor/setup")
    assert page.status_code == 200
    secret = SECRET_TEXT.search(page.text).group(1).replace(" ", "")
    done = client.post("/account/two-factor/setup", data={"code": _code(secret)})
    assert done.status_code == 200, page_text(done)[:1000]
    return secret, CODES.findall(done.text)


# ---------- codes ----------


def test_an_app_code_works_once_and_spaces_are_fine(app):
    with app.app_context():
        user = make_user("otter_codes", second_factor=True)
        code = _code(TOTP_SECRET)
        spaced = f"{code[:3]} {code[3:]}"
        assert totp.verify(user, spaced)
        assert not totp.verify(user, code)  # the same step again: refused
        assert totp.verify(user, _code(TOTP_SECRET, steps_ahead=1))  # the next one is fine
        assert not totp.verify(user, _code(TOTP_SECRET))  # and an older one no longer
        assert not totp.verify(user, "12345")
        assert not totp.verify(user, "abcdef")
        assert not totp.verify(user, _code(TOTP_SECRET, steps_ahead=3))  # out of the window


@pytest.mark.parametrize("typed", ["", " ", "1" * 65, "١٢٣٤٥٦", "12345\x00", "123456789"])
def test_odd_codes_are_simply_wrong(app, typed):
    with app.app_context():
        user = make_user(f"odd{abs(hash(typed)) % 10**6}", second_factor=True)
        assert not totp.verify(user, typed)
        assert user.totp_last_step is None


# ---------- setting it up ----------


def test_a_member_sets_up_the_app_and_gets_ten_codes_stored_hashed(app, client, auth):
    with app.app_context():
        make_user("heron_setup")
    auth.login("heron_setup")
    intro = client.get("/account/two-factor")
    assert intro.status_code == 200
    assert "Set up an authenticator app" in page_text(intro)

    client.post("/account/two-factor/start")
    page = client.get("/account/two-factor/setup")
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in page.text
    assert 'class="totp-qr-code"' in page.text
    shown = SECRET_TEXT.search(page.text).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", shown)  # in fours
    pending = _user(app, "heron_setup")
    assert pending.totp_secret == shown.replace(" ", "") and pending.totp_enabled_at is None

    wrong = client.post("/account/two-factor/setup", data={"code": "000000"})
    assert wrong.status_code == 400 and "That code didn't match" in page_text(wrong)
    assert _user(app, "heron_setup").totp_enabled_at is None

    done = client.post("/account/two-factor/setup", data={"code": _code(pending.totp_secret)})
    assert done.status_code == 200
    text = page_text(done)
    assert "Two-factor sign-in is on" in text and "Keep these codes somewhere safe" in text
    codes = CODES.findall(done.text)
    assert len(set(codes)) == 10
    assert 'download="middle-ground-recovery-codes.txt"' in done.text
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "heron_setup"))
        assert user.totp_enabled_at is not None
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10
        assert not any(code.replace("-", "") in h or code in h for code in codes for h in stored)
    # Shown once: the settings page counts them but never shows them again.
    settings = client.get("/account/two-factor")
    assert "You have 10 unused recovery codes" in page_text(settings)
    assert codes[0] not in settings.text
    assert "Two-factor sign-in is <strong>on</strong>" in client.get("/account").text


def test_the_setup_page_without_a_new_secret_goes_to_the_settings(app, client, auth):
    with app.app_context():
        make_user("heron_nothing")
    auth.login("heron_nothing")
    page = client.get("/account/two-factor/setup")
    assert page.status_code == 303 and page.location.endswith("/account/two-factor")


def test_two_factor_pages_need_a_sign_in(client):
    assert client.get("/account/two-factor").status_code == 302
    assert client.post("/account/two-factor/start").status_code == 302
    assert client.post("/account/two-factor/off", data={"off-code": "1"}).status_code == 302


# ---------- signing in ----------


def test_sign_in_asks_for_a_code_and_a_code_cannot_be_used_twice(app, client):
    with app.app_context():
        make_user("kite_signin", second_factor=True)
    _password_step(client, "kite_signin")
    assert not _signed_in(client)  # the password alone opens nothing
    code = _code(TOTP_SECRET)
    wrong = client.post("/auth/second-factor", data={"code": "000000"})
    assert wrong.status_code == 400 and "That code didn't work" in page_text(wrong)
    done = client.post("/auth/second-factor", data={"code": code})
    assert done.status_code == 302 and _signed_in(client)

    other = app.test_client()
    _password_step(other, "kite_signin")
    again = other.post("/auth/second-factor", data={"code": code})
    assert again.status_code == 400 and not _signed_in(other)


def test_a_recovery_code_signs_in_once(app, client, auth):
    with app.app_context():
        make_user("kite_recovery")
    auth.login("kite_recovery")
    _, codes = enrol(client)
    auth.logout()

    _password_step(client, "kite_recovery")
    done = client.post("/auth/second-factor", data={"code": codes[3].upper().replace("-", " ")})
    assert done.status_code == 302 and _signed_in(client)
    assert "You have 9 unused recovery codes" in page_text(client.get("/account/two-factor"))
    auth.logout()

    _password_step(client, "kite_recovery")
    again = client.post("/auth/second-factor", data={"code": codes[3]})
    assert again.status_code == 400 and not _signed_in(client)


def test_wrong_codes_are_rate_limited_like_passwords(make_app):
    app = limited_app(make_app, sign_in_account="3 per minute")
    client = app.test_client()
    with app.app_context():
        make_user("kite_guess", second_factor=True)
    _password_step(client, "kite_guess")
    answers = [client.post("/auth/second-factor", data={"code": "000000"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [400, 400, 400]
    refused = client.post("/auth/second-factor", data={"code": _code(TOTP_SECRET)})
    assert_friendly_429(refused, "Too many sign-in attempts for this account")
    assert not _signed_in(client)


# ---------- new codes, turning it off ----------


def test_new_recovery_codes_replace_the_old_ones(app, client, auth):
    with app.app_context():
        make_user("wren_renew")
    auth.login("wren_renew")
    secret, old = enrol(client)
    wrong = client.post("/account/two-factor/recovery-codes", data={"renew-code": "000000"})
    assert wrong.status_code == 400 and "That code didn't work" in page_text(wrong)
    renewed = client.post(
        "/account/two-factor/recovery-codes",
        data={"renew-code": _code(secret, steps_ahead=1)},
    )
    assert renewed.status_code == 200 and "The old ones no longer work" in page_text(renewed)
    new = CODES.findall(renewed.text)
    assert len(new) == 10 and not set(new) & set(old)
    auth.logout()
    _password_step(client, "wren_renew")
    assert client.post("/auth/second-factor", data={"code": old[0]}).status_code == 400
    assert client.post("/auth/second-factor", data={"code": new[0]}).status_code == 302


def test_turning_it_off_takes_a_code_and_a_recovery_code_will_do(app, client, auth):
    with app.app_context():
        make_user("wren_off")
    auth.login("wren_off")
    _, codes = enrol(client)
    wrong = client.post("/account/two-factor/off", data={"off-code": "123456"})
    assert wrong.status_code == 400 and _user(app, "wren_off").totp_enabled_at is not None
    off = client.post("/account/two-factor/off", data={"off-code": codes[0]})
    assert off.status_code == 303
    assert "Two-factor sign-in is off" in page_text(client.get(off.location))
    user = _user(app, "wren_off")
    assert user.totp_enabled_at is None and user.totp_secret is None
    with app.app_context():
        assert db.session.scalars(select(RecoveryCode)).all() == []
    auth.logout()
    assert auth.login("wren_off").location == "/"  # the password alone again


def test_staff_cannot_turn_off_their_last_second_factor(app, client, auth):
    with app.app_context():
        make_user("wren_mod", role="moderator")
    auth.login("wren_mod")
    page = client.get("/account/two-factor")
    assert "Moderators and admins must keep a second factor" in page_text(page)
    refused = client.post(
        "/account/two-factor/off", data={"off-code": _code(TOTP_SECRET, steps_ahead=1)}
    )
    assert refused.status_code == 400
    assert "Moderators and admins must keep a second factor" in page_text(refused)
    assert _user(app, "wren_mod").totp_enabled_at is not None


# ---------- doors that must not skip the second step ----------


def test_an_api_token_needs_the_code_too(app, client):
    with app.app_context():
        make_user("finch_api", second_factor=True)
    body = {"username": "finch_api", "password": PASSWORD}
    missing = client.post("/api/v1/tokens", json=body)
    assert missing.status_code == 401
    assert '"code"' in missing.get_json()["error"]["message"]
    wrong = client.post("/api/v1/tokens", json={**body, "code": "000000"})
    assert wrong.status_code == 401 and "didn't work" in wrong.get_json()["error"]["message"]
    bad_password = client.post(
        "/api/v1/tokens", json={**body, "password": "nope", "code": _code(TOTP_SECRET)}
    )
    assert bad_password.status_code == 401
    assert bad_password.get_json()["error"]["message"] == "That username or password isn't right."
    made = client.post("/api/v1/tokens", json={**body, "code": _code(TOTP_SECRET)})
    assert made.status_code == 201 and made.get_json()["token"]
    reused = client.post("/api/v1/tokens", json={**body, "code": _code(TOTP_SECRET)})
    assert reused.status_code == 401
    not_text = client.post("/api/v1/tokens", json={**body, "code": 123456})
    assert not_text.status_code == 400


def test_members_without_a_second_factor_get_tokens_as_before(app, client):
    with app.app_context():
        make_user("finch_plain")
    made = client.post("/api/v1/tokens", json={"username": "finch_plain", "password": PASSWORD})
    assert made.status_code == 201


def test_a_password_reset_link_still_asks_for_the_second_factor(app, client):
    with app.app_context():
        user = make_user("finch_reset", second_factor=True)
        link = f"/auth/reset/{reset_token(user)}"
    done = client.post(link, data={"new_password": "a brand new long phrase"})
    assert done.status_code == 302 and done.location.endswith("/auth/second-factor")
    assert not _signed_in(client)
    finished = client.post("/auth/second-factor", data={"code": _code(TOTP_SECRET)})
    assert finished.status_code == 302 and _signed_in(client)
    with client.session_transaction() as session:
        assert second_step.PENDING not in session


# ---------- the staff rule ----------


@pytest.mark.needs_plugin("moderation")
def test_staff_without_a_second_factor_are_refused_staff_tools_and_told_how(app, client, auth):
    with app.app_context():
        make_user("gull_mod", role="moderator", second_factor=False)
        post = make_post(make_user("gull_author"))
        post_id = post.id
    signed = auth.login("gull_mod")
    assert signed.status_code == 302  # the password alone signs them in, as a member
    home = client.get(signed.location)
    assert STAFF_NEED_SECOND_FACTOR in page_text(home)

    queue = client.get("/moderation/queue")
    assert queue.status_code == 403
    assert STAFF_NEED_SECOND_FACTOR in page_text(queue)
    assert 'href="/account/two-factor"' in queue.text
    edit = client.get(f"/posts/{post_id}/edit")
    assert edit.status_code in (403, 404)  # no staff edit of someone else's post
    assert client.get("/users/gull_mod").status_code == 200  # a member's pages still work

    # Turning it on gives the tools back.
    enrol(client)
    assert client.get("/moderation/queue").status_code == 200
    assert client.get(f"/posts/{post_id}/edit").status_code == 200


@pytest.mark.needs_plugin("moderation")
def test_staff_with_the_app_on_use_their_tools(app, client, auth):
    with app.app_context():
        make_user("gull_ok", role="admin")
    auth.login("gull_ok")
    assert client.get("/moderation/queue").status_code == 200


# ---------- the command line ----------


def test_the_command_line_enrols_and_removes_on_the_record(app, runner):
    with app.app_context():
        make_user("tern_cli", second_factor=False)
    result = runner.invoke(args=["users", "totp", "tern_cli"])
    assert result.exit_code == 0, result.output
    secret = re.search(r"Secret: ([A-Z2-7 ]+)", result.output).group(1).replace(" ", "")
    assert "otpauth://totp/Middle%20Ground:tern_cli?secret=" + secret in result.output
    codes = re.findall(r"^  ([a-z2-9]{5}-[a-z2-9]{5})$", result.output, re.M)
    assert len(codes) == 10
    user = _user(app, "tern_cli")
    assert user.totp_secret == secret and user.totp_enabled_at is not None

    client = app.test_client()
    _password_step(client, "tern_cli")
    assert client.post("/auth/second-factor", data={"code": codes[0]}).status_code == 302

    removed = runner.invoke(args=["users", "totp", "tern_cli", "--remove"])
    assert removed.exit_code == 0 and "is off for tern_cli" in removed.output
    assert _user(app, "tern_cli").totp_enabled_at is None
    with app.app_context():
        assert db.session.scalars(select(RecoveryCode)).all() == []
    if "moderation" in app.extensions["forum"].plugins:
        from moderation.models import ModerationAction

        with app.app_context():
            rows = db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))
            assert [(r.action, r.actor_id) for r in rows] == [
                ("totp_enrolled", None),
                ("totp_removed", None),
            ]


def test_the_command_line_names_an_unknown_account(runner):
    result = runner.invoke(args=["users", "totp", "nobody_here"])
    assert result.exit_code == 1 and "No user is called 'nobody_here'." in result.output


# ---------- the demo ----------


def test_demo_staff_come_with_the_app_and_their_secrets_are_printed(app, runner):
    from forum.seed.people import DEMO_MODERATOR_TOTP_SECRET

    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert f"fontan_family        {DEMO_MODERATOR_TOTP_SECRET}" in result.output
    fontan = _user(app, "fontan_family")
    assert fontan.totp_secret == DEMO_MODERATOR_TOTP_SECRET and fontan.totp_enabled_at
    client = app.test_client()
    client.post(
        "/auth/login", data={"username": "fontan_family", "password": "middle-ground-demo-2026"}
    )
    finished = client.post("/auth/second-factor", data={"code": _code(DEMO_MODERATOR_TOTP_SECRET)})
    assert finished.status_code == 302 and _signed_in(client)
