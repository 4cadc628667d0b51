"""A member's account: ``/account`` (forum.account.hub), their email (the
address and how they hear, ``/account/email``), the confirmation link,
one-click unsubscribe, and password reset by email."""

from forum.account.hub import bp as hub_bp
from forum.account.views import bp

__all__ = ["bp", "hub_bp"]
