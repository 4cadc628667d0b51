"""Posts suggested to a member from "my conditions" (their profile).

The home page shows a few under "For your conditions": the newest published
posts, by others, about any of the member's conditions or the conditions
filed under them in the catalogue (a member with IBD hears about Crohn's).
"""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.models import Post, user_conditions
from forum.posts import queries, summary
from forum.posts.summary import PostSummary

SUGGESTED = 5


def posts_for_your_conditions(limit: int = SUGGESTED) -> list[PostSummary]:
    """Up to ``limit`` posts for the signed-in member's conditions; [] for visitors
    and members without conditions (one query for them, four with conditions)."""
    if not current_user.is_authenticated:
        return []
    mine = db.session.scalars(
        select(user_conditions.c.condition_id).where(user_conditions.c.user_id == current_user.id)
    ).all()
    if not mine:
        return []
    tree = load_tree()
    by_id = {node.condition.id: node.condition for node in tree.walk()}
    wanted = {i for c in mine if c in by_id for i in tree.subtree_ids(by_id[c])}
    if not wanted:
        return []
    stmt = queries.published_posts(condition_ids=sorted(wanted))
    return summary.fetch(stmt.where(Post.author_id != current_user.id).limit(limit))
