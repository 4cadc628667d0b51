"""The two WebAuthn ceremonies, registering a passkey and proving one, around py_webauthn.

The relying party id is ``WEBAUTHN_RP_ID`` when set (it must be set when the
site answers to more than one host name: a passkey only ever works for the id
it was made for), else the host name of the request. Browsers refuse an IP
address as an id, so on a development machine the site must be opened as
``http://localhost:5000``, not ``127.0.0.1``. The origin a browser reports
must be this request's scheme and host; in production Flask has already
refused any host not in ``TRUSTED_HOSTS``.

Each ceremony's challenge waits in the session (a signed cookie) with what
it is for, whom, and when; it lives ``WEBAUTHN_CHALLENGE_SECONDS`` and is
taken out by the first answer, right or wrong. With rate limits on, the
limits' storage also remembers spent challenges for a day, so a copy of an
old cookie can't replay one.

Passkeys here always verify the person (userVerification "required": a PIN,
a fingerprint or a face), so a passkey alone is two factors: something you
have and something you know or are.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, request, session
from sqlalchemy import select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from forum import ratelimits
from forum.extensions import db
from forum.models import Passkey, User
from forum.models.timestamps import utcnow

CHALLENGE = "_passkey_challenge"  # session key
# What a challenge may be answered for: adding a passkey to the signed-in
# account, signing in with one alone, the second step after a password, and
# confirming it's you before something that can't be undone.
ADD, SIGN_IN, SECOND_STEP, CONFIRM = "add", "sign-in", "second-step", "confirm"
PURPOSES = (ADD, SIGN_IN, SECOND_STEP, CONFIRM)
# Malformed answers make the library (and the CBOR and key parsers under it)
# raise more than its own exception; none of them may become a 500.
_MALFORMED = (WebAuthnException, ValueError, TypeError, KeyError, IndexError, AttributeError)
_TRANSPORTS = {t.value for t in AuthenticatorTransport}


class CeremonyFailed(Exception):
    """The browser's answer was not a valid proof; ``message`` says so to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


NO_CHALLENGE = (
    "That took too long or was already used. Please try again: your browser will ask once more."
)
NOT_VERIFIED = "Your passkey couldn't be checked. Please try again, or use your password."


@dataclass(frozen=True)
class NewCredential:
    """A verified registration, not yet saved."""

    credential_id: str
    public_key: bytes
    sign_count: int
    transports: str
    handle: str  # the member's WebAuthn user handle, new with their first passkey


def rp_id() -> str:
    configured = current_app.config.get("WEBAUTHN_RP_ID")
    if configured:
        return configured
    return urlsplit(f"//{request.host}").hostname or ""


def expected_origin() -> str:
    return f"{request.scheme}://{request.host}"


# ---------- challenges ----------


def _issue(purpose: str, user: User | None, **extra: str) -> bytes:
    challenge = secrets.token_bytes(32)
    session[CHALLENGE] = {
        "for": purpose,
        "challenge": bytes_to_base64url(challenge),
        "user": user.id if user is not None else None,
        "at": int(time.time()),
        **extra,
    }
    return challenge


def _take(purpose: str, user: User | None) -> tuple[bytes, dict]:
    """This browser's waiting challenge for ``purpose`` (and ``user``), spent by this
    call, with the state it was issued with."""
    state = session.pop(CHALLENGE, None)
    if not isinstance(state, dict) or state.get("for") != purpose:
        raise CeremonyFailed(NO_CHALLENGE)
    at, encoded = state.get("at"), state.get("challenge")
    if not isinstance(at, int) or not isinstance(encoded, str):
        raise CeremonyFailed(NO_CHALLENGE)
    if not 0 <= time.time() - at <= current_app.config["WEBAUTHN_CHALLENGE_SECONDS"]:
        raise CeremonyFailed(NO_CHALLENGE)
    if state.get("user") != (user.id if user is not None else None):
        raise CeremonyFailed(NO_CHALLENGE)
    spent = f"passkey-challenge/{encoded}"
    if ratelimits.remembered(spent, 1):
        raise CeremonyFailed(NO_CHALLENGE)
    ratelimits.remember(spent, 1)
    return base64url_to_bytes(encoded), state


# ---------- registering ----------


