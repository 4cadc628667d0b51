"""Passkeys (WebAuthn): add and name them on /account, sign in with one alone,
use one as the second step after a password, or to confirm it's you.

- ``ceremonies``: the relying party, challenges, and py_webauthn's checks;
- ``keys``: a member's list of passkeys (add, rename, remove);
- ``views``: the pages, and the JSON static/js/passkeys.js talks to;
- ``section``: the account page's "Passkeys" section.
"""

from forum.passkeys import section  # noqa: F401  (registers the account section)
from forum.passkeys.views import bp, ceremony_bp

__all__ = ["bp", "ceremony_bp"]
