"""Worker job: asking follow-ups that fell due.

A placeholder until it is built: does nothing.
"""

from __future__ import annotations

from datetime import datetime


def run(now: datetime) -> int:
    return 0
