"""Who may delete their own account: the account's password, then its second
factor when it has one. Shared by the page and the API, so both count the
tries the same way (forum.auth.throttle) and say the same words."""

from __future__ import annotations

from forum.auth import factors, throttle
from forum.models import DELETION_MODES, User
from forum.services import accounts
from forum.services.errors import ValidationFailed

WRONG_PASSWORD = "That isn't your password."
WRONG_CODE = "That code isn't right. Use a current code or an unused one."
NO_MODE = "Choose whether to keep or remove what you wrote."


def confirm_leaving(user: User, *, password: object, code: object, mode: object, door: str) -> str:
    """The mode (``keep`` or ``remove``) once ``user`` proved it is them;
    ValidationFailed naming the field otherwise. A code is a guess like a
    password, so it is counted like one."""
    if mode is None:
        mode = "keep"  # the default: answers others relied on stay readable
    if mode not in DELETION_MODES:
        raise ValidationFailed({"mode": NO_MODE})
    attempt = throttle.count_password_check(user, door=door)
    if not accounts.password_matches(user, password):
        throttle.failed(attempt)
        raise ValidationFailed({"password": WRONG_PASSWORD})
    throttle.succeeded(attempt)
    if factors.has_second_factor(user) and not factors.passkey_recently_proved(user):
        attempt = throttle.count_password_check(user, door=f"{door} code")
        if not factors.confirm(user, code):
            throttle.failed(attempt)
            raise ValidationFailed({"code": WRONG_CODE})
    return mode
