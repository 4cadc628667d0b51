"""Rate-limit counters, shared by every worker and host (``forum.ratelimit_storage``).

A table rather than a model: rows are only ever read and written through the
storage's own connection, never through the request's session.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String

from forum.extensions import db

# Longer limit keys are stored as a hash of themselves (see the storage).
MAX_KEY_LENGTH = 500

rate_limit_counters = db.Table(
    "rate_limit_counters",
    Column("key", String(MAX_KEY_LENGTH), primary_key=True),
    Column("hits", Integer, nullable=False),
    # Seconds since the epoch, as the limits package counts time.
    Column("expires_at", Float, nullable=False),
    Index("ix_rate_limit_counters_expires_at", "expires_at"),
)
