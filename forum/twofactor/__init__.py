"""The authenticator app (TOTP, RFC 6238) and its recovery codes: ``/account/two-factor``."""

from forum.twofactor import section  # noqa: F401  (registers the account page's section)
from forum.twofactor.views import bp

__all__ = ["bp"]
