"""forum.services.accounts: the rules behind joining, signing in and tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from forum.extensions import db
from forum.models import ApiToken, LoginSession, User
from forum.models.timestamps import utcnow
from forum.services import accounts
from forum.services.errors import ValidationFailed
from tests.factories import PASSWORD, make_user, signs_in

GOOD = "plum orchard kettle drum"


def _register(**fields) -> User:
    data = {
        "username": "river-mum",
        "email": "river@example.org",
        "password": GOOD,
        "perspective": "caregiver",
    }
    return accounts.register(**{**data, **fields})


def _failure(**fields) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        _register(**fields)
    return caught.value.fields


def _user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_register_stores_normalized_names_and_a_hash(app_ctx):
    user = _register(username="  River-Mum ", email=" River@Example.ORG ")
    assert user.username == user.username_key == "river-mum"
    assert user.email == "river@example.org"
    assert GOOD not in user.password_hash
    assert user.perspective == "caregiver"
    assert (user.trust_level, user.role, user.clinician_verified) == (0, "member", False)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"username": "ab"}, "username", "3–30 characters"),
        ({"username": "x" * 31}, "username", "3–30 characters"),
        ({"username": "mum of two"}, "username", "3–30 characters"),
        ({"username": "mamá"}, "username", "3–30 characters"),
        ({"username": None}, "username", "Choose a username"),
        ({"username": " \x00 "}, "username", "Choose a username"),
        ({"email": "not-an-email"}, "email", "name@example.org"),
        ({"email": ["a@b.org"]}, "email", "Enter your email address"),
        ({"password": ""}, "password", "Choose a password"),
        ({"password": "Xq7!pz"}, "password", "at least 8"),
        ({"password": "x" * 129}, "password", "at most 128"),
        ({"password": "password1"}, "password", "too easy to guess"),
        ({"perspective": "doctor"}, "perspective", "perspective"),
        ({"perspective": ["caregiver"]}, "perspective", "perspective"),
    ],
)
def test_register_refuses_bad_fields(app_ctx, fields, field, words):
    errors = _failure(**fields)
    assert words in errors[field]
    assert _user_count() == 0


def test_look_alike_usernames_collide(app_ctx):
    _register(username="john")
    # Full-width letters and capitals normalize (NFKC + casefold) to "john".
    for look_alike in ("Ｊｏｈｎ", "JOHN", "John"):
        errors = _failure(username=look_alike, email=f"{len(look_alike)}x@example.org")
        assert errors["username"] == "That username is taken."
    assert _user_count() == 1


def test_a_taken_email_makes_the_account_without_it(app_ctx):
    """Saying "taken" would tell anyone the address belongs to a member."""
    first = _register()
    second = _register(username="someone-else", email="RIVER@example.org")
    third = _register(username="and-another", email="river@example.org")
    assert (second.email, third.email) == (None, None)  # unique holds for real addresses only
    assert first.email == "river@example.org"
    assert signs_in("someone-else", GOOD) == second
    # An address signs in only once confirmed, so trying it after joining with
    # it says nothing about whether it was taken.
    assert signs_in("river@example.org", GOOD) is None
    first.email_confirmed_at = utcnow()
    db.session.commit()
    assert signs_in("river@example.org", GOOD) == first  # still its owner's


def test_the_command_line_says_when_an_email_is_taken(app_ctx):
    _register()
    errors = _failure(username="someone-else", email="RIVER@example.org", say_if_email_taken=True)
    assert errors["email"] == "An account with this email already exists."
    assert _user_count() == 1


def _checks_pass_then_answer_truly(monkeypatch) -> None:
    """As if another registration committed between our checks and our insert."""
    real, calls = accounts._exists, []

    def racing(clause) -> bool:
        calls.append(clause)
        return False if len(calls) <= 2 else real(clause)

    monkeypatch.setattr(accounts, "_exists", racing)


def test_an_email_taken_at_the_same_moment_still_reads_the_same(app_ctx, monkeypatch):
    _register()
    _checks_pass_then_answer_truly(monkeypatch)
    user = _register(username="someone-else")
    assert (user.username, user.email) == ("someone-else", None)


def test_a_username_taken_at_the_same_moment_names_only_the_username(app_ctx, monkeypatch):
    _register()
    _checks_pass_then_answer_truly(monkeypatch)
    errors = _failure(email="other@example.org")
    assert errors == {"username": "That username is taken."}
    assert _user_count() == 1


def test_password_that_repeats_the_username_is_refused(app_ctx):
    errors = _failure(username="seahorse-lantern", password="seahorse-lantern1")
    assert "too easy to guess" in errors["password"]


def test_long_passwords_are_checked_not_crashed_on(app_ctx):
    # zxcvbn itself refuses more than 72 characters; NIST asks us to accept up to 128.
    long_one = "violet tram " * 10 + "harbour"
    assert 72 < len(long_one) <= 128
    user = _register(password=long_one)
    assert signs_in("river-mum", long_one) == user


def test_passwords_are_compared_after_unicode_normalization(app_ctx):
    composed = "café crème au lait"
    decomposed = "cafe\u0301 cre\u0300me au lait"
    assert composed != decomposed
    user = _register(password=composed)
    assert signs_in("river-mum", decomposed) == user
    accounts.change_password(user, current=decomposed, new="naïve fjord pelican")
    assert signs_in("river-mum", "nai\u0308ve fjord pelican") == user


def test_weak_password_message_carries_zxcvbn_feedback(app_ctx):
    errors = _failure(password="password1")
    assert "This is a very common password." in errors["password"]


def test_authenticate_by_username_or_email(app_ctx):
    user = make_user("lakeside", email="lake@example.org")
    assert signs_in("lakeside", PASSWORD) == user
    assert signs_in("LAKESIDE", PASSWORD) == user
    assert signs_in(" Lake@Example.ORG ", PASSWORD) == user
    assert signs_in("lakeside", "wrong password") is None
    assert signs_in("nobody-here", PASSWORD) is None
    assert signs_in(["lakeside"], PASSWORD) is None
    assert signs_in("lakeside", "x" * 10_000) is None


def test_unknown_accounts_cost_a_password_check_too(app_ctx, monkeypatch):
    """So the time taken doesn't tell anyone whether an account exists."""
    member = _register()  # hashed the way real sign-ups are, not the factories' cheap way
    method = member.password_hash.split("$")[0]
    checked = []
    real_check = accounts.check_password_hash

    def counting_check(hashed, password):
        checked.append(hashed.split("$")[0])
        return real_check(hashed, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting_check)
    for login in ("river-mum", "nobody-here", "nobody@example.org"):
        checked.clear()
        assert signs_in(login, "wrong password") is None
        assert checked == [method]


