"""Ten single-use recovery codes, stored hashed."""

from __future__ import annotations

from forum.models import User


def use(user: User, code: str) -> bool:
    """Whether ``code`` is one of ``user``'s unused recovery codes; spends it."""
    raise NotImplementedError  # the two-factor work fills this in
