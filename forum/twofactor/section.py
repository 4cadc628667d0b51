"""The two-factor part of ``/account``."""

from __future__ import annotations

from forum.account.hub import section
from forum.auth import factors
from forum.models import User
from forum.twofactor import recovery


@section("two-factor", "Two-factor sign-in", "account/_two_factor_section.html", order=30)
def load(user: User) -> dict:
    on = factors.has_totp(user)
    return {"on": on, "remaining": recovery.remaining(user) if on else 0}
