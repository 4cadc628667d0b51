"""Time-based one-time passwords (RFC 6238) for ``User.totp_*``.

Thirty-second steps, six digits, SHA-1 (what every authenticator app reads
from an ``otpauth://`` URI). A code is accepted for the step before, the
current step and the step after (``VALID_WINDOW``: a phone's clock a little
off, a code typed as it changed), but only for a step later than
``User.totp_last_step``: once a code is used, neither it nor an older one
works again, so a code seen over someone's shoulder is worthless.
"""

from __future__ import annotations

import hmac
import time

import pyotp

from forum.models import User

ISSUER = "Middle Ground"
STEP_SECONDS = 30
DIGITS = 6
VALID_WINDOW = 1  # steps either side of now
MAX_TYPED = 64  # anything longer is not a code (and is not worth normalising)


def new_secret() -> str:
    """A fresh base32 secret (160 bits, RFC 4226's recommended length)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=user.username, issuer_name=ISSUER
    )


def grouped(secret: str) -> str:
    """The secret in groups of four, as people copy it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise(code: object) -> str | None:
    """The digits of a typed app code ("123 456" and "123-456" are fine), or None."""
    if not isinstance(code, str) or len(code) > MAX_TYPED:
        return None
    digits = "".join(ch for ch in code if ch not in " -\t")
    if len(digits) != DIGITS or not (digits.isascii() and digits.isdigit()):
        return None
    return digits


def matching_step(secret: str, code: object, *, at: float | None = None) -> int | None:
    """The 30-second step whose code ``code`` is, within the window around ``at``, or None."""
    digits = normalise(code)
    if digits is None or not secret:
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    now = time.time() if at is None else at
    current = int(now // STEP_SECONDS)
    found = None
    # Every step in the window is compared, so the time taken says nothing about which matched.
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits) and found is None:
            found = step
    return found


def verify(user: User, code: str) -> bool:
    """Whether ``code`` is ``user``'s current app code, not used before; spends it."""
    if user.totp_secret is None:
        return False
    return accept(user, user.totp_secret, code)


def accept(user: User, secret: str, code: object) -> bool:
    """Whether ``code`` is right for ``secret`` and newer than the last code used;
    records its step on ``user`` (the caller commits). Enrolment checks the new
    secret this way before it is turned on."""
    step = matching_step(secret, code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True
