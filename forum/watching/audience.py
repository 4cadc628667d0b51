"""Who hears about a post, and how loudly: the watch levels resolved for one post.

The fan-out (``forum.notify.fanout``) asks once per event; the answer is one
query over ``watches`` whatever the number of watchers, using the
``(target_kind, target_key, level)`` index. The rules are the module doc's of
``forum.models.watch``: a level on the post itself wins; otherwise ``muted``
on any of its conditions (with their ancestors: watching "IBD" covers
"Crohn's disease") or tags wins; otherwise the loudest.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select

from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.models import LEVEL_RANK, Post, Watch


def post_targets(post: Post) -> list[tuple[str, str]]:
    """``(target_kind, target_key)`` for the post, its conditions with their ancestors, its tags."""
    tree = load_tree()
    condition_ids: set[int] = set()
    for condition in post.conditions:
        entry = tree.by_slug.get(condition.slug)
        while entry is not None and entry.id not in condition_ids:
            condition_ids.add(entry.id)
            entry = tree.parent(entry)
    targets = [("post", str(post.id))]
    targets += [("condition", str(cid)) for cid in sorted(condition_ids)]
    targets += [("tag", tag.name) for tag in post.tags]
    return targets


def levels_for_post(
    post: Post, *, post_only: bool = False, watching_since: datetime | None = None
) -> dict[int, str]:
    """``{user_id: level}`` for every member with a watch that covers ``post``.

    ``post_only``: only watches on the post itself (a comment's audience is the
    post's watchers *and* those of its conditions and tags; pass False).
    Members without any covering watch are absent: they are at ``normal``.
    ``watching_since``: a watch or track set after that moment doesn't count
    (news of an event goes to who watched when it happened, not to who started
    watching before the worker came round); a mute counts whenever it was set.
    """
    targets = [("post", str(post.id))] if post_only else post_targets(post)
    by_kind: dict[str, list[str]] = {}
    for kind, key in targets:
        by_kind.setdefault(kind, []).append(key)
    clauses = [
        and_(Watch.target_kind == kind, Watch.target_key.in_(keys))
        for kind, keys in by_kind.items()
    ]
    rows = db.session.execute(
        select(Watch.user_id, Watch.target_kind, Watch.level, Watch.created_at).where(or_(*clauses))
    )
    on_post: dict[int, str] = {}
    around: dict[int, str] = {}
    for user_id, kind, level, created_at in rows:
        if level != "muted" and watching_since is not None and created_at > watching_since:
            continue
        if kind == "post":
            on_post[user_id] = level
        elif user_id not in around or _louder_or_muted(level, around[user_id]):
            around[user_id] = level
    return around | on_post


def _louder_or_muted(level: str, current: str) -> bool:
    if current == "muted":
        return False
    return level == "muted" or LEVEL_RANK[level] > LEVEL_RANK[current]
