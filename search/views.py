"""``/search`` (the results page) and ``GET /api/v1/search``: one service, two shapes."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from forum.extensions import db
from forum.models import Post
from forum.plugins import json_error, posts_json
from forum.visibility import can_view_post
from search.conditions import vocabulary
from search.query import service
from search.query.params import SORTS, InvalidSearch, SearchParams, parse_params
from search.store import SearchUnavailable

bp = Blueprint("search", __name__)

UNAVAILABLE = "Search is temporarily unavailable. Please try again in a few minutes."


def _params() -> SearchParams:
    return parse_params(
        request.args,
        vocabulary().names,
        default_per_page=current_app.config["SEARCH_PER_PAGE"],
    )


@bp.get("/search")
def results():
    try:
        params = _params()
    except InvalidSearch as exc:
        abort(400, description=" ".join(exc.fields.values()))
    try:
        result = service.search(params)
    except SearchUnavailable:
        current_app.logger.warning("search index unavailable", exc_info=True)
        page = render_template("search/results.html", params=params, result=None, adapted_from=None)
        return page, 503, {"Retry-After": "60"}
    return render_template(
        "search/results.html",
        params=params,
        result=result,
        sorts=SORTS,
        adapted_from=_original(params.adapted_from),
    )


def _original(post_id: int | None) -> Post | None:
    """The post whose adaptations are asked for, if the reader may see it (else the
    page names "a post that was removed", as the lineage tree does)."""
    if post_id is None:
        return None
    post = db.session.get(Post, post_id)
    return post if post is not None and can_view_post(post) else None


@bp.get("/api/v1/search")
def api_search():
    try:
        params = _params()
    except InvalidSearch as exc:
        return json_error(400, "Some search parameters aren't valid.", exc.fields)
    try:
        result = service.search(params)
    except SearchUnavailable:
        current_app.logger.warning("search index unavailable", exc_info=True)
        response, status = json_error(503, UNAVAILABLE)
        response.headers["Retry-After"] = "60"
        return response, status
    return {
        "total": result.total,
        "page": params.page,
        "per_page": params.per_page,
        "results": [
            {"post": shown, "score": hit.score, "highlight": str(hit.highlight)}
            for hit, shown in zip(
                result.hits, posts_json(hit.post for hit in result.hits), strict=True
            )
        ],
        "facets": result.facets,
        "suggestion": result.suggestion,
        "query": result.query,
        "corrected_from": result.corrected_from,
    }