def registration_options(user: User) -> str:
    """The options for ``navigator.credentials.create()``, as JSON; the challenge waits."""
    # A member's first passkey gets their handle, saved with the passkey (keys.add).
    handle = user.webauthn_handle or bytes_to_base64url(secrets.token_bytes(32))
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=current_app.config["WEBAUTHN_RP_NAME"],
        user_name=user.username,
        user_id=base64url_to_bytes(handle),
        user_display_name=user.username,
        challenge=_issue(ADD, user, handle=handle),
        timeout=current_app.config["WEBAUTHN_CHALLENGE_SECONDS"] * 1000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        # The same authenticator twice would be one passkey under two names.
        exclude_credentials=[_descriptor(key) for key in _passkeys_of(user)],
    )
    return options_to_json(options)


def verify_registration(user: User, credential: object) -> NewCredential:
    """Check the browser's answer to :func:`registration_options`; raises CeremonyFailed."""
    challenge, state = _take(ADD, user)
    handle = state.get("handle")
    if not isinstance(handle, str) or (user.webauthn_handle not in (None, handle)):
        raise CeremonyFailed(NO_CHALLENGE)
    try:
        parsed = parse_registration_credential_json(_as_dict(credential))
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=expected_origin(),
            require_user_verification=True,
        )
    except _MALFORMED as exc:
        raise CeremonyFailed(NOT_VERIFIED) from exc
    transports = [
        t.value if isinstance(t, AuthenticatorTransport) else str(t)
        for t in (parsed.response.transports or [])
    ]
    return NewCredential(
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=",".join(t for t in transports if t in _TRANSPORTS)[:200],
        handle=handle,
    )


# ---------- proving ----------


def authentication_options(purpose: str, user: User | None) -> str:
    """Options for ``navigator.credentials.get()``, as JSON; the challenge waits.

    With ``user`` the browser is offered that member's passkeys; without
    (signing in with a passkey alone) it offers whichever it holds for this
    site, and the answer says whose it is.
    """
    allowed = [_descriptor(key) for key in _passkeys_of(user)] if user is not None else []
    options = generate_authentication_options(
        rp_id=rp_id(),
        challenge=_issue(purpose, user),
        timeout=current_app.config["WEBAUTHN_CHALLENGE_SECONDS"] * 1000,
        allow_credentials=allowed,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return options_to_json(options)


def claimed_passkey(credential: object) -> Passkey | None:
    """The stored passkey an answer names, before anything is checked (for counting tries)."""
    if not isinstance(credential, dict):
        return None
    raw = credential.get("id")
    if not isinstance(raw, str) or not 0 < len(raw) <= 1400:
        return None
    return db.session.scalar(select(Passkey).where(Passkey.credential_id == raw))


def verify_assertion(purpose: str, user: User | None, credential: object) -> Passkey:
    """Check an answer to :func:`authentication_options`: the passkey it proved.

    ``user`` is whom the challenge was for (None when signing in with a
    passkey alone); the passkey must be theirs. Its sign count moves on; a
    count that goes backwards (a cloned authenticator) is refused. The
    caller commits. Raises CeremonyFailed.
    """
    challenge, _ = _take(purpose, user)
    passkey = claimed_passkey(credential)
    if passkey is None or (user is not None and passkey.user_id != user.id):
        raise CeremonyFailed(NOT_VERIFIED)
    try:
        parsed = parse_authentication_credential_json(_as_dict(credential))
        handle = parsed.response.user_handle
        owner = db.session.get(User, passkey.user_id)
        if handle and bytes_to_base64url(handle) != owner.webauthn_handle:
            raise CeremonyFailed(NOT_VERIFIED)
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=expected_origin(),
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except _MALFORMED as exc:
        raise CeremonyFailed(NOT_VERIFIED) from exc
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    return passkey


# ---------- helpers ----------


def _passkeys_of(user: User) -> list[Passkey]:
    return list(db.session.scalars(select(Passkey).where(Passkey.user_id == user.id)))


def _descriptor(key: Passkey) -> PublicKeyCredentialDescriptor:
    transports = [AuthenticatorTransport(t) for t in key.transports.split(",") if t in _TRANSPORTS]
    return PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(key.credential_id), transports=transports or None
    )


def _as_dict(credential: object) -> dict:
    if not isinstance(credential, dict):
        raise CeremonyFailed(NOT_VERIFIED)
    return credential
