"""Time-based one-time passwords (RFC 6238) for ``User.totp_*``."""

from __future__ import annotations

from forum.models import User


def verify(user: User, code: str) -> bool:
    """Whether ``code`` is ``user``'s current app code, not used before; spends it."""
    raise NotImplementedError  # the two-factor work fills this in
