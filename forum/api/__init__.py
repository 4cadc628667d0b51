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
from forum.deletion import api as _deletion_api  # noqa: F401  (DELETE /api/v1/account)

__all__ = ["bp"]