def test_change_password_checks_the_current_one_and_bumps_the_version(app_ctx):
    user = make_user("harbour")
    before = user.session_version
    with pytest.raises(ValidationFailed) as caught:
        accounts.change_password(user, current="not it", new=GOOD)
    assert "current_password" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        accounts.change_password(user, current=PASSWORD, new="harbour1")
    assert "too easy to guess" in caught.value.fields["new_password"]
    assert user.session_version == before
    accounts.change_password(user, current=PASSWORD, new=GOOD)
    assert user.session_version == before + 1
    assert signs_in("harbour", GOOD) == user
    assert signs_in("harbour", PASSWORD) is None


def _signed_in_id(user: User) -> str:
    accounts.open_login_session(user)
    return user.get_id()


def test_a_login_id_names_one_sign_in_of_its_user(app_ctx):
    user, other = make_user(), make_user()
    login_id = _signed_in_id(user)
    user_id, version, sid = login_id.split(":")
    assert (int(user_id), int(version)) == (user.id, user.session_version)
    assert len(sid) >= 22
    assert accounts.load_session_user(login_id) == user
    # Another member's sign-in can't be borrowed by putting one's own id in front.
    other_sid = _signed_in_id(other).split(":")[2]
    assert accounts.load_session_user(f"{user.id}:{version}:{other_sid}") is None
    assert accounts.load_session_user(f"{user.id}:{version}:{'A' * len(sid)}") is None
    assert accounts.load_session_user(f"{user.id}:{version}:") is None  # no sign-in named


def test_ending_one_sign_in_leaves_the_others(app_ctx):
    user = make_user()
    phone, laptop = _signed_in_id(user), _signed_in_id(user)
    assert phone != laptop
    accounts.end_login_session(accounts.load_session_user(phone))
    assert accounts.load_session_user(phone) is None
    assert accounts.load_session_user(laptop) == user


