from forum.api import social, watches  # noqa: F401  (saved list, saves, thanks; watches)
from forum.api.views import bp

__all__ = ["bp"]
