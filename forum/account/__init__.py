"""A member's email: the address and how they hear (``/account/email``), the
confirmation link, one-click unsubscribe, and password reset by email."""

from forum.account.views import bp

__all__ = ["bp"]
