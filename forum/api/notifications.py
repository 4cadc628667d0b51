"""The caller's notifications through the API: the list (newest first, paged like
the other lists) and marking read, the same rules as /notifications.

A notification about something the caller can no longer see keeps its kind
and time but loses its post (``"post": null``, ``"available": false``).
"""

from __future__ import annotations

from flask import current_app, jsonify

from forum.api.auth import current_api_user, token_required
from forum.api.inputs import json_object, query_int
from forum.api.serializers import iso
from forum.api.views import MAX_PAGE, MAX_PER_PAGE, bp
from forum.extensions import db
from forum.models import Notification, User
from forum.notifications.queries import listed, unread_count, visible_to
from forum.pagination import count
from forum.ratelimit_scopes import rate_limited
from forum.services import ValidationFailed
from forum.services.notifications import mark_all_read, mark_read

MAX_IDS = 500  # ids one request may mark read


def notification_json(notification: Notification, user: User) -> dict:
    available = visible_to(notification, user)
    post = notification.post if available else None
    return {
        "id": notification.id,
        "kind": notification.kind,
        "post": {"id": post.id, "title": post.title} if post is not None else None,
        "comment_id": notification.comment_id if available else None,
        "actor": {"username": notification.actor.username} if notification.actor else None,
        "read": notification.read_at is not None,
        "quiet": notification.quiet,
        "available": available,
        "created_at": iso(notification.created_at),
        "data": dict(notification.data or {}),
    }


@bp.get("/notifications")
@token_required
def list_notifications():
    """The caller's own notifications, newest first."""
    errors: dict[str, str] = {}
    page = query_int("page", 1, 1, MAX_PAGE, errors)
    default_per_page = min(current_app.config["NOTIFICATIONS_PER_PAGE"], MAX_PER_PAGE)
    per_page = query_int("per_page", default_per_page, 1, MAX_PER_PAGE, errors)
    if errors:
        raise ValidationFailed(errors)
    user = current_api_user()
    query = listed(user)
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    total = count(query)
    return jsonify(
        notifications=[notification_json(n, user) for n in rows],
        page=page,
        per_page=per_page,
        total=total,
        unread=unread_count(user),
        next=page + 1 if page * per_page < total else None,
    )


@bp.post("/notifications/read")
@rate_limited("notifications")
@token_required
def read_notifications():
    """``{"ids": [...]}``: those (not the caller's: ignored); ``{"all": true}``: all."""
    data = json_object()
    ids, everything = data.get("ids"), data.get("all")
    if everything is not None and not isinstance(everything, bool):
        raise ValidationFailed({"all": "Send this as true or false."})
    if everything:
        if ids is not None:
            raise ValidationFailed({"ids": "Send either ids or all, not both."})
        marked = mark_all_read(current_api_user())
    else:
        valid = isinstance(ids, list) and 0 < len(ids) <= MAX_IDS
        if not valid or not all(type(i) is int and 0 < i < 2**31 for i in ids):
            raise ValidationFailed(
                {"ids": f'Send a list of 1 to {MAX_IDS} notification ids, or "all": true.'}
            )
        marked = mark_read(current_api_user(), ids)
    return jsonify(marked=marked, unread=unread_count(current_api_user()))
