"""What "Hide posts from muted conditions and tags from my latest" leaves out
of a member's latest posts, as one SQL condition.

The precedence is the watches' own (``forum.models.watch``): a post the member
muted is left out; a post they set any other level on stays, whatever its
conditions and tags; otherwise a muted condition (or one above it: muting
"IBD" covers Crohn's) or a muted tag leaves it out.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, and_, cast, false, or_, select

from forum.conditions.tree import ConditionTree
from forum.extensions import db
from forum.models import Post, PostTag, User, Watch, post_conditions


def muted_for(user: User, tree: ConditionTree) -> ColumnElement[bool]:
    """True for the posts ``user``'s mutes leave out of their latest."""
    rows = db.session.execute(
        select(Watch.target_kind, Watch.target_key).where(
            Watch.user_id == user.id,
            Watch.level == "muted",
            Watch.target_kind.in_(("condition", "tag")),
        )
    ).all()
    by_id = {c.id: c for c in tree.by_slug.values()}
    condition_ids: set[int] = set()
    tags = []
    for kind, key in rows:
        if kind == "tag":
            tags.append(key)
        elif key.isdigit() and int(key) in by_id:
            condition_ids.update(tree.subtree_ids(by_id[int(key)]))
    own = and_(
        Watch.user_id == user.id,
        Watch.target_kind == "post",
        Watch.target_key == cast(Post.id, String),
    )
    post_muted = select(Watch.id).where(own, Watch.level == "muted").exists()
    post_chosen = select(Watch.id).where(own, Watch.level != "muted").exists()
    around = []
    if condition_ids:
        around.append(
            select(post_conditions.c.post_id)
            .where(
                post_conditions.c.post_id == Post.id,
                post_conditions.c.condition_id.in_(sorted(condition_ids)),
            )
            .exists()
        )
    if tags:
        around.append(
            select(PostTag.post_id)
            .where(PostTag.post_id == Post.id, PostTag.name.in_(tags))
            .exists()
        )
    muted_around = and_(or_(*around), ~post_chosen) if around else false()
    return or_(post_muted, muted_around)
