"""Posts, comments and "I tried this" reports: the ``posts`` blueprint."""

from forum.posts import answers, comments, drafts, outcomes  # noqa: F401  (they add their routes to bp)
from forum.posts.views import bp

__all__ = ["bp"]
