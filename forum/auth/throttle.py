"""How many passwords anyone may try: the sign-in form, API token requests and the
password form's current password all go through here.

Every try is counted before the password is checked (so concurrent guesses get
their own numbers and can't overshoot), in three buckets (forum/ratelimit_scopes.py):

- ``sign-in``, per address across accounts (declared on the views);
- ``sign-in-account``, per name typed and *source*: the browser, when it
  carries the account's device cookie, else the address. A successful sign-in
  clears its source's count;
- ``sign-in-new-devices``, per name typed, counting only *untrusted* tries: a
  browser without the account's device cookie, on an address the account has
  not signed in from in the last SIGN_IN_TRUST_DAYS.

"Name typed" is the username or email address as written (normalised, kept
only as a keyed hash), not the account it names: were a username and its
address one bucket, a try at a guessed address after filling the username's
bucket would answer "429" exactly when the address is that member's, and
link a pseudonym to an email address.

Guesses from many addresses are all untrusted, so they fill only the last
bucket: the owner, on a device or at an address they have signed in from,
still gets in with the right password while it is full, and a new device is
told to use one they've used before or to wait. A hard per-account lock would
let anyone lock anyone out; per-account-and-address counting alone would let a
thousand addresses guess a thousand times more.

The device cookie is signed, names the accounts signed in on that browser with
their session version (so "sign out everywhere" and a new password withdraw the
trust), and is renewed at each sign-in. The API reads no cookies: an API
client is trusted by its address. Failed and refused tries go to the
``forum.security`` log: the account (or "unknown account", never the text
typed), the address and the door; never the password.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import after_this_request, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from forum import ratelimits
from forum.extensions import db
from forum.models import User
from forum.services import accounts
from forum.text import clean_line, username_key

DEVICE_COOKIE = "mg_device"
ACCOUNTS_PER_DEVICE = 5  # a family computer; the least recently used is forgotten
security_log = logging.getLogger("forum.security")


@dataclass(frozen=True)
class Attempt:
    """One try at an account's password, as counted."""

    user: User | None
    account: str  # the bucket of the name typed: a keyed hash of it
    source: str  # "device:…" or the address key
    trusted: bool
    door: str  # where the password was typed, for the security log


def sign_in(login: object, password: object, *, door: str) -> User | None:
    """The account ``login`` names, if ``password`` is its password; otherwise None.

    Raises TooManyRequests (a 429 with Retry-After) when this try is over a
    limit; the password is then not checked at all.
    """
    user = accounts.find_account(login)
    attempt = _count(user, login, door)
    if accounts.password_matches(user, password):
        succeeded(attempt)
        return user
    failed(attempt)
    return None


def count_password_check(user: User, *, door: str) -> Attempt:
    """Count a try at a signed-in member's own password (the password form)."""
    return _count(user, user.username, door)


@contextmanager
def counted(user: User, *, door: str, refused: type[Exception] | tuple = ()) -> Iterator[None]:
    """Count a try at something only ``user`` should know (a password, a code, a
    passkey), as a password try; the block checks it.

    The block raising one of ``refused`` means the try was wrong: the session's
    changes are rolled back, the failure is logged, and the exception goes on
    to the caller, who shows why. Otherwise the try was right.
    """
    attempt = count_password_check(user, door=door)
    try:
        yield
    except refused:
        db.session.rollback()
        failed(attempt)
        raise
    succeeded(attempt)


def succeeded(attempt: Attempt) -> None:
    """The password was right: its source's failures are forgotten and it is trusted."""
    ratelimits.clear("sign-in-account", _bucket(attempt.account, attempt.source))
    trust(attempt.user)


def failed(attempt: Attempt) -> None:
    security_log.warning(
        "failed sign-in for %s from %s (%s)", _who(attempt.user), request.remote_addr, attempt.door
    )


def trust(user: User) -> None:
    """Trust this address for ``user`` and, in a browser, this browser (its device cookie)."""
    days = _trust_days()
    ratelimits.remember(_known_address(user), days)
    if request.path.startswith("/api/"):
        return
    device, vouched = _device_cookie()
    vouched.pop(str(user.id), None)
    vouched[str(user.id)] = user.session_version  # the most recent last
    latest = dict(list(vouched.items())[-ACCOUNTS_PER_DEVICE:])
    value = _serializer().dumps({"d": device or secrets.token_urlsafe(16), "a": latest})

    @after_this_request
    def _set_cookie(response: Response) -> Response:
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=days * 86400,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
        return response


def _count(user: User | None, login: object, door: str) -> Attempt:
    account = _typed_name(login)
    device = _trusted_device(user)
    if device is not None:
        source, trusted = f"device:{device}", True
    else:
        source = ratelimits.address_key()
        trusted = user is not None and ratelimits.remembered(_known_address(user), _trust_days())
    attempt = Attempt(user, account, source, trusted, door)
    try:
        ratelimits.hit("sign-in-account", _bucket(account, source))
        if not trusted:
            ratelimits.hit("sign-in-new-devices", account)
    except TooManyRequests:
        security_log.warning(
            "refused sign-in for %s from %s (%s): too many tries",
            _who(user),
            request.remote_addr,
            door,
        )
        raise
    return attempt


def name_bucket(login: object) -> str:
    """The bucket of a name typed (a username or an address), for other doors that
    take one (password reset), the same whether or not it names an account."""
    return _typed_name(login)


def _bucket(account: str, source: str) -> str:
    return f"{account}/{source}"


def _known_address(user: User) -> str:
    # The session version is part of the name: a new password or "sign out
    # everywhere" forgets every address at once.
    return f"known/user:{user.id}/{user.session_version}/{ratelimits.address_key()}"


def _typed_name(login: object) -> str:
    """The bucket of a name typed at sign-in, whether or not it names an account,
    without keeping the text (people type their password into the username field)."""
    text = username_key(clean_line(login) or "") if isinstance(login, str) else ""
    key = current_app.secret_key.encode()
    return "name:" + hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:32]


def _who(user: User | None) -> str:
    return f"account {user.username}" if user is not None else "unknown account"


def _trust_days() -> int:
    return int(current_app.config["SIGN_IN_TRUST_DAYS"])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="forum.sign-in-device")


def _device_cookie() -> tuple[str | None, dict[str, int]]:
    """(device id, {user id: session version}) from this browser's device cookie, if valid."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or request.path.startswith("/api/"):
        return None, {}
    try:
        data = _serializer().loads(raw, max_age=_trust_days() * 86400)
    except BadData:
        return None, {}
    device, vouched = data.get("d"), data.get("a")
    if not isinstance(device, str) or not isinstance(vouched, dict):
        return None, {}
    return device, {k: v for k, v in vouched.items() if isinstance(v, int)}


def is_known_browser(user: User) -> bool:
    """Whether this browser's device cookie vouches for ``user`` as they are now:
    they signed in on it before, since their last new password or "sign out everywhere"."""
    return _trusted_device(user) is not None


def _trusted_device(user: User | None) -> str | None:
    """This browser's device id, when its cookie vouches for ``user`` as they are now."""
    if user is None:
        return None
    device, vouched = _device_cookie()
    return device if vouched.get(str(user.id)) == user.session_version else None
