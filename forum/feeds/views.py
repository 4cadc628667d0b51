"""The forum's Atom feeds, one beside each page it follows.

- ``/feeds/latest.atom``: the latest posts (the home page), ``?kind=`` as there;
- ``/conditions/<slug>/feed.atom``: a condition's posts and its children's, ``?kind=``;
- ``/tags/<tag>/feed.atom``: posts with the tag, ``?kind=``;
- ``/posts/<id>/comments.atom``: a post's comments;
- ``/users/<username>/posts.atom``: a member's posts.

(Search's feed, ``/search/feed.atom``, is search's own: ``search/feeds.py``.)

Only what everyone may read, whoever asks (``forum.feeds.atom``), through the
same queries as the pages; what doesn't exist or isn't public is a 404, as its
page would be for a reader who isn't signed in.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import exists, select

from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.feeds.atom import ANYONE, ENTRIES, atom_response, comment_entries, post_entries
from forum.models import KINDS, Comment, Post, PostTag
from forum.posts import queries, summary
from forum.services import accounts
from forum.visibility import visible_comments_clause

bp = Blueprint("feeds", __name__)

SITE = "Middle Ground"


def _posts(stmt) -> list:
    """The newest :data:`ENTRIES` posts ``stmt`` selects, with their sanitized HTML."""
    return post_entries(summary.fetch(stmt.limit(ENTRIES), text=summary.HTML))


def _kind() -> str | None:
    return queries.kind_arg(request.args.get("kind"))


def _titled(words: str, kind: str | None) -> str:
    return f"{words} ({KINDS[kind]}) · {SITE}" if kind else f"{words} · {SITE}"


@bp.get("/feeds/latest.atom")
def latest() -> ResponseReturnValue:
    """The latest published posts, as on the home page."""
    kind = _kind()
    return atom_response(
        title=_titled("Latest posts", kind),
        subtitle="What patients, families and clinicians shared most recently.",
        self_url=url_for("feeds.latest", kind=kind, _external=True),
        page_url=url_for("posts.home", kind=kind, _external=True),
        entries=_posts(queries.published_posts(kind=kind)),
    )


@bp.get("/conditions/<slug>/feed.atom")
def condition(slug: str) -> ResponseReturnValue:
    """The condition page's posts: the condition's and those of every condition below it."""
    tree = load_tree()
    found = tree.by_slug.get(slug) or abort(404)
    kind = _kind()
    stmt = queries.published_posts(kind=kind, condition_ids=tree.subtree_ids(found))
    return atom_response(
        title=_titled(found.name, kind),
        subtitle=f"New posts about {found.name} on {SITE}.",
        self_url=url_for("feeds.condition", slug=found.slug, kind=kind, _external=True),
        page_url=url_for("conditions.show", slug=found.slug, kind=kind, _external=True),
        entries=_posts(stmt),
    )


@bp.get("/tags/<tag>/feed.atom")
def tag(tag: str) -> ResponseReturnValue:
    """Published posts with the tag; a tag no published post has is a 404.
    Another spelling of a tag ("Night Feeds") is sent on to the tag's own feed."""
    found = queries.tag_arg(tag) or abort(404)
    kind = _kind()
    if found != tag:
        return redirect(url_for("feeds.tag", tag=found, kind=kind), 301)
    public = select(PostTag.post_id).join(Post, Post.id == PostTag.post_id)
    if not db.session.scalar(
        select(exists(public.where(PostTag.name == found, Post.status == "published")))
    ):
        abort(404)
    return atom_response(
        title=_titled(f"Posts tagged #{found}", kind),
        self_url=url_for("feeds.tag", tag=found, kind=kind, _external=True),
        page_url=url_for("tags.show", tag=found, kind=kind, _external=True),
        entries=_posts(queries.published_posts(kind=kind, tag=found)),
    )


@bp.get("/posts/<int:post_id>/comments.atom")
def comments(post_id: int) -> ResponseReturnValue:
    """A published post's latest published comments, newest first."""
    post = queries.visible_post_or_404(post_id, ANYONE)
    stmt = (
        select(Comment)
        .where(Comment.post_id == post.id, visible_comments_clause(ANYONE))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(ENTRIES)
    )
    return atom_response(
        title=f"Comments on “{post.title}” · {SITE}",
        self_url=url_for("feeds.comments", post_id=post.id, _external=True),
        page_url=url_for("posts.show", post_id=post.id, _external=True),
        entries=comment_entries(post, db.session.scalars(stmt)),
        updated=post.created_at,
    )


@bp.get("/users/<username>/posts.atom")
def member(username: str) -> ResponseReturnValue:
    """A member's published posts, newest first (their profile lists the same)."""
    user = accounts.find_member(username) or abort(404)
    if user.username != username:
        return redirect(url_for("feeds.member", username=user.username), 301)
    stmt = queries.published_posts().where(Post.author_id == user.id)
    return atom_response(
        title=f"Posts by {user.username} · {SITE}",
        self_url=url_for("feeds.member", username=user.username, _external=True),
        page_url=url_for("users.profile", username=user.username, _external=True),
        entries=_posts(stmt),
        updated=user.created_at,
    )
