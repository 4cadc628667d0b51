"""Watching through the API: the caller's watches and muted members
(``GET /api/v1/watches``) and setting one level (``PUT /api/v1/watches``),
through the same service and rate-limit scope as the controls on the pages."""

from __future__ import annotations

from flask import jsonify
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from forum.api.auth import current_api_user, token_required
from forum.api.inputs import json_object
from forum.api.serializers import iso
from forum.api.views import bp
from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.models import TARGET_KINDS, Watch
from forum.ratelimit_scopes import rate_limited
from forum.services import ValidationFailed
from forum.services import watching as service


def watch_json(watch: Watch, slugs: dict[int, str]) -> dict:
    """A watch: posts and conditions by id (a condition's slug as ``name``), tags by name."""
    kind, key = watch.target_kind, watch.target_key
    number = int(key) if kind != "tag" and key.isdigit() else None
    name = key if kind == "tag" else slugs.get(number) if kind == "condition" else None
    return {
        "target": kind,
        "id": number,
        "name": name,
        "level": watch.level,
        "updated_at": iso(watch.updated_at),
    }


def _slugs() -> dict[int, str]:
    return {c.id: c.slug for c in load_tree().by_slug.values()}


@bp.get("/watches")
@token_required
def list_watches():
    """The caller's own watches (posts, conditions, tags) and muted members."""
    user = current_api_user()
    slugs = _slugs()
    muted = db.session.scalars(service.muted_members(user))
    return jsonify(
        watches=[watch_json(w, slugs) for w in service.all_watches(user)],
        muted_members=[{"username": m.username} for m in muted],
    )


def _target(data: dict):
    kind = data.get("target")
    if not isinstance(kind, str) or kind not in TARGET_KINDS:
        raise ValidationFailed({"target": f"Send one of: {', '.join(TARGET_KINDS)}."})
    if kind == "tag":
        ident = data.get("name")
        if not isinstance(ident, str):
            raise ValidationFailed({"name": "Send the tag's name as text."})
    elif kind == "post":
        ident = data.get("id")
        if isinstance(ident, bool) or not isinstance(ident, int):
            raise ValidationFailed({"id": "Send the post's id as a whole number."})
    else:
        ident = data.get("name", data.get("id"))
        if isinstance(ident, bool) or not isinstance(ident, int | str):
            raise ValidationFailed({"name": "Send the condition's slug as name, or its id."})
    try:
        return service.target_for(current_api_user(), kind, ident)
    except LookupError:
        raise NotFound(f"There is no {kind} like that.") from None


@bp.put("/watches")
@rate_limited("watch")
@token_required
def set_watch():
    """Set the caller's level on one post, condition or tag; 200 with the watch."""
    data = json_object()
    level = service.level_arg(data.get("level"))
    target = _target(data)
    user = current_api_user()
    service.set_level(user, target, level)
    row = db.session.scalar(
        select(Watch).where(
            Watch.user_id == user.id,
            Watch.target_kind == target.kind,
            Watch.target_key == target.key,
        )
    )
    if row is None:  # normal on a condition or tag: no row kept
        answer = {"target": target.kind, "level": "normal", "updated_at": None}
        answer["id"] = int(target.key) if target.kind != "tag" else None
        answer["name"] = target.key if target.kind == "tag" else _slugs().get(int(target.key))
        return jsonify(watch=answer)
    return jsonify(watch=watch_json(row, _slugs()))
