"""Browsing by condition: the catalogue as a tree, and the posts of one condition."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from forum.conditions.tree import load_tree, published_counts
from forum.pagination import paginate
from forum.posts import queries, summary

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
    stmt = queries.published_posts(kind=kind, condition_ids=tree.subtree_ids(condition))
    return render_template(
        "conditions/show.html",
        condition=condition,
        node=tree.node(condition),
        parent=tree.parent(condition),
        kind=kind,
        page=paginate(stmt, keyset=queries.NEWEST_FIRST, fetch=summary.fetch),
    )
