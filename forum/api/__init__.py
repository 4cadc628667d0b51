from forum.api import notifications, social  # noqa: F401  (they add their routes to bp)
from forum.api.views import bp

__all__ = ["bp"]
