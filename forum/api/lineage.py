"""Lineage through the API: a post's ``adapted_from`` in its JSON, adapting on
``POST /api/v1/posts`` (``adapted_from``, ``adaptation_note``, ``copy``), and
``GET /api/v1/posts/<id>/adaptations``, the tree its page shows."""

from __future__ import annotations

from flask import jsonify, url_for

from forum.api.auth import api_viewer, visible_post_or_404
from forum.api.lineage_refs import adapted_from_json
from forum.api.views import POST_ID, bp
from forum.lineage import tree


def _node_json(node: tree.Node) -> dict:
    if node.removed:
        return {
            "id": node.id,
            "removed": True,
            "adaptations": [_node_json(c) for c in node.children],
        }
    post = node.post
    return {
        "id": node.id,
        "title": post.title,
        "kind": post.kind,
        "url": url_for("posts.show", post_id=node.id, _external=True),
        "outcomes": post.outcomes,
        "outcome_words": post.outcome_words,
        "durability": post.durability_short,
        "adaptations": [_node_json(c) for c in node.children],
    }


@bp.get(f"/posts/{POST_ID}/adaptations")
def adaptations(post_id: int):
    """The post's adaptations as its page shows them: up to three levels, at most
    fifty posts; a post the caller may not see is ``{"id", "removed": true}``."""
    post = visible_post_or_404(post_id)
    lineage = tree.read(post, api_viewer())
    return jsonify(
        post_id=post.id,
        adapted_from=adapted_from_json(post.adapted_from_id),
        adaptation_count=post.adaptation_count,
        adaptations=[_node_json(n) for n in lineage.adaptations] if lineage else [],
        more=bool(lineage and lineage.more),
    )
