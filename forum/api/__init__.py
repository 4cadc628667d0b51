from forum.api import (
    followups,  # noqa: F401  (adds outcome histories and answers to bp)
    social,  # noqa: F401  (adds the saved list, saves and thanks to bp)
)
from forum.api.views import bp

__all__ = ["bp"]
