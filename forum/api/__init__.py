from forum.api import (  # noqa: F401  (each adds its routes to bp)
    evidence,
    export,
    followups,
    lineage,
    measures,
    notifications,
    record,
    social,
    watches,
    working,
)
from forum.api.views import bp

__all__ = ["bp"]
