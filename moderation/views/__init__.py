"""Moderation pages. Importing the route modules registers them on ``bp``."""

from moderation.views import content, people, queue, requests  # noqa: F401
from moderation.views.base import bp

__all__ = ["bp"]
