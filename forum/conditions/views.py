"""Browsing by condition: the catalogue as a tree, and the posts of one condition."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

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
    return render_template(
        "conditions/show.html",
        condition=condition,
        node=tree.node(condition),
        parent=tree.parent(condition),
        kind=kind,
        evidence=evidence,
        page=paginate(stmt, keyset=queries.NEWEST_FIRST, fetch=summary.fetch),
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
