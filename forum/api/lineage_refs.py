"""A post's ``adapted_from`` in the API's JSON: ``{"id", "title"}`` when the
caller may see the original, ``{"id", "removed": true}`` when not. A listing
reads every original on its page in one statement (:func:`preload`); a single
post reads its own when its JSON is built."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from forum.api.auth import api_viewer
from forum.api.inputs import json_object
from forum.extensions import db
from forum.lineage.service import post_id
from forum.models import Post
from forum.services.errors import ValidationFailed
from forum.visibility import visible_posts_clause


def adapted_from_input() -> int | None:
    """The ``adapted_from`` a client sent: a post id (a whole number), or None."""
    value = json_object().get("adapted_from")
    if value is None:
        return None
    found = post_id(value) if isinstance(value, int) else None
    if found is None:
        raise ValidationFailed(
            {"adapted_from": "Send the id of the post you adapted, a whole number."}
        )
    return found


_REFS = "lineage_refs"  # flask.g: post id -> its "adapted_from" JSON, read once per request


def preload(posts) -> None:
    """Read the ``adapted_from`` of many posts' JSON in one statement (listings)."""
    ids = {p.adapted_from_id for p in posts if p.adapted_from_id} - g.get(_REFS, {}).keys()
    if not ids:
        return
    viewer = api_viewer()
    rows = db.session.execute(
        select(Post.id, Post.title, visible_posts_clause(viewer).label("visible")).where(
            Post.id.in_(ids)
        )
    )
    refs = g.setdefault(_REFS, {})
    for row in rows:
        refs[row.id] = {"id": row.id, "title": row.title} if row.visible else _removed(row.id)
    for missing in ids - refs.keys():
        refs[missing] = _removed(missing)  # the row went with its author's account


def _removed(found_id: int) -> dict:
    return {"id": found_id, "removed": True}


def adapted_from_json(adapted_from_id: int | None) -> dict | None:
    """``{"id", "title"}`` for an original the caller may see, else ``{"id", "removed": true}``."""
    if adapted_from_id is None:
        return None
    if adapted_from_id not in g.get(_REFS, {}):
        preload([_Ref(adapted_from_id)])
    return g.get(_REFS, {}).get(adapted_from_id) or _removed(adapted_from_id)


class _Ref:
    __slots__ = ("adapted_from_id",)

    def __init__(self, adapted_from_id: int) -> None:
        self.adapted_from_id = adapted_from_id
