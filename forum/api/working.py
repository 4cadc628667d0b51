"""What's working for a condition through the API (``GET /api/v1/conditions/<slug>/summary``):
the numbers and ranking of the summary on the condition's page (forum.conditions.working)."""

from __future__ import annotations

from flask import jsonify, url_for
from werkzeug.exceptions import NotFound

from forum.api.views import bp
from forum.conditions import working
from forum.conditions.tree import load_tree


def _ranked_json(post: working.RankedPost) -> dict:
    return {
        "id": post.id,
        "url": url_for("posts.show", post_id=post.id, _external=True),
        "title": post.title,
        "kind": post.kind,
        "evidence_level": post.evidence_level,
        "adaptation_count": post.adaptation_count,
        "outcomes": {**dict(post.counts), "total": post.total},
        "worked_or_partly": post.worked_or_partly,
        "lower_bound": round(post.lower_bound, 4),
    }


@bp.get("/conditions/<slug>/summary")
def condition_summary(slug: str):
    """What's working for the condition and every condition below it (published posts only)."""
    tree = load_tree()
    condition = tree.by_slug.get(slug)
    if condition is None:
        raise NotFound("There is no condition with that slug (see /api/v1/conditions).")
    found = working.summarize_condition(tree.subtree_ids(condition))
    return jsonify(
        condition={"slug": condition.slug, "name": condition.name},
        reporters=found.reporters,
        outcomes={**dict(found.counts), "total": found.reports},
        still_working={
            "months": working.DURABLE_MONTHS,
            "still_using": found.still_using,
            "answered": found.asked,
        },
        most_reported_to_work=[_ranked_json(p) for p in found.working],
        most_adapted=[_ranked_json(p) for p in found.adapted],
        tested_change_ideas=[_ranked_json(p) for p in found.tested],
        open_data={
            "csv": url_for("conditions.outcomes_csv", slug=condition.slug, _external=True),
            "json": url_for("conditions.outcomes_json", slug=condition.slug, _external=True),
        },
    )
