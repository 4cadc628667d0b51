from forum.api import (  # noqa: F401  (each adds its routes to bp)
    evidence,
    followups,
    notifications,
    social,
    watches,
)
from forum.api.views import bp

__all__ = ["bp"]
