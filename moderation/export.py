"""Moderation's part of a member's data export (``register_export_part``):
the flags they raised, and what became of each. Only their own flags: never
who else flagged the same thing, nor which moderator resolved it."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import User
from moderation.models import Flag

_WHEN = {"type": ["string", "null"], "description": "ISO 8601 time (UTC), or null"}

SCHEMA = {
    "type": "array",
    "description": "Posts and comments you flagged, and what became of each flag.",
    "items": {
        "type": "object",
        "properties": {
            "post_id": {"type": "integer"},
            "comment_id": {"type": ["integer", "null"]},
            "reason": {"type": "string"},
            "note": {"type": "string"},
            "status": {"type": "string"},
            "created_at": _WHEN,
            "resolved_at": _WHEN,
        },
        "required": [
            "comment_id",
            "created_at",
            "note",
            "post_id",
            "reason",
            "resolved_at",
            "status",
        ],  # fmt: skip
        "additionalProperties": False,
    },
}


def flags_raised(user: User) -> list[dict]:
    flags = db.session.scalars(
        select(Flag).where(Flag.flagger_id == user.id).order_by(Flag.created_at, Flag.id)
    )
    return [
        {
            "post_id": f.post_id,
            "comment_id": f.comment_id,
            "reason": f.reason,
            "note": f.note,
            "status": f.status,
            "created_at": f.created_at.isoformat() if f.created_at else None,
            "resolved_at": f.resolved_at.isoformat() if f.resolved_at else None,
        }
        for f in flags
    ]
