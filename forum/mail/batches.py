"""Worker job: each member's new notifications into one email (at most one per EMAIL_BATCH_MINUTES).

A placeholder until it is built: does nothing.
"""

from __future__ import annotations

from datetime import datetime


def run(now: datetime) -> int:
    return 0
