"""A post's lineage as its reader may see it, read in a fixed number of statements.

:func:`read` answers with nothing, and without a statement, for a post that
adapted nothing and was never adapted (most posts: both facts are columns of
the post). Otherwise one recursive query finds the post it adapted and its
adaptations down to :data:`MAX_DEPTH` levels (at most :data:`MAX_NODES`,
breadth first), each with whether the reader may see it
(``forum.visibility``); the visible ones are read as summaries
(``forum.posts.summary.fetch``, three statements), for their outcome words.

A post the reader may not see keeps its place: it is shown as "A post that
was removed", without its title, and its own adaptations stay under it. A
post still waiting for review that the reader can't see is left out (it was
never public), unless something visible hangs under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_login import current_user
from sqlalchemy import case, literal, select

from forum.extensions import db
from forum.models import Post
from forum.posts import summary
from forum.posts.summary import PostSummary
from forum.visibility import visible_posts_clause

MAX_DEPTH = 3  # children, grandchildren and their adaptations
MAX_NODES = 50


@dataclass(slots=True)
class Node:
    id: int
    post: PostSummary | None  # None: the reader may not see it ("a post that was removed")
    children: list[Node] = field(default_factory=list)

    @property
    def removed(self) -> bool:
        return self.post is None


@dataclass(frozen=True, slots=True)
class Lineage:
    adapted_from: Node | None  # the post this one adapted (no children here)
    adaptations: tuple[Node, ...]  # its adaptations, each with theirs
    count: int  # its published adaptations (``Post.adaptation_count``)
    more: bool  # the tree had more than MAX_NODES posts: the rest are in search

    @property
    def shown(self) -> int:
        def size(nodes) -> int:
            return sum(1 + size(n.children) for n in nodes)

        return size(self.adaptations)


def has_lineage(post: Post | PostSummary) -> bool:
    return post.adapted_from_id is not None or bool(post.adaptation_count)


def read(post: Post | PostSummary, viewer=None) -> Lineage | None:
    """``post``'s lineage as ``viewer`` (the current user) may see it, or None."""
    if not has_lineage(post):
        return None
    viewer = viewer or current_user
    rows = db.session.execute(_statement(post, viewer)).all()
    visible_ids = [row.id for row in rows if row.visible]
    found = {}
    if visible_ids:
        found = {s.id: s for s in summary.fetch(select(Post).where(Post.id.in_(visible_ids)))}
    adapted_from, nodes, more = None, {}, len(rows) > MAX_NODES + (post.adapted_from_id is not None)
    for row in rows:
        if row.depth == 0:
            adapted_from = Node(row.id, found.get(row.id))
        elif len(nodes) < MAX_NODES:
            nodes[row.id] = (Node(row.id, found.get(row.id)), row.parent_id, row.status)
    top = []
    # Deepest first, so a node knows whether anything visible hangs under it.
    for node, parent_id, status in reversed(list(nodes.values())):
        if node.removed and status == "pending" and not node.children:
            continue  # never public, and nothing under it to place
        node.children.reverse()  # built deepest-first: put them back in their order
        if parent_id == post.id:
            top.append(node)
        elif parent_id in nodes:
            nodes[parent_id][0].children.append(node)
    top.reverse()
    return Lineage(adapted_from, tuple(top), post.adaptation_count or 0, more)


def _statement(post: Post | PostSummary, viewer):
    """The post it adapted (depth 0) and its adaptations (depth 1..MAX_DEPTH),
    breadth first, oldest first at each level, with whether ``viewer`` may see each."""
    is_parent = Post.id == post.adapted_from_id if post.adapted_from_id is not None else None
    anchor_where = Post.adapted_from_id == post.id
    depth = literal(1)
    if is_parent is not None:
        anchor_where = anchor_where | is_parent
        depth = case((is_parent, 0), else_=1)
    tree = (
        select(Post.id.label("id"), Post.adapted_from_id.label("parent_id"), depth.label("depth"))
        .where(anchor_where)
        .cte("lineage", recursive=True)
    )
    tree = tree.union_all(
        select(Post.id, Post.adapted_from_id, tree.c.depth + 1).where(
            Post.adapted_from_id == tree.c.id, tree.c.depth >= 1, tree.c.depth < MAX_DEPTH
        )
    )
    visible = case((visible_posts_clause(viewer), True), else_=False)
    return (
        select(tree.c.id, tree.c.parent_id, tree.c.depth, Post.status, visible.label("visible"))
        .join(Post, Post.id == tree.c.id)
        .order_by(tree.c.depth, Post.created_at, Post.id)
        .limit(MAX_NODES + 2)
    )
