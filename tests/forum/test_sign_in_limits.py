"""How many passwords anyone may try, on the sign-in form, the API's token request and
the password form: per address, per account and source, and per account from
devices it hasn't used, so guessing from many addresses can't lock the owner out.
Failed tries go to the security log."""

from __future__ import annotations

import logging

import pytest

from forum.auth.throttle import DEVICE_COOKIE
from tests.factories import PASSWORD, make_user
from tests.moderation.helpers import sign_in
from tests.pages import page_text
from tests.ratelimits import assert_friendly_429, limited_app

NEW_DEVICES = "from devices it hasn't used before"
THIS_ACCOUNT = "Too many sign-in attempts for this account"
HOME = "198.51.100.7"  # where the owner usually signs in


def attempt(client, login: str, password: str = "wrong guess", address: str = HOME, **extra):
    return client.post(
        "/auth/login", data={"username": login, "password": password, **extra},
        environ_base={"REMOTE_ADDR": address},
    )  # fmt: skip


def token_request(app, login: str, password: str = "wrong guess", address: str = HOME):
    return app.test_client().post(
        "/api/v1/tokens", json={"username": login, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )  # fmt: skip


def owner_app(make_app, **limits):
    app = limited_app(make_app, **{"sign_in": "1000 per hour", **limits})
    with app.app_context():
        make_user("dana", email="dana@example.org")
    return app


def test_one_address_is_limited_across_accounts(make_app):
    app = limited_app(make_app, sign_in="3 per minute")
    client = app.test_client()
    for n in range(3):
        assert attempt(client, f"guess{n}").status_code == 200
    assert_friendly_429(attempt(client, "guess9"), "Too many sign-in attempts from your connection")
    assert client.get("/auth/login").status_code == 200  # reading the form is never limited
    assert attempt(app.test_client(), "guess9", address="203.0.113.9").status_code == 200


def test_one_account_is_limited_per_address_and_a_success_clears_it(make_app):
    app = owner_app(make_app, sign_in_account="3 per hour", sign_in_new_devices="1000 per hour")
    client = app.test_client()
    for _ in range(2):
        assert attempt(client, "dana").status_code == 200
    assert attempt(client, "dana", PASSWORD).status_code == 302  # the third try, the right one
    again = app.test_client()
    for _ in range(3):  # the failures were forgotten: three more tries
        assert attempt(again, "dana").status_code == 200
    assert_friendly_429(attempt(again, "dana"), THIS_ACCOUNT)


def test_a_username_and_its_email_count_apart_so_a_429_never_links_them(make_app):
    """Were they one bucket, filling the username's and then trying a guessed
    address would answer 429 exactly when the address is that member's."""
    app = owner_app(make_app, sign_in_account="2 per hour")
    with app.app_context():
        make_user("eli", email="eli@example.org")
    client = app.test_client()
    assert attempt(client, "dana").status_code == 200
    assert attempt(client, " DANA ").status_code == 200  # the same name, written otherwise
    assert_friendly_429(token_request(app, "Dana"), THIS_ACCOUNT)
    for guess in ("dana@example.org", "eli@example.org", "nobody@example.org"):
        assert attempt(client, guess).status_code == 200, guess


def test_guessing_from_many_addresses_cannot_lock_the_owner_out(make_app):
    app = owner_app(make_app, sign_in_account="5 per hour", sign_in_new_devices="10 per hour")
    laptop = app.test_client()
    assert attempt(laptop, "dana", PASSWORD).status_code == 302  # home and this browser: trusted
    laptop.post("/auth/logout")

    # Twenty addresses, three guesses each: nine get a "no" (the owner's first
    # sign-in here was a new device too), the rest are told to wait.
    statuses = [
        attempt(app.test_client(), "dana", address=f"203.0.113.{n}").status_code
        for n in range(20)
        for _ in range(3)
    ]
    assert statuses.count(200) == 9 and statuses.count(429) == 51
    stranger = attempt(app.test_client(), "dana", PASSWORD, address="192.0.2.200")
    assert_friendly_429(stranger, NEW_DEVICES)
    assert "Sign in from a device or connection you've used before" in page_text(stranger)

    # The owner gets in: from home in any browser, and anywhere in the browser they used.
    assert attempt(app.test_client(), "dana", PASSWORD, address=HOME).status_code == 302
    travelling = attempt(laptop, "dana", PASSWORD, address="192.0.2.201")
    assert travelling.status_code == 302
    assert token_request(app, "dana", PASSWORD, address=HOME).status_code == 201
    assert token_request(app, "dana", PASSWORD, address="192.0.2.202").status_code == 429


def test_the_owner_at_home_still_has_their_own_limit(make_app):
    """Trusted tries skip the new-device bucket but not the per-source one."""
    app = owner_app(make_app, sign_in_account="2 per hour")
    assert attempt(app.test_client(), "dana", PASSWORD).status_code == 302
    client = app.test_client()
    for _ in range(2):
        assert attempt(client, "dana").status_code == 200
    assert_friendly_429(attempt(client, "dana"), THIS_ACCOUNT)


def test_unknown_accounts_are_limited_just_like_real_ones(make_app):
    """Otherwise the limits would tell which usernames exist."""
    app = owner_app(make_app, sign_in_account="1000 per hour", sign_in_new_devices="2 per hour")
    for login in ("dana", "no-such-person"):
        statuses = [
            attempt(app.test_client(), login, address=f"203.0.113.{n}").status_code
            for n in range(3)
        ]
        assert statuses == [200, 200, 429], login


def test_the_device_cookie_is_signed_and_names_the_account(make_app):
    # Two tries from new devices: dana's first sign-in, then one stranger.
    app = owner_app(make_app, sign_in_new_devices="2 per hour")
    with app.app_context():
        make_user("eli")
    laptop = app.test_client()
    response = attempt(laptop, "dana", PASSWORD)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(DEVICE_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    laptop.post("/auth/logout")
    assert attempt(app.test_client(), "dana", address="203.0.113.1").status_code == 200
    # The new-device bucket is full. dana's browser is trusted for dana only...
    assert attempt(laptop, "dana", PASSWORD, address="203.0.113.2").status_code == 302
    laptop.post("/auth/logout")
    for n in (3, 4):
        assert attempt(app.test_client(), "eli", address=f"203.0.113.{n}").status_code == 200
    assert attempt(laptop, "eli", PASSWORD, address="203.0.113.5").status_code == 429
    # ...and a cookie changed by hand is not trusted at all.
    forged = app.test_client()
    forged.set_cookie(DEVICE_COOKIE, laptop.get_cookie(DEVICE_COOKIE).value[:-2] + "xx")
    assert attempt(forged, "dana", PASSWORD, address="203.0.113.6").status_code == 429


def test_signing_out_everywhere_withdraws_every_other_devices_trust(make_app):
    app = owner_app(make_app, sign_in_new_devices="2 per hour")
    phone, laptop = app.test_client(), app.test_client()
    assert attempt(phone, "dana", PASSWORD, address="203.0.113.9").status_code == 302
    assert attempt(laptop, "dana", PASSWORD, address="203.0.113.1").status_code == 302
    laptop.post("/auth/sessions/end", environ_base={"REMOTE_ADDR": "203.0.113.1"})
    # The new-devices bucket is full (two first sign-ins): only trusted tries pass.
    assert attempt(app.test_client(), "dana", address="192.0.2.5").status_code == 429
    # Neither the phone nor its address vouches for dana any more...
    assert attempt(phone, "dana", PASSWORD, address="203.0.113.9").status_code == 429
    # ...but the browser the owner pressed it in still does, wherever it is now,
    # so someone guessing at that moment can't keep the owner out too.
    assert attempt(laptop, "dana", PASSWORD, address="203.0.113.77").status_code == 302


def test_wrong_current_passwords_on_the_password_form_are_limited(make_app):
    """They used to be unlimited: a stolen session could guess the password forever."""
    app = owner_app(make_app, sign_in_account="3 per hour", password="1000 per hour")
    client = sign_in(app.test_client(), "dana")  # a session, as a thief would have it
    assert attempt(app.test_client(), "dana").status_code == 200  # the sign-in form counts too
    form = {"current_password": "not it", "new_password": "lantern meadow copper fig"}
    statuses = [
        client.post("/auth/password", data=form, environ_base={"REMOTE_ADDR": HOME}).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]


def test_a_right_current_password_clears_its_failures(make_app):
    app = owner_app(make_app, sign_in_account="2 per hour", password="1000 per hour")
    client = sign_in(app.test_client(), "dana")

    def change(current: str, new: str = "lantern meadow copper fig"):
        data = {"current_password": current, "new_password": new}
        return client.post("/auth/password", data=data, environ_base={"REMOTE_ADDR": HOME})

    assert change("not it").status_code == 400
    assert change(PASSWORD, new="short").status_code == 400  # right password, weak new one
    assert change("not it").status_code == 400
    assert change("lantern meadow copper fig").status_code == 400  # still the old one
    assert change("not it").status_code == 429


# ---------- the security log ----------


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.WARNING, logger="forum.security")
    return caplog


def test_failed_sign_ins_are_logged_without_passwords_or_typed_names(make_app, security_log):
    app = owner_app(make_app)
    attempt(app.test_client(), "dana", "first wrong password", address="203.0.113.5")
    token_request(app, "dana@example.org", "second wrong password", address="203.0.113.6")
    attempt(app.test_client(), "my password is hunter2", "x", address="203.0.113.7")
    lines = [r.getMessage() for r in security_log.records if r.name == "forum.security"]
    # Word for word: no password, and no text typed as a name that names nobody.
    assert lines == [
        "failed sign-in for account dana from 203.0.113.5 (sign-in form)",
        "failed sign-in for account dana from 203.0.113.6 (API token request)",
        "failed sign-in for unknown account from 203.0.113.7 (sign-in form)",
    ]


def test_refused_and_password_form_failures_are_logged(make_app, security_log):
    app = owner_app(make_app, sign_in_account="1 per hour")
    client = sign_in(app.test_client(), "dana")
    form = {"current_password": "not it", "new_password": "lantern meadow copper fig"}
    for _ in range(2):
        client.post("/auth/password", data=form, environ_base={"REMOTE_ADDR": HOME})
    elsewhere = "192.0.2.50"  # this account's tries from HOME are used up
    assert attempt(app.test_client(), "dana", PASSWORD, address=elsewhere).status_code == 302
    lines = [r.getMessage() for r in security_log.records if r.name == "forum.security"]
    assert lines == [
        f"failed sign-in for account dana from {HOME} (password form)",
        f"refused sign-in for account dana from {HOME} (password form): too many tries",
    ]
