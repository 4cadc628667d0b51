"""Flags through the JSON API: POST /api/v1/posts/<id>/flags and /comments/<id>/flags.

Same rules as the web (one service), token auth as the rest of the API, and
the API's JSON error object for every refusal.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from werkzeug.exceptions import NotFound

from forum.extensions import db
from forum.models import Comment
from forum.plugins import (
    TEXT,
    api_visible_post_or_404,
    current_api_user,
    iso,
    read_json,
    register_api_error_handlers,
    token_required,
)
from forum.visibility import can_view_comment, can_view_post
from moderation import flags
from moderation.models import Flag
from moderation.ratelimits import rate_limited

bp = Blueprint("moderation_api", __name__)
register_api_error_handlers(bp)

ID = "<int:{}>"  # ids are bounded by the app's int converter


def flag_json(flag: Flag) -> dict:
    return {
        "id": flag.id,
        "target": {"type": flag.target_type, "id": flag.comment_id or flag.post_id},
        "post_id": flag.post_id,
        "reason": flag.reason,
        "note": flag.note,
        "status": flag.status,
        "created_at": iso(flag.created_at),
    }


def _create(target):
    data = read_json({"reason": TEXT, "note": TEXT})
    row = flags.flag(current_api_user(), target, reason=data["reason"], note=data["note"])
    return jsonify(flag=flag_json(row)), 201


@bp.post(f"/posts/{ID.format('post_id')}/flags")
@rate_limited("flag")
@token_required
def flag_post(post_id: int):
    return _create(api_visible_post_or_404(post_id))


@bp.post(f"/comments/{ID.format('comment_id')}/flags")
@rate_limited("flag")
@token_required
def flag_comment(comment_id: int):
    user = current_api_user()
    comment = db.session.get(Comment, comment_id)
    if (
        comment is None
        or not can_view_comment(comment, user)
        or not can_view_post(comment.post, user)
    ):
        raise NotFound("There is no comment with that id.")
    return _create(comment)
