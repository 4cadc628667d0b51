from forum.api import social  # noqa: F401  (adds the saved list, saves and thanks to bp)
from forum.api.views import bp

__all__ = ["bp"]
