"""Browsing by condition: the catalogue as a tree, and the posts of one condition."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forum.conditions import open_data, working
from forum.conditions.tree import load_tree, published_counts
from forum.pagination import count, paginate
from forum.posts import queries, summary
from forum.posts.unanswered import render_unanswered

bp = Blueprint("conditions", __name__)


@bp.get("")
def index() -> ResponseReturnValue:
    """Every condition, parents with their children, and how many posts each has."""
    return render_template("conditions/index.html", tree=load_tree(), counts=published_counts())


@bp.get("/<slug>")
def show(slug: str) -> ResponseReturnValue:
    """Posts of the condition and of every condition below it, newest first."""
    tree = load_tree()
    condition = tree.by_slug.get(slug) or abort(404)
    kind = queries.kind_arg(request.args.get("kind"))
    evidence = queries.evidence_arg(request.args.get("evidence"))
    condition_ids = tree.subtree_ids(condition)
    stmt = queries.published_posts(kind=kind, condition_ids=condition_ids, evidence=evidence)
    page = paginate(stmt, keyset=queries.NEWEST_FIRST, fetch=summary.fetch)
    return render_template(
        "conditions/show.html",
        condition=condition,
        node=tree.node(condition),
        parent=tree.parent(condition),
        kind=kind,
        evidence=evidence,
        page=page,
        # What's working heads the first page only (two statements, remembered).
        working=None if page.has_prev else working.summarize_condition(condition_ids),
        # Remembered until the next commit, like the listing's own count.
        unanswered=count(queries.unanswered_questions(condition_ids=condition_ids)),
    )


@bp.get("/<slug>/unanswered")
def unanswered(slug: str) -> ResponseReturnValue:
    """Questions about the condition (or one below it) nobody has answered yet,
    so members who know the condition can find them."""
    tree = load_tree()
    condition = tree.by_slug.get(slug) or abort(404)
    return render_unanswered(condition, tree.subtree_ids(condition))


def _export(slug: str) -> tuple:
    """The condition and its export rows, or 404 for a slug not in the catalogue."""
    tree = load_tree()
    condition = tree.by_slug.get(slug) or abort(404)
    found = open_data.rows(
        tree.subtree_ids(condition),
        lambda post_id: url_for("posts.show", post_id=post_id, _external=True),
    )
    return condition, found


def _conditional(response: Response) -> Response:
    # Like the feeds: an ETag, so a client polling an unchanged file gets a 304.
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response.make_conditional(request)


@bp.get("/<slug>/outcomes.csv")
def outcomes_csv(slug: str) -> ResponseReturnValue:
    """Outcome counts per published post, as a CSV download (docs/open-data.md)."""
    condition, found = _export(slug)
    response = Response(open_data.as_csv(found).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{condition.slug}-outcomes.csv"'
    )
    return _conditional(response)


@bp.get("/<slug>/outcomes.json")
def outcomes_json(slug: str) -> ResponseReturnValue:
    """The same counts as JSON, with when, what, the licence and the data dictionary."""
    condition, found = _export(slug)
    document = open_data.as_json(
        found,
        condition=condition,
        condition_url=url_for("conditions.show", slug=condition.slug, _external=True),
        dictionary_url=url_for("about.open_data", _external=True),
    )
    return _conditional(jsonify(document))
