"""The bell and the /notifications page: a member's own notifications."""

from forum.notifications.views import bp

__all__ = ["bp"]
