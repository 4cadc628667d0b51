"""Posts, comments and "I tried this" reports: the ``posts`` blueprint."""

from forum.posts import discussion  # noqa: F401  (adds the comment and report routes to bp)
from forum.posts.views import bp

__all__ = ["bp"]
