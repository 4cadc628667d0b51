"""Leave with your data (GDPR Art. 20): a member's export as a ZIP.

``collect`` reads what goes in, ``builder`` writes the ZIP, ``jobs`` decides
at once or queued, ``worker`` builds queued ones and deletes expired files
(a step of ``flask notify work``), ``views`` and ``section`` are the account
page's part; the API's routes are in ``forum.api.export``.
"""

from forum.export import section  # noqa: F401  (registers the account page's section)
from forum.export.views import bp

__all__ = ["bp"]
