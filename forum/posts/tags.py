"""A tag's page, ``/tags/<tag>``: the published posts carrying it, newest first,
paged like the home page, with the control to watch the tag. A tag no
published post carries is a 404; a tag written another way ("Night Feeds")
is sent on to its one address (night-feeds)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from forum.pagination import paginate
from forum.posts import queries, summary
from forum.services.watching import tag_in_use, tag_name

bp = Blueprint("tags", __name__)


@bp.get("/tags/<tag>")
def show(tag: str) -> ResponseReturnValue:
    name = tag_name(tag)
    if name is None or not tag_in_use(name):
        abort(404)
    if name != tag:
        args = {k: v for k, v in request.args.items() if k != "tag"}
        return redirect(url_for("tags.show", tag=name, **args), 301)
    kind = queries.kind_arg(request.args.get("kind"))
    stmt = queries.published_posts(kind=kind, tag=name)
    page = paginate(stmt, keyset=queries.NEWEST_FIRST, fetch=summary.fetch)
    return render_template("posts/tag.html", tag=name, kind=kind, page=page)