def test_ending_all_sessions_ends_every_sign_in_and_bumps_the_version(app_ctx):
    user = make_user()
    phone, laptop = _signed_in_id(user), _signed_in_id(user)
    before = user.session_version
    accounts.end_all_sessions(user)
    assert user.session_version == before + 1
    assert accounts.load_session_user(phone) is None
    assert accounts.load_session_user(laptop) is None
    # Revoked, so not even the current version brings an old sign-in back.
    sid = laptop.split(":")[2]
    assert accounts.load_session_user(f"{user.id}:{user.session_version}:{sid}") is None
    assert accounts.load_session_user(_signed_in_id(user)) == user


@pytest.mark.parametrize(
    ("remember", "setting"), [(True, "REMEMBER_COOKIE_DURATION"), (False, "SESSION_LIFETIME")]
)
def test_a_sign_in_lasts_no_longer_than_its_lifetime(app_ctx, remember, setting):
    """Remembered: as long as the remember-me cookie; otherwise hours, not days."""
    user = make_user()
    accounts.open_login_session(user, remember=remember)
    login_id = user.get_id()
    row = db.session.scalar(select(LoginSession))
    lifetime = accounts.sign_in_lifetime(remember=remember)
    assert lifetime == app_ctx.config[setting]
    row.created_at = utcnow() - lifetime + timedelta(minutes=1)
    db.session.commit()
    assert accounts.load_session_user(login_id) == user
    row.created_at = utcnow() - lifetime - timedelta(minutes=1)
    db.session.commit()
    assert accounts.load_session_user(login_id) is None


def test_signing_in_clears_away_dead_sign_ins(app_ctx):
    user, other = make_user(), make_user()
    expired, ended, live = (_signed_in_id(user) for _ in range(3))
    others = _signed_in_id(other)
    accounts.end_login_session(accounts.load_session_user(ended))
    row = db.session.scalar(select(LoginSession).where(LoginSession.sid == expired.split(":")[2]))
    row.created_at = utcnow() - accounts.sign_in_lifetime(remember=True) - timedelta(days=1)
    db.session.commit()
    newest = _signed_in_id(user)
    sids = set(db.session.scalars(select(LoginSession.sid)))
    assert sids == {live.split(":")[2], others.split(":")[2], newest.split(":")[2]}


def test_loading_the_signed_in_user_is_one_query(app_ctx):
    user = make_user()
    login_id = _signed_in_id(user)
    db.session.expunge_all()  # as at the start of a request: nothing cached
    statements = []
    listen = ("before_cursor_execute", lambda *args: statements.append(args[2]))
    event.listen(db.engine, *listen)
    try:
        assert accounts.load_session_user(login_id).id == user.id
    finally:
        event.remove(db.engine, *listen)
    assert len(statements) == 1


@pytest.mark.parametrize(
    "junk",
    ["", "1", "1:1", "x:1:" + "a" * 22, "1:x:" + "a" * 22, "99999999999:1:" + "a" * 22,
     "١:1:" + "a" * 22, "²:1:" + "a" * 22, "1\n:1:" + "a" * 22, "1:1:" + "a" * 21,
     "1:1:" + "a" * 44, "1:1:" + "a" * 21 + "!", "1:1:" + "a" * 22 + ":x", "1:1:\x00" * 3],
)  # fmt: skip
def test_malformed_login_ids_load_nobody(app_ctx, junk):
    make_user()
    assert accounts.load_session_user(junk) is None


def test_tokens_are_stored_hashed_and_revocable_by_their_owner(app_ctx):
    owner, other = make_user(), make_user()
    raw = accounts.issue_token(owner, "  my\x00 script  ")
    token = db.session.scalar(select(ApiToken))
    assert token.label == "my script"
    assert raw not in token.token_hash
    assert accounts.user_for_token(raw) == owner
    assert accounts.revoke_token(other, token.id) is False
    assert accounts.revoke_token(owner, 2**40) is False
    assert accounts.revoke_token(owner, token.id) is True
    assert accounts.revoke_token(owner, token.id) is False
    assert accounts.user_for_token(raw) is None
