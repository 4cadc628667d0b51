"""Use cases: each validates, consults the write policy, and commits once."""

from forum.services.errors import NotAllowed, ValidationFailed

__all__ = ["NotAllowed", "ValidationFailed"]
