"""Passkeys (issue 15, item 4): adding, naming, removing, and proving one to sign in,
as the second step, and to confirm it's you, against a software authenticator
(tests/forum/passkey_authenticator.py). The browser itself: tests/e2e/test_passkeys_journey.py."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Passkey, User
from forum.models.timestamps import utcnow
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user
from tests.forum.passkey_authenticator import SoftPasskey
from tests.pages import page_text

CHROME_ON_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def _options(client, purpose: str) -> dict:
    answer = client.post("/passkeys/options", json={"for": purpose})
    assert answer.status_code == 200, answer.text
    return answer.get_json()


def _add(client, key: SoftPasskey, name: str = "", **headers):
    options = _options(client, "add")
    return client.post(
        "/account/passkeys", json={"credential": key.create(options), "name": name}, headers=headers
    )


def _passkeys(app, username: str) -> list[Passkey]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        found = db.session.scalars(select(Passkey).where(Passkey.user_id == user.id)).all()
        db.session.expunge_all()
        return list(found)


def _member_with_passkey(app, client, auth, username: str, **user_fields) -> SoftPasskey:
    with app.app_context():
        make_user(username, **user_fields)
    auth.login(username)
    key = SoftPasskey()
    assert _add(client, key, name="Phone").status_code == 200
    auth.logout()
    return key


def _password_step(client, username: str, **extra):
    """The password alone (``auth.login`` would go on to type an app code)."""
    data = {"username": username, "password": PASSWORD, **extra}
    return client.post("/auth/login", data=data)


def _signed_in_as(client) -> str | None:
    page = client.get("/account")
    if page.status_code != 200:
        return None
    with client.session_transaction() as session:
        return session.get("_user_id")


# ---------- adding and naming ----------


def test_a_member_adds_a_passkey_named_after_their_browser(app, client, auth):
    with app.app_context():
        make_user("pk_adder")
    auth.login("pk_adder")
    key = SoftPasskey()

    answer = _add(client, key, **{"User-Agent": CHROME_ON_LINUX})

    assert answer.status_code == 200
    assert answer.get_json() == {"redirect": "/account#passkeys"}
    [saved] = _passkeys(app, "pk_adder")
    assert saved.name == "Chrome on Linux"
    assert saved.credential_id == key.id
    assert saved.transports == "internal"
    page = page_text(client.get("/account"))
    assert "Chrome on Linux" in page
    assert "Your passkey “Chrome on Linux” is added." in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "pk_adder"))
        assert key.user_handle and user.webauthn_handle  # random, never the user id
        assert user.webauthn_handle != str(user.id)


def test_a_typed_name_is_kept_and_a_second_passkey_joins_the_first(app, client, auth):
    with app.app_context():
        make_user("pk_two")
    auth.login("pk_two")

    assert _add(client, SoftPasskey(), name="  Work   laptop ").status_code == 200
    assert _add(client, SoftPasskey(), name="Security key").status_code == 200

    assert [k.name for k in _passkeys(app, "pk_two")] == ["Work laptop", "Security key"]


def test_an_overlong_name_is_refused_and_nothing_is_saved(app, client, auth):
    with app.app_context():
        make_user("pk_long")
    auth.login("pk_long")

    answer = _add(client, SoftPasskey(), name="x" * 81)

    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"] == "A passkey's name can be at most 80 characters."
    assert _passkeys(app, "pk_long") == []


def test_an_answer_is_accepted_once_and_only_for_its_challenge(app, client, auth):
    with app.app_context():
        make_user("pk_once")
    auth.login("pk_once")
    key = SoftPasskey()
    credential = key.create(_options(client, "add"))
    assert client.post("/account/passkeys", json={"credential": credential}).status_code == 200

    again = client.post("/account/passkeys", json={"credential": credential})

    assert again.status_code == 400
    assert "already used" in again.get_json()["error"]["message"]
    assert len(_passkeys(app, "pk_once")) == 1


@pytest.mark.parametrize(
    "key",
    [
        SoftPasskey(origin="https://evil.example"),  # a phishing site relaying the prompt
        SoftPasskey(rp_id="evil.example"),
        SoftPasskey(user_verified=False),  # no PIN or fingerprint: then it is one factor only
    ],
    ids=["origin", "rp-id", "no-user-verification"],
)
def test_a_registration_from_elsewhere_or_unverified_is_refused(app, client, auth, key):
    with app.app_context():
        make_user("pk_bad")
    auth.login("pk_bad")

    answer = _add(client, key)

    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"].startswith("Your passkey couldn't be checked")
    assert _passkeys(app, "pk_bad") == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"credential": "not json"},
        {"credential": []},
        {"credential": {"id": "x", "rawId": "x", "type": "public-key", "response": []}},
        {"credential": {"id": 5, "response": {"clientDataJSON": 7, "attestationObject": None}}},
        {"credential": {"id": "AAAA", "rawId": "AAAA", "type": "public-key",
                        "response": {"clientDataJSON": "e30", "attestationObject": "oA"}}},
    ],
)  # fmt: skip
def test_nonsense_answers_are_a_clear_400_never_a_500(app, client, auth, body):
    with app.app_context():
        make_user("pk_noise")
    auth.login("pk_noise")
    _options(client, "add")

    answer = client.post("/account/passkeys", json=body)

    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"]
    assert _passkeys(app, "pk_noise") == []


def test_options_need_a_purpose_and_a_signed_in_member_for_adding(client):
    assert client.post("/passkeys/options", json={"for": "anything"}).status_code == 400
    refused = client.post("/passkeys/options", json={"for": "add"})
    assert refused.status_code == 401
    assert refused.get_json()["error"]["message"] == "Please sign in first."


def test_the_relying_party_id_comes_from_the_setting_when_set(make_app):
    app = make_app(WEBAUTHN_RP_ID="forum.example.org")
    client = app.test_client()

    options = _options(client, "sign-in")

    assert options["rpId"] == "forum.example.org"
    assert options["userVerification"] == "required"
    assert options["allowCredentials"] == []  # any passkey this browser holds for the site


# ---------- signing in with a passkey alone ----------


def test_a_passkey_alone_signs_its_owner_in_and_moves_its_counter_on(app, client, auth):
    key = _member_with_passkey(app, client, auth, "pk_alone")

    answer = client.post(
        "/passkeys/sign-in",
        json={
            "credential": key.get(_options(client, "sign-in")),
            "remember": True,
            "next": "/tags",
        },
    )

    assert answer.status_code == 200
    assert answer.get_json() == {"redirect": "/tags"}
    assert "Welcome back, pk_alone." in page_text(client.get("/account"))
    cookies = " ".join(answer.headers.getlist("Set-Cookie"))
    assert f"{app.config.get('REMEMBER_COOKIE_NAME', 'remember_token')}=" in cookies  # ticked
    [saved] = _passkeys(app, "pk_alone")
    assert saved.sign_count == 1
    assert saved.last_used_at is not None


def test_an_unsafe_next_is_not_followed(app, client, auth):
    key = _member_with_passkey(app, client, auth, "pk_next")

    answer = client.post(
        "/passkeys/sign-in",
        json={"credential": key.get(_options(client, "sign-in")), "next": "//evil.example/"},
    )

    assert answer.get_json() == {"redirect": "/"}


def test_a_cloned_passkey_whose_counter_goes_back_is_refused(app, client, auth):
    key = _member_with_passkey(app, client, auth, "pk_clone")
    first = key.get(_options(client, "sign-in"), count=5)
    assert client.post("/passkeys/sign-in", json={"credential": first}).status_code == 200
    auth.logout()

    clone = key.get(_options(client, "sign-in"), count=3)
    answer = client.post("/passkeys/sign-in", json={"credential": clone})

    assert answer.status_code == 400
    assert _signed_in_as(client) is None
    assert _passkeys(app, "pk_clone")[0].sign_count == 5


def test_an_unknown_passkey_or_a_wrong_signature_signs_nobody_in(app, client, auth):
    key = _member_with_passkey(app, client, auth, "pk_wrong")
    stranger = SoftPasskey()
    stranger.create({"user": {"id": "AAAA"}, "challenge": "AAAA"})
    unknown = stranger.get(_options(client, "sign-in"))
    assert client.post("/passkeys/sign-in", json={"credential": unknown}).status_code == 400

    forged = key.get(_options(client, "sign-in"))
    forged["response"]["signature"] = stranger.get({"challenge": "AAAA"})["response"]["signature"]
    answer = client.post("/passkeys/sign-in", json={"credential": forged})

    assert answer.status_code == 400
    assert _signed_in_as(client) is None


def test_the_sign_in_page_offers_a_passkey_and_says_what_works_without_javascript(client):
    page = client.get("/auth/login")

    text = page_text(page)
    assert "Sign in with a passkey" in text
    assert "Signing in with a passkey needs JavaScript" in text
    assert "Your username and password still work" in text
    # The button waits for the script, so without it there is nothing to press.
    assert '<button type="submit" class="button passkey-button" hidden>' in page.text
    assert '<script src="/static/js/passkeys.js" defer></script>' in page.text


# ---------- the second step, after a password ----------


def test_after_the_password_a_passkey_finishes_signing_in(app, client, auth):
    key = _member_with_passkey(app, client, auth, "pk_second")

    first = _password_step(client, "pk_second", remember="y")
    assert first.headers["Location"] == "/auth/second-factor"
    page = page_text(client.get("/auth/second-factor"))
    assert "Use your passkey" in page
    assert "Using a passkey needs JavaScript" in page
    answer = client.post(
        "/passkeys/second-step", json={"credential": key.get(_options(client, "second-step"))}
    )

    assert answer.status_code == 200
    assert answer.get_json() == {"redirect": "/"}
    assert "Welcome back, pk_second." in page_text(client.get("/account"))


def test_the_second_step_takes_only_the_pending_members_passkey(app, client, auth):
    other_key = _member_with_passkey(app, client, auth, "pk_someone")
    _member_with_passkey(app, client, auth, "pk_pending")
    _password_step(client, "pk_pending")
    options = _options(client, "second-step")
    assert [c["id"] for c in options["allowCredentials"]] == [
        _passkeys(app, "pk_pending")[0].credential_id
    ]

    answer = client.post("/passkeys/second-step", json={"credential": other_key.get(options)})

    assert answer.status_code == 400
    assert _signed_in_as(client) is None


def test_the_second_step_needs_someone_half_way(client):
    answer = client.post("/passkeys/options", json={"for": "second-step"})
    assert answer.status_code == 400
    assert "Please sign in again" in answer.get_json()["error"]["message"]


# ---------- confirming it's you ----------


def test_confirming_with_a_passkey_is_accepted_by_factors_confirm(app, client, auth):
    key = _member_with_passkey(app, client, auth, "pk_confirm")
    _sign_in(client, auth, "pk_confirm", key)
    with client.session_transaction() as session:
        assert "_passkey_proved" not in session  # signing in is not confirming

    answer = client.post(
        "/account/passkeys/confirm", json={"credential": key.get(_options(client, "confirm"))}
    )

    assert answer.status_code == 200
    assert answer.get_json()["confirmed"] is True
    with client.session_transaction() as session:
        proved = session["_passkey_proved"]
    with app.test_request_context():
        from flask import session

        from forum.auth import factors

        session.update({"_passkey_proved": proved})
        user = db.session.scalar(select(User).where(User.username == "pk_confirm"))
        assert factors.confirm(user, None) is True


# ---------- rename and remove ----------


def test_renaming_a_passkey(app, client, auth):
    phone = _member_with_passkey(app, client, auth, "pk_rename")
    [key] = _passkeys(app, "pk_rename")
    _sign_in(client, auth, "pk_rename", phone)

    form = client.get(f"/account/passkeys/{key.id}/rename")
    assert 'value="Phone"' in form.text
    empty = client.post(f"/account/passkeys/{key.id}/rename", data={"name": "  "})
    assert empty.status_code == 400
    assert "Give this passkey a name" in page_text(empty)
    done = client.post(f"/account/passkeys/{key.id}/rename", data={"name": "Old phone"})

    assert done.status_code == 302
    assert _passkeys(app, "pk_rename")[0].name == "Old phone"
    assert "Your passkey is now called “Old phone”." in page_text(client.get("/account"))


def test_a_member_cant_rename_or_remove_someone_elses_passkey(app, client, auth):
    _member_with_passkey(app, client, auth, "pk_owner")
    [key] = _passkeys(app, "pk_owner")
    with app.app_context():
        make_user("pk_intruder")
    auth.login("pk_intruder")

    assert client.get(f"/account/passkeys/{key.id}/rename").status_code == 404
    assert (
        client.post(f"/account/passkeys/{key.id}/rename", data={"name": "Mine"}).status_code == 404
    )
    assert client.post(f"/account/passkeys/{key.id}/remove").status_code == 404
    assert [k.name for k in _passkeys(app, "pk_owner")] == ["Phone"]


def test_removing_a_passkey(app, client, auth):
    phone = _member_with_passkey(app, client, auth, "pk_remove")
    [key] = _passkeys(app, "pk_remove")
    _sign_in(client, auth, "pk_remove", phone)

    answer = client.post(f"/account/passkeys/{key.id}/remove")

    assert answer.status_code == 302
    assert _passkeys(app, "pk_remove") == []
    assert "Your passkey “Phone” is removed." in page_text(client.get("/account"))


def test_a_moderator_cant_remove_their_last_second_factor(app, client, auth):
    phone = _member_with_passkey(app, client, auth, "pk_mod", role="moderator", second_factor=False)
    [key] = _passkeys(app, "pk_mod")
    _sign_in(client, auth, "pk_mod", phone)

    refused = client.post(f"/account/passkeys/{key.id}/remove")

    assert refused.status_code == 409
    assert "moderators and admins must keep one" in page_text(refused)
    assert len(_passkeys(app, "pk_mod")) == 1
    # With an authenticator app as well, the passkey may go.
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "pk_mod"))
        user.totp_secret, user.totp_enabled_at = "JBSWY3DPEHPK3PXP", utcnow()
        db.session.commit()
    assert client.post(f"/account/passkeys/{key.id}/remove").status_code == 302
    assert _passkeys(app, "pk_mod") == []


def _sign_in(client, auth, username: str, key: SoftPasskey) -> None:
    """Password, then the passkey as the second step, as the member would."""
    _password_step(client, username)
    options = _options(client, "second-step")
    answer = client.post("/passkeys/second-step", json={"credential": key.get(options)})
    assert answer.status_code == 200


# ---------- refusals the script reads ----------


def test_a_request_without_its_csrf_token_is_refused_in_json(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()

    refused = client.post("/passkeys/options", json={"for": "sign-in"})

    assert refused.status_code == 400
    assert (
        refused.get_json()["error"]["message"] == "This page has expired. Reload it and try again."
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/auth/login").text)
    answer = client.post(
        "/passkeys/options", json={"for": "sign-in"}, headers={"X-CSRFToken": token.group(1)}
    )
    assert answer.status_code == 200
    assert answer.get_json()["challenge"]


def test_prompts_are_rate_limited_in_json(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PASSKEY_OPTIONS="2 per minute")
    client = app.test_client()
    for _ in range(2):
        assert client.post("/passkeys/options", json={"for": "sign-in"}).status_code == 200

    refused = client.post("/passkeys/options", json={"for": "sign-in"})

    assert refused.status_code == 429
    assert refused.get_json()["error"]["message"].startswith("Too many passkey prompts")
    assert int(refused.headers["Retry-After"]) > 0


def test_wrong_passkey_answers_count_as_tries_at_the_account_it_names(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SIGN_IN_ACCOUNT="2 per minute")
    client = app.test_client()
    key = _member_with_passkey(app, client, AuthActions(client), "pk_guessed")
    for _ in range(2):
        forged = key.get(_options(client, "sign-in"))
        forged["response"]["signature"] = forged["response"]["signature"][:-4] + "AAAA"
        assert client.post("/passkeys/sign-in", json={"credential": forged}).status_code == 400

    right = key.get(_options(client, "sign-in"))
    refused = client.post("/passkeys/sign-in", json={"credential": right})

    assert refused.status_code == 429
    assert "Too many sign-in attempts for this account" in refused.get_json()["error"]["message"]
    assert _signed_in_as(client) is None


def test_the_confirm_component_shows_only_to_a_member_with_a_passkey(app, client, auth):
    _member_with_passkey(app, client, auth, "pk_component")
    with app.app_context():
        make_user("pk_without")
    include = '{% include "passkeys/_confirm.html" %}'

    with app.test_request_context():
        from flask import render_template_string
        from flask_login import login_user

        login_user(db.session.scalar(select(User).where(User.username == "pk_component")))
        shown = render_template_string(include)
        login_user(db.session.scalar(select(User).where(User.username == "pk_without")))
        hidden = render_template_string(include)

    assert "Confirm with your passkey" in shown
    assert 'action="/account/passkeys/confirm"' in shown
    assert "Confirming with a passkey needs JavaScript" in shown
    assert hidden.strip() == ""


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Phone\x00\x07 two", "Phone two"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ],
)
def test_a_name_is_kept_as_plain_text_without_control_characters(app, client, auth, typed, kept):
    phone = _member_with_passkey(app, client, auth, "pk_hostile")
    [key] = _passkeys(app, "pk_hostile")
    _sign_in(client, auth, "pk_hostile", phone)

    assert (
        client.post(f"/account/passkeys/{key.id}/rename", data={"name": typed}).status_code == 302
    )

    assert _passkeys(app, "pk_hostile")[0].name == kept
    page = client.get("/account").text
    assert "<script>alert(1)</script>" not in page  # escaped, like every name on the page
    assert (
        client.post(f"/account/passkeys/{key.id}/rename", data={"name": "x" * 10_000}).status_code
        == 400
    )
